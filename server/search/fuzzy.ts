/**
 * The in-memory, typo-tolerant index of short fields (titles, aliases, authors,
 * tags, identifiers). Small at any vault size; bodies stay in FTS5.
 */
import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import type { ShortFields } from './fts.ts';
import { allowedEdits, camelParts, fold } from './text.ts';

export interface FuzzyHit {
  rowid: number;
  score: number;
  title: string;
  /** The document terms that matched, for highlighting. */
  terms: string[];
}

const FIELD_BOOSTS = { title: 4, aliases: 4, ids: 3, authors: 2, tags: 2 };

/** Tokens as both indexes see them, plus CamelCase parts so `MiniSearch` is found by `search`. */
function tokenize(text: string): string[] {
  const plain = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return [...plain, ...camelParts(text)];
}

const OPTIONS: Options<ShortFields> = {
  idField: 'rowid',
  fields: ['title', 'aliases', 'authors', 'tags', 'ids'],
  storeFields: ['title'],
  tokenize,
  processTerm: (term) => fold(term) || null,
};
/** Bumped when the fields, tokenizer or folding change: a saved index from another version is not reused. */
const FORMAT = 1;

export class FuzzyIndex {
  private index = new MiniSearch<ShortFields>(OPTIONS);
  /**
   * Every word the index holds. A query word found here is matched as typed:
   * looking for its misspellings as well walks the whole term tree (most of a
   * query's cost) and finds neighbours of a correct word, which rank below it
   * anyway. Like MiniSearch's own tree until it is vacuumed, it keeps the
   * words of removed documents; they cost nothing but a missed fuzzy lookup.
   */
  private vocabulary = new Set<string>();

  load(docs: ShortFields[]): void {
    this.index = new MiniSearch<ShortFields>(OPTIONS);
    this.vocabulary = new Set();
    this.add(docs);
  }

  apply(removed: number[], added: ShortFields[]): void {
    for (const rowid of removed) if (this.index.has(rowid)) this.index.discard(rowid);
    this.add(added);
  }

  private add(docs: ShortFields[]): void {
    this.index.addAll(docs);
    for (const doc of docs)
      for (const field of [doc.title, doc.aliases, doc.authors, doc.tags, doc.ids]) for (const token of tokenize(field)) this.vocabulary.add(fold(token));
  }

  /** The whole index as JSON, to be restored by `restore` on the next start (cheaper than indexing again). */
  serialize(): string {
    return JSON.stringify({ format: FORMAT, index: this.index, vocabulary: [...this.vocabulary] });
  }

  /** Restores what `serialize` saved; false (and nothing changed) when it was saved by another format. */
  restore(json: string): boolean {
    const saved = JSON.parse(json) as { format?: number; index?: AsPlainObject; vocabulary?: string[] };
    if (saved.format !== FORMAT || !saved.index || !saved.vocabulary) return false;
    this.index = MiniSearch.loadJS(saved.index, OPTIONS);
    this.vocabulary = new Set(saved.vocabulary);
    return true;
  }

  get size(): number {
    return this.index.documentCount;
  }

  /**
   * Every document whose short fields match all words, each within the typo
   * tolerance (one edit on 4–7 letters, two on longer), the last word also as a prefix.
   */
  search(words: string[], lastIsPrefix: boolean): FuzzyHit[] {
    if (words.length === 0) return [];
    const results = this.index.search(words.join(' '), {
      combineWith: 'AND',
      boost: FIELD_BOOSTS,
      prefix: (_term, i, terms) => lastIsPrefix && i === terms.length - 1,
      fuzzy: (term) => (this.vocabulary.has(term) ? false : allowedEdits(term) || false),
      maxFuzzy: 2,
      weights: { fuzzy: 0.45, prefix: 0.6 },
    });
    return results.map((r: SearchResult) => ({ rowid: Number(r.id), score: r.score, title: String(r.title ?? ''), terms: r.terms }));
  }

  /** Titles for an unfinished query: the last word as a prefix, typos tolerated. */
  suggestTitles(words: string[], limit: number): FuzzyHit[] {
    return this.search(words, true).slice(0, limit);
  }
}
