import { describe, expect, it } from 'vitest';
import { bestPassage, bestPassageAmong } from './snippet.ts';

const term = (word: string, prefix = false) => ({ word, prefix });

describe('bestPassage', () => {
  it('marks whole words only, letters beyond the Basic Multilingual Plane included, and escapes the rest', () => {
    expect(bestPassage('The 𝛼beta model & <friends>', [term('𝛼beta')]).html).toBe('The <mark>𝛼beta</mark> model &amp; &lt;friends');
    // An emoji or a lone surrogate is not part of a word: it splits words around it.
    expect(bestPassage('a🙂b agents', [term('b')]).html).toBe('a🙂<mark>b</mark> agents');
    expect(bestPassage('x\uD800y reward', [term('y')]).html).toBe('x\uD800<mark>y</mark> reward');
    // Not inside a longer word, unless the word is a prefix.
    expect(bestPassage('rewards and reward', [term('reward')]).html).toBe('rewards and <mark>reward</mark>');
    expect(bestPassage('rewards and reward', [term('rew', true)]).html).toBe('<mark>rewards</mark> and <mark>reward</mark>');
    // Accented words are matched by their folded form, and keep their accents.
    expect(bestPassage('Gödel and Müller wrote', [term('muller')]).html).toBe('Gödel and <mark>Müller</mark> wrote');
  });

  it('shows the window with the most distinct query words, centred on them, with ellipses where text is cut', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    const text = `${filler(40)} reward alone ${filler(40)} reward hacking together ${filler(40)}`;
    const passage = bestPassage(text, [term('reward'), term('hacking')]);
    expect(passage.html).toContain('<mark>reward</mark> <mark>hacking</mark> together');
    expect(passage.html.startsWith('…')).toBe(true);
    expect(passage.html.endsWith('…')).toBe(true);
    expect(passage.html.split(' ').length).toBeLessThanOrEqual(32);
  });

  it('finds the passage in the section that holds it, and never across two sections', () => {
    const text = 'Intro about nothing\nMethod\nWe measure reward here\nResults\nhacking shows up here';
    const sections = [
      { start: 0, end: 20 },
      { start: 27, end: 50 },
      { start: 58, end: text.length },
    ];
    const passage = bestPassageAmong(text, sections, [term('reward'), term('hacking')]);
    expect(passage.section).toBe(1);
    expect(passage.html).toBe('We measure <mark>reward</mark> here');
    // No query word anywhere: the opening words of the first section with text.
    expect(bestPassageAmong(text, [{ start: 0, end: 0 }, ...sections], [term('absent')])).toMatchObject({ section: 1, matched: false });
  });
});
