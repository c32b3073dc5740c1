import { describe, expect, it } from 'vitest';
import { editDistance, fold, words } from './text.ts';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('reward', 'reward', 2)).toBe(0);
    expect(editDistance('rewrd', 'reward', 2)).toBe(1);
    expect(editDistance('rewards', 'reward', 2)).toBe(1);
    expect(editDistance('rexard', 'reward', 2)).toBe(1);
    expect(editDistance('sleper', 'sleeper', 2)).toBe(1);
    // A transposition is two edits.
    expect(editDistance('rewadr', 'reward', 2)).toBe(2);
    expect(editDistance('', 'abc', 3)).toBe(3);
  });

  it('stops at max + 1 once the words are further apart than that', () => {
    expect(editDistance('alignment', 'attention', 2)).toBe(3);
    expect(editDistance('ab', 'abcdef', 2)).toBe(3);
  });

  it('gives the same answers on long words and after them (its buffers grow and are reused)', () => {
    const long = 'pseudofluxigraphics'.repeat(8);
    expect(editDistance(long, `${long}x`, 2)).toBe(1);
    expect(editDistance(long, long.replace('x', 'y'), 2)).toBe(1);
    expect(editDistance('model', 'modle', 2)).toBe(2);
    expect(editDistance('Müller', 'Muller', 2)).toBe(1);
  });
});

describe('fold and words', () => {
  it('strips Latin diacritics and keeps other scripts as written', () => {
    expect(fold('Müller Gödel café')).toBe('muller godel cafe');
    expect(words('Йод и σοφία, ŁÓDŹ')).toEqual(['йод', 'и', 'σοφία', 'łodz']);
  });
});
