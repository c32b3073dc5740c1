import { describe, expect, it } from 'vitest';
import { countWords, WORD_PATTERN } from './word-count.ts';

const byPattern = (text: string) => text.match(WORD_PATTERN)?.length ?? 0;

describe('countWords', () => {
  it('counts words joined by an apostrophe or a hyphen once', () => {
    expect(countWords("Don't use state-of-the-art baselines’ numbers")).toBe(5);
    expect(countWords('a--b a- -b it’s')).toBe(5);
    expect(countWords('')).toBe(0);
    expect(countWords('   \n\t ')).toBe(0);
  });

  it('counts letters and digits beyond ASCII, astral ones included', () => {
    expect(countWords('Sørensen et al. (2019) über ×3 données 𝔘𝔫𝔦 ١٢٣ 日本語')).toBe(byPattern('Sørensen et al. (2019) über ×3 données 𝔘𝔫𝔦 ١٢٣ 日本語'));
    expect(countWords('x\uD800y')).toBe(2); // a lone surrogate is not a letter
  });

  it('agrees with the pattern on random text', () => {
    const alphabet = ['a', 'Z', '0', '9', "'", '’', '-', ' ', '\n', '.', ',', 'é', 'ß', '中', '𝔘', '\uD800', '\uDC00', '_', '—', '٣', '#', '[', ']'];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(countWords(text), JSON.stringify(text)).toBe(byPattern(text));
    }
  });
});
