import { describe, expect, it } from 'vitest';
import type { ShortFields } from './fts.ts';
import { FuzzyIndex } from './fuzzy.ts';

const titled = (rowid: number, title: string): ShortFields => ({ rowid, title, aliases: '', authors: '', tags: '', ids: '' });

describe('FuzzyIndex.search', () => {
  const index = new FuzzyIndex();
  index.load([titled(1, 'GPT4o system card'), titled(2, 'Model editing at scale'), titled(3, 'Modes of failure'), titled(4, 'Reward hacking')]);
  const rowids = (words: string[], lastIsPrefix: boolean, asTyped?: ReadonlySet<string>) =>
    index
      .search(words, lastIsPrefix, asTyped)
      .map((hit) => hit.rowid)
      .sort();

  it('completes the last word typed, also after a word made of letters and digits', () => {
    expect(rowids(['gpt4'], true)).toEqual([1]);
    // The parts of `gpt4` come after the words: the word being typed is still `sys`.
    expect(rowids(['gpt4', 'sys'], true)).toEqual([1]);
    expect(rowids(['gpt4', 'sys'], false)).toEqual([]);
  });

  it('tolerates a typo, except in words given as already corrected', () => {
    // `mode` is no title's word: one edit away are `model` and `modes`.
    expect(rowids(['mode'], false)).toEqual([2, 3]);
    expect(rowids(['mode'], false, new Set(['mode']))).toEqual([]);
  });
});
