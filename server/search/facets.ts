/**
 * Facet counts over a whole result set. A common word matches most of the
 * vault, so counting must cost little per document: each document carries its
 * type, year and tags as small integers (interned once, when it is loaded),
 * and a count is a pass over typed-array counters.
 */
import type { DocAttributes } from './attributes.ts';

export interface Facets {
  type: Record<string, number>;
  tags: { tag: string; count: number }[];
  year: Record<string, number>;
  verdict: Record<string, number>;
}

const TOP_TAGS = 20;
type Category = 'type' | 'year' | 'tag';

export class FacetKeys {
  private readonly ids = new Map<string, number>();
  private readonly values: { category: Category; value: string }[] = [];

  /** The keys of a document's type, year and tags. */
  keysOf(doc: Pick<DocAttributes, 'type' | 'year' | 'tags'>): Int32Array {
    const keys = [this.intern('type', doc.type)];
    if (doc.year !== null) keys.push(this.intern('year', String(doc.year)));
    for (const tag of new Set(doc.tags)) keys.push(this.intern('tag', tag));
    return Int32Array.from(keys);
  }

  count(docs: readonly DocAttributes[]): Facets {
    const tally = this.tally();
    for (const attrs of docs) tally.add(attrs);
    return tally.facets();
  }

  /** A count to add documents to one by one (while they are at hand), then read. */
  tally(): { add: (attrs: DocAttributes) => void; facets: () => Facets } {
    const counts = new Int32Array(this.values.length);
    const verdicts = new Map<string, number>();
    return {
      add: (attrs) => {
        const keys = attrs.facetKeys;
        for (let i = 0; i < keys.length; i++) counts[keys[i] as number] = (counts[keys[i] as number] as number) + 1;
        // Verdicts follow the replication logs and change in place: few documents have one.
        if (attrs.verdict) verdicts.set(attrs.verdict, (verdicts.get(attrs.verdict) ?? 0) + 1);
      },
      facets: () => this.facetsOf(counts, verdicts),
    };
  }

  private facetsOf(counts: Int32Array, verdicts: Map<string, number>): Facets {
    const byCategory: Record<Category, [string, number][]> = { type: [], year: [], tag: [] };
    counts.forEach((n, id) => {
      if (n === 0) return;
      const { category, value } = this.values[id] as { category: Category; value: string };
      byCategory[category].push([value, n]);
    });
    // Most frequent first, then by name (years read in order anyway: numeric keys keep their numeric order).
    const ranked = (entries: [string, number][]) => entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return {
      type: Object.fromEntries(ranked(byCategory.type)),
      year: Object.fromEntries(byCategory.year),
      verdict: Object.fromEntries(ranked([...verdicts])),
      tags: ranked(byCategory.tag)
        .slice(0, TOP_TAGS)
        .map(([tag, count]) => ({ tag, count })),
    };
  }

  private intern(category: Category, value: string): number {
    const key = `${category}\u0000${value}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push({ category, value });
    }
    return id;
  }
}
