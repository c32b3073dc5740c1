import { describe, expect, it } from 'vitest';
import { mergeWords, prefixRange } from './sorted-words.ts';

describe('mergeWords', () => {
  it('gives the words in code-unit order, without those leaving and with those entering', () => {
    const sorted = ['alignment', 'model', 'models', 'oversight', 'reward', 'Émile'.toLowerCase()].sort();
    const entering = ['agent', 'modal', 'zebra', 'überwachung', 'mode'].sort();
    const leaving = new Set(['models', 'reward']);
    const merged = mergeWords(sorted, entering, leaving);
    expect(merged).toEqual([...sorted.filter((w) => !leaving.has(w)), ...entering].sort());
    expect(merged.slice(prefixRange(merged, 'mod').start, prefixRange(merged, 'mod').end)).toEqual(['modal', 'mode', 'model']);
  });
});
