/**
 * The in-memory, typo-tolerant index of short fields (titles, aliases, authors,
 * tags, identifiers). Small at any vault size; bodies stay in FTS5.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
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

export class FuzzyIndex {
  private readonly index = new MiniSearch<ShortFields>({
    idField: 'rowid',
    fields: ['title', 'aliases', 'authors', 'tags', 'ids'],
    storeFields: ['title'],
    tokenize,
    processTerm: (term) => fold(term) || null,
  });

  /**
   * How many documents hold each indexed word. A query word found here is
   * matched as typed: looking for its misspellings as well walks the whole
   * term tree (most of a query's cost) and finds neighbours of a correct word,
   * which rank below it anyway.
   */
  private readonly vocabulary = new Map<string, number>();
  private readonly termsOf = new Map<number, string[]>();

  load(docs: ShortFields[]): void {
    this.index.removeAll();
    this.vocabulary.clear();
    this.termsOf.clear();
    this.index.addAll(docs);
    for (const doc of docs) this.count(doc);
  }

  apply(removed: number[], added: ShortFields[]): void {
    for (const rowid of removed) {
      if (this.index.has(rowid)) this.index.discard(rowid);
      for (const term of this.termsOf.get(rowid) ?? []) {
        const n = (this.vocabulary.get(term) ?? 1) - 1;
        if (n === 0) this.vocabulary.delete(term);
        else this.vocabulary.set(term, n);
      }
      this.termsOf.delete(rowid);
    }
    this.index.addAll(added);
    for (const doc of added) this.count(doc);
  }

  private count(doc: ShortFields): void {
    const terms = new Set<string>();
    for (const field of [doc.title, doc.aliases, doc.authors, doc.tags, doc.ids]) for (const token of tokenize(field)) terms.add(fold(token));
    terms.delete('');
    for (const term of terms) this.vocabulary.set(term, (this.vocabulary.get(term) ?? 0) + 1);
    this.termsOf.set(doc.rowid, [...terms]);
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
