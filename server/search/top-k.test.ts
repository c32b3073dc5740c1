import { describe, expect, it } from 'vitest';
import { topByScore, topK } from './top-k.ts';

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

describe('topByScore', () => {
  it('gives the same first k as a full sort by score then tie order, with few or very many ties', () => {
    let seed = 11;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    // Few distinct scores (ties at every threshold), distinct scores, and nearly all zero.
    for (const scoreOf of [() => Math.floor(rand() * 5), () => rand(), () => (rand() < 0.01 ? rand() : 0)]) {
      const n = 5000;
      const scores = Float64Array.from({ length: n }, scoreOf);
      const names = Array.from({ length: n }, () => Math.floor(rand() * 1e6).toString(36));
      const ties = (a: number, b: number) => (names[a] as string).localeCompare(names[b] as string) || a - b;
      const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || ties(a, b));
      for (const k of [1, 20, 100, 1250, 1251, 5000, 6000]) expect(topByScore(scores, n, k, ties)).toEqual(sorted.slice(0, k));
      // Only the first n scores count.
      expect(topByScore(scores, 10, 3, ties)).toEqual(sorted.filter((i) => i < 10).slice(0, 3));
    }
    expect(topByScore(new Float64Array(0), 0, 5, () => 0)).toEqual([]);
  });
});
