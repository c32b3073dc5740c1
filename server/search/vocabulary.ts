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
import { byCodeUnits, lowerBound, mergeWords, prefixRange } from './sorted-words.ts';
import { words } from './text.ts';

export interface VocabularyTerm {
  term: string;
  docs: number;
}

/** Bumped when the saved form changes: a vocabulary saved by another version is rebuilt. */
const FORMAT = 1;
/** Up to this many words are spliced into the order; more are merged (see `flushOrder`). */
const MERGE_MIN = 16;
/** Deferred words are placed once they pass the list's length over this (see `apply`). */
const PENDING_SHARE = 50;

export class Vocabulary {
  private readonly docs = new Map<string, number>();
  /** Every word, in code-unit order, so that the words with one prefix are one run (see `flushOrder`). */
  private sorted: string[] = [];
  /** Words counted since the order was last brought in step: not in `sorted` yet. */
  private entered = new Set<string>();
  /** Words in `sorted` that no document holds any more. */
  private left = new Set<string>();

  /** Replaces the whole vocabulary (from FTS5's own counts). */
  load(rows: Iterable<readonly [string, number]>): void {
    this.docs.clear();
    for (const [term, docs] of rows) if (docs > 0) this.docs.set(term, docs);
    this.sorted = [...this.docs.keys()].sort(byCodeUnits);
    this.entered = new Set();
    this.left = new Set();
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
  apply(removedTexts: readonly string[], addedTexts: readonly string[], deferOrder = false): void {
    // Net changes only: a note indexed again with the same text changes nothing (its words left and
    // entered again, each moving the whole sorted list twice; the vocabulary's share of a full
    // re-index at 50k notes fell from 26 s to 12 s, most of the rest tokenizing).
    const delta = new Map<string, number>();
    for (const text of removedTexts) for (const term of new Set(words(text))) delta.set(term, (delta.get(term) ?? 0) - 1);
    for (const text of addedTexts) for (const term of new Set(words(text))) delta.set(term, (delta.get(term) ?? 0) + 1);
    for (const [term, change] of delta) {
      if (change === 0) continue;
      const before = this.docs.get(term) ?? 0;
      const docs = before + change;
      if (docs > 0) {
        // A word that left since the order was last in step is still in it.
        if (before === 0 && !this.left.delete(term)) this.entered.add(term);
        this.docs.set(term, docs);
      } else if (this.docs.delete(term) && !this.entered.delete(term)) this.left.add(term);
    }
    if (!deferOrder || this.entered.size + this.left.size > Math.max(MERGE_MIN, this.sorted.length / PENDING_SHARE)) this.flushOrder();
  }

  /**
   * Brings the sorted words in step with the counts: a splice each for a few words, one merge for
   * more (a splice moves the whole list, ~0.4 ms for a pair at 60k words; a merge compares every
   * word in script). Until then (see `apply`'s `deferOrder`), lookups skip the words that left and
   * look through those that entered one by one.
   */
  flushOrder(): void {
    if (this.entered.size + this.left.size === 0) return;
    const entered = [...this.entered].sort(byCodeUnits);
    const left = this.left;
    this.entered = new Set();
    this.left = new Set();
    if (entered.length + left.size <= MERGE_MIN) {
      for (const term of left) {
        const i = lowerBound(this.sorted, term);
        if (this.sorted[i] === term) this.sorted.splice(i, 1);
      }
      for (const term of entered) this.sorted.splice(lowerBound(this.sorted, term), 0, term);
      return;
    }
    this.sorted = mergeWords(this.sorted, entered, left);
  }

  /** The words not yet placed in the order (see `flushOrder`) that begin with `prefix`. */
  private enteredWithPrefix(prefix: string): string[] {
    if (this.entered.size === 0) return [];
    const out: string[] = [];
    for (const term of this.entered) if (term.startsWith(prefix)) out.push(term);
    return out;
  }

  /** `count(word)`, or for a prefix `prefixDocs(word)`: at most how many documents the word matches. */
  matchCount(word: string, prefix: boolean): number {
    return prefix ? this.prefixDocs(word) : this.count(word);
  }

  /** Whether any word starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    for (let i = lowerBound(this.sorted, prefix); i < this.sorted.length && (this.sorted[i] as string).startsWith(prefix); i++)
      if (!this.left.has(this.sorted[i] as string)) return true;
    return this.enteredWithPrefix(prefix).length > 0;
  }

  /** Up to `limit` words starting with `prefix`, most documents first (then in order). */
  withPrefix(prefix: string, limit: number): VocabularyTerm[] {
    const range = prefixRange(this.sorted, prefix);
    const out: VocabularyTerm[] = [];
    for (let i = range.start; i < range.end; i++) {
      const term = this.sorted[i] as string;
      const docs = this.docs.get(term);
      if (docs !== undefined) out.push({ term, docs });
    }
    for (const term of this.enteredWithPrefix(prefix)) out.push({ term, docs: this.docs.get(term) ?? 0 });
    return out.sort((a, b) => b.docs - a.docs || byCodeUnits(a.term, b.term)).slice(0, limit);
  }

  /** Every word starting with `prefix`, in code-unit order. */
  wordsWithPrefix(prefix: string): string[] {
    const range = prefixRange(this.sorted, prefix);
    const found = this.sorted.slice(range.start, range.end);
    const placed = this.left.size === 0 ? found : found.filter((term) => !this.left.has(term));
    const entered = this.enteredWithPrefix(prefix);
    return entered.length === 0 ? placed : [...placed, ...entered].sort(byCodeUnits);
  }

  /** How many documents match at least: the word's own, or for a prefix the most any word it begins is in. */
  matchesAtLeast(word: string, prefix: boolean): number {
    if (!prefix) return this.count(word);
    const range = prefixRange(this.sorted, word);
    let most = 0;
    for (let i = range.start; i < range.end; i++) most = Math.max(most, this.docs.get(this.sorted[i] as string) ?? 0);
    for (const term of this.enteredWithPrefix(word)) most = Math.max(most, this.docs.get(term) ?? 0);
    return most;
  }

  /** The documents holding any word with this prefix, summed over the words: an upper bound of the prefix's matches. */
  prefixDocs(prefix: string): number {
    const range = prefixRange(this.sorted, prefix);
    let total = 0;
    for (let i = range.start; i < range.end; i++) total += this.docs.get(this.sorted[i] as string) ?? 0;
    for (const term of this.enteredWithPrefix(prefix)) total += this.docs.get(term) ?? 0;
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
      const docs = this.docs.get(candidate);
      if (docs !== undefined && Math.abs(candidate.length - term.length) <= maxEdits) out.push({ term: candidate, docs });
    }
    for (const candidate of this.enteredWithPrefix(first))
      if (Math.abs(candidate.length - term.length) <= maxEdits) out.push({ term: candidate, docs: this.docs.get(candidate) ?? 0 });
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
