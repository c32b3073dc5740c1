import { describe, expect, it } from 'vitest';
import { topK } from './top-k.ts';

describe('topK', () => {
  const byScoreThenName = (a: { s: number; n: string }, b: { s: number; n: string }) => b.s - a.s || a.n.localeCompare(b.n);

  it('gives the same first k as a full sort, for every k, with ties broken by the comparator', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const items = Array.from({ length: 3000 }, (_, i) => ({ s: Math.floor(rand() * 50), n: `doc-${i}` }));
    const sorted = [...items].sort(byScoreThenName);
    for (const k of [1, 2, 20, 100, 749, 750, 751, 3000, 5000]) expect(topK(items, k, byScoreThenName)).toEqual(sorted.slice(0, k));
  });

  it('returns nothing for k = 0 and leaves its input untouched', () => {
    const items = [
      { s: 1, n: 'b' },
      { s: 2, n: 'a' },
    ];
    expect(topK(items, 0, byScoreThenName)).toEqual([]);
    topK(items, 1, byScoreThenName);
    expect(items.map((i) => i.n)).toEqual(['b', 'a']);
  });
});
