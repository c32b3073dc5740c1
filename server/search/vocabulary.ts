/**
 * The full-text index's vocabulary held in memory: every word with the number
 * of documents that hold it, and the words in order for prefix ranges.
 *
 * Corrections and suggestions look words up by prefix and by similarity. Asked
 * of FTS5's vocabulary table, each such range query counts every matching
 * word's documents by walking its whole posting list: 30–100 ms for a one-letter
 * prefix at 10k notes. Here the same answer costs a binary search and a pass
 * over the range.
 */
import { lowerBound, prefixRange } from './sorted-words.ts';
import { words } from './text.ts';

export interface VocabularyTerm {
  term: string;
  docs: number;
}

/** Bumped when the saved form changes: a vocabulary saved by another version is rebuilt. */
const FORMAT = 1;

export class Vocabulary {
  private readonly docs = new Map<string, number>();
  /** Every word, in code-unit order, so that the words with one prefix are one run. */
  private sorted: string[] = [];

  /** Replaces the whole vocabulary (from FTS5's own counts). */
  load(rows: Iterable<readonly [string, number]>): void {
    this.docs.clear();
    for (const [term, docs] of rows) if (docs > 0) this.docs.set(term, docs);
    this.sorted = [...this.docs.keys()].sort(byCodeUnits);
  }

  get size(): number {
    return this.docs.size;
  }

  has(term: string): boolean {
    return this.docs.has(term);
  }

  /** How many documents hold the word (0 when none does). */
  count(term: string): number {
    return this.docs.get(term) ?? 0;
  }

  /**
   * Accounts for documents that left the index and documents that entered it,
   * each given as its text (all its fields). Words are counted once a document,
   * as FTS5's row vocabulary counts them.
   */
  apply(removedTexts: readonly string[], addedTexts: readonly string[]): void {
    // Net changes only: a note indexed again with the same text changes nothing, and each word that
    // left or entered cost a splice of the whole sorted list (~0.5 ms at 50k notes: 26 s of a re-index).
    const delta = new Map<string, number>();
    for (const text of removedTexts) for (const term of new Set(words(text))) delta.set(term, (delta.get(term) ?? 0) - 1);
    for (const text of addedTexts) for (const term of new Set(words(text))) delta.set(term, (delta.get(term) ?? 0) + 1);
    const entered: string[] = [];
    const left = new Set<string>();
    for (const [term, change] of delta) {
      if (change === 0) continue;
      const before = this.docs.get(term) ?? 0;
      const docs = before + change;
      if (docs > 0) {
        if (before === 0) entered.push(term);
        this.docs.set(term, docs);
      } else if (this.docs.delete(term)) left.add(term);
    }
    this.resort(entered, left);
  }

  /** Brings the sorted words in step: a splice each for a few, one merge for many. */
  private resort(entered: string[], left: Set<string>): void {
    if (entered.length + left.size <= 16) {
      for (const term of left) {
        const i = lowerBound(this.sorted, term);
        if (this.sorted[i] === term) this.sorted.splice(i, 1);
      }
      for (const term of entered) this.sorted.splice(lowerBound(this.sorted, term), 0, term);
      return;
    }
    entered.sort(byCodeUnits);
    const merged: string[] = [];
    let e = 0;
    for (const term of this.sorted) {
      if (left.has(term)) continue;
      while (e < entered.length && (entered[e] as string) < term) merged.push(entered[e++] as string);
      merged.push(term);
    }
    while (e < entered.length) merged.push(entered[e++] as string);
    this.sorted = merged;
  }

  /** `count(word)`, or for a prefix `prefixDocs(word)`: at most how many documents the word matches. */
  matchCount(word: string, prefix: boolean): number {
    return prefix ? this.prefixDocs(word) : this.count(word);
  }

  /** Whether any word starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    const i = lowerBound(this.sorted, prefix);
    return i < this.sorted.length && (this.sorted[i] as string).startsWith(prefix);
  }

  /** Up to `limit` words starting with `prefix`, most documents first (then in order). */
  withPrefix(prefix: string, limit: number): VocabularyTerm[] {
    const range = prefixRange(this.sorted, prefix);
    const out: VocabularyTerm[] = [];
    for (let i = range.start; i < range.end; i++) {
      const term = this.sorted[i] as string;
      out.push({ term, docs: this.docs.get(term) ?? 0 });
    }
    return out.sort((a, b) => b.docs - a.docs || byCodeUnits(a.term, b.term)).slice(0, limit);
  }

  /** Every word with the number of documents holding it. */
  entries(): IterableIterator<[string, number]> {
    return this.docs.entries();
  }

  /** Every word starting with `prefix`, in code-unit order. */
  wordsWithPrefix(prefix: string): string[] {
    const range = prefixRange(this.sorted, prefix);
    return this.sorted.slice(range.start, range.end);
  }

  /** How many documents match at least: the word's own, or for a prefix the most any word it begins is in. */
  matchesAtLeast(word: string, prefix: boolean): number {
    if (!prefix) return this.count(word);
    const range = prefixRange(this.sorted, word);
    let most = 0;
    for (let i = range.start; i < range.end; i++) most = Math.max(most, this.docs.get(this.sorted[i] as string) ?? 0);
    return most;
  }

  /** The documents holding any word with this prefix, summed over the words: an upper bound of the prefix's matches. */
  prefixDocs(prefix: string): number {
    const range = prefixRange(this.sorted, prefix);
    let total = 0;
    for (let i = range.start; i < range.end; i++) total += this.docs.get(this.sorted[i] as string) ?? 0;
    return total;
  }

  /** Words that could be `term` misspelled: same first letter, length within `maxEdits`. */
  correctionCandidates(term: string, maxEdits: number): VocabularyTerm[] {
    const first = term[0];
    if (first === undefined) return [];
    const range = prefixRange(this.sorted, first);
    const out: VocabularyTerm[] = [];
    for (let i = range.start; i < range.end; i++) {
      const candidate = this.sorted[i] as string;
      if (Math.abs(candidate.length - term.length) <= maxEdits) out.push({ term: candidate, docs: this.docs.get(candidate) ?? 0 });
    }
    return out;
  }

  serialize(): string {
    const terms = [...this.docs.keys()];
    return JSON.stringify({ format: FORMAT, terms: terms.join('\n'), docs: terms.map((t) => this.docs.get(t)).join(',') });
  }

  /** Restores what `serialize` saved; false (and nothing changed) when it was saved by another format. */
  restore(json: string): boolean {
    const saved = JSON.parse(json) as { format?: number; terms?: string; docs?: string };
    if (saved.format !== FORMAT || typeof saved.terms !== 'string' || typeof saved.docs !== 'string') return false;
    const terms = saved.terms ? saved.terms.split('\n') : [];
    const docs = saved.docs ? saved.docs.split(',') : [];
    if (terms.length !== docs.length) return false;
    this.load(terms.map((term, i) => [term, Number(docs[i])] as const));
    return true;
  }
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
