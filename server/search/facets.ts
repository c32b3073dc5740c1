/**
 * Facet counts over a whole result set. A common word matches most of the
 * vault, so counting must cost little per document: each document's type,
 * year and tags are small integers (interned once, when it is loaded), packed
 * by rowid in one typed array (`FacetTable`), and a count is a pass over
 * typed-array counters. Read from each document's own object instead, the
 * same count cost ~0.2 µs a document at 50k notes, most of it fetching them.
 */
import type { DocAttributes } from './attributes.ts';

export interface Facets {
  type: Record<string, number>;
  tags: { tag: string; count: number }[];
  year: Record<string, number>;
  verdict: Record<string, number>;
}

const TOP_TAGS = 20;
/** `localeCompare`'s order (the default collation), through one collator made once. */
const byName = new Intl.Collator();
type Category = 'type' | 'year' | 'tag';

export class FacetKeys {
  /**
   * Keys by value, a map per category (years by number): a key made of category and value was a
   * new string to hash for each of a document's facets, ~0.8 µs each (37 ms of a warm start at 10k notes).
   */
  private readonly ids = { type: new Map<string, number>(), year: new Map<number, number>(), tag: new Map<string, number>() };
  private readonly values: { category: Category; value: string }[] = [];

  /** The keys of a document's type, year and tags. */
  keysOf(doc: Pick<DocAttributes, 'type' | 'year' | 'tags'>): Int32Array {
    const tags = doc.tags.length > 1 ? [...new Set(doc.tags)] : doc.tags;
    const keys = new Int32Array(1 + (doc.year === null ? 0 : 1) + tags.length);
    let n = 0;
    keys[n++] = this.intern(this.ids.type, 'type', doc.type, doc.type);
    if (doc.year !== null) keys[n++] = this.intern(this.ids.year, 'year', doc.year, String(doc.year));
    for (const tag of tags) keys[n++] = this.intern(this.ids.tag, 'tag', tag, tag);
    return keys;
  }

  /** The keys of one category whose value passes `test`, as a flag by key. */
  keysWhere(category: Category, test: (value: string) => boolean): Uint8Array {
    const wanted = new Uint8Array(this.values.length);
    this.values.forEach((v, key) => {
      if (v.category === category && test(v.value)) wanted[key] = 1;
    });
    return wanted;
  }

  /** How many keys there are: the size of a count array. */
  get size(): number {
    return this.values.length;
  }

  /** The facets from counts by key and counts by verdict. */
  facets(counts: Int32Array, verdicts: Map<string, number>): Facets {
    const byCategory: Record<Category, [string, number][]> = { type: [], year: [], tag: [] };
    counts.forEach((n, id) => {
      if (n === 0) return;
      const { category, value } = this.values[id] as { category: Category; value: string };
      byCategory[category].push([value, n]);
    });
    // Most frequent first, then by name (years read in order anyway: numeric keys keep their numeric order).
    const ranked = (entries: [string, number][]) => entries.sort((a, b) => b[1] - a[1] || byName.compare(a[0], b[0]));
    return {
      type: Object.fromEntries(ranked(byCategory.type)),
      year: Object.fromEntries(byCategory.year),
      verdict: Object.fromEntries(ranked([...verdicts])),
      tags: ranked(byCategory.tag)
        .slice(0, TOP_TAGS)
        .map(([tag, count]) => ({ tag, count })),
    };
  }

  private intern<K>(ids: Map<K, number>, category: Category, key: K, value: string): number {
    let id = ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      ids.set(key, id);
      this.values.push({ category, value });
    }
    return id;
  }
}

/** Keys a document keeps in the packed table; one with more tags is kept aside. */
const WIDTH = 6;

/** Every document's facet keys and verdict, by rowid. */
export class FacetTable {
  private slots = new Int32Array(0);
  private keyCounts = new Uint8Array(0);
  private readonly wide = new Map<number, Int32Array>();
  /** Verdict by rowid, as its index in `verdictNames` plus one (0: none). */
  private verdicts = new Int32Array(0);
  private readonly verdictIds = new Map<string, number>();
  private readonly verdictNames: string[] = [];

  constructor(private readonly keys: FacetKeys) {}

  set(rowid: number, keys: Int32Array, verdict: string | null): void {
    this.ensureRoom(rowid + 1);
    this.wide.delete(rowid);
    if (keys.length > WIDTH) {
      this.wide.set(rowid, keys);
      this.keyCounts[rowid] = 255;
    } else {
      this.slots.set(keys, rowid * WIDTH);
      this.keyCounts[rowid] = keys.length;
    }
    this.setVerdict(rowid, verdict);
  }

  delete(rowid: number): void {
    if (rowid >= this.keyCounts.length) return;
    this.keyCounts[rowid] = 0;
    this.verdicts[rowid] = 0;
    this.wide.delete(rowid);
  }

  /** Verdicts follow the replication logs and change in place. */
  setVerdict(rowid: number, verdict: string | null): void {
    if (rowid >= this.verdicts.length) return;
    let id = 0;
    if (verdict) {
      id = this.verdictIds.get(verdict) ?? 0;
      if (id === 0) {
        this.verdictNames.push(verdict);
        id = this.verdictNames.length;
        this.verdictIds.set(verdict, id);
      }
    }
    this.verdicts[rowid] = id;
  }

  /** Whether a document has one of the `wanted` keys (see `FacetKeys.keysWhere`). */
  hasAnyKey(rowid: number, wanted: Uint8Array): boolean {
    const keyCount = this.keyCounts[rowid] ?? 0;
    if (keyCount === 255) return (this.wide.get(rowid) ?? []).some((key) => wanted[key] === 1);
    for (let j = rowid * WIDTH, end = j + keyCount; j < end; j++) if (wanted[this.slots[j] as number] === 1) return true;
    return false;
  }

  /** The facets of the first `n` of `rowids`. */
  count(rowids: Int32Array, n: number): Facets {
    const counts = new Int32Array(this.keys.size);
    const verdictCounts = new Int32Array(this.verdictNames.length + 1);
    const { slots, keyCounts, verdicts } = this;
    for (let i = 0; i < n; i++) {
      const rowid = rowids[i] as number;
      const keyCount = keyCounts[rowid] as number;
      if (keyCount === 255) {
        for (const key of this.wide.get(rowid) ?? []) counts[key] = (counts[key] as number) + 1;
      } else {
        for (let j = rowid * WIDTH, end = j + keyCount; j < end; j++) counts[slots[j] as number] = (counts[slots[j] as number] as number) + 1;
      }
      const verdict = verdicts[rowid] as number;
      verdictCounts[verdict] = (verdictCounts[verdict] as number) + 1;
    }
    const byVerdict = new Map<string, number>();
    this.verdictNames.forEach((name, i) => {
      if (verdictCounts[i + 1]) byVerdict.set(name, verdictCounts[i + 1] as number);
    });
    return this.keys.facets(counts, byVerdict);
  }

  private ensureRoom(size: number): void {
    if (size <= this.keyCounts.length) return;
    const room = Math.max(size, Math.ceil(this.keyCounts.length * 1.25), 16);
    const slots = new Int32Array(room * WIDTH);
    slots.set(this.slots);
    this.slots = slots;
    const keyCounts = new Uint8Array(room);
    keyCounts.set(this.keyCounts);
    this.keyCounts = keyCounts;
    const verdicts = new Int32Array(room);
    verdicts.set(this.verdicts);
    this.verdicts = verdicts;
  }
}
