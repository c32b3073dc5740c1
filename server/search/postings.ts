/**
 * The full-text index's posting lists held in memory, to find and rank a
 * query's matches without asking FTS5.
 *
 * FTS5 scores every match with bm25 at ~3 µs each, and hands matches to
 * JavaScript at ~0.2 µs a row: a two-word query matching a few thousand notes
 * spent 5–15 ms there at 10k notes. Here each word keeps the documents that hold
 * it, with its column-weighted frequency in each; a query adds up its words'
 * lists in typed arrays (~25 ns an entry: 1.3 ms for a word in 50k notes) and
 * scores with FTS5's own bm25 formula, so rankings are those FTS5 would give
 * (see `rank`).
 *
 * Words only: a phrase needs positions, which are not kept here; the engine
 * has FTS5 find a phrase's matches and ranks them by their words from here.
 *
 * Storage: one run of (rowid, weight) pairs per word, all words packed in
 * two typed arrays (the base); documents added since the base was built go to
 * small per-word lists (the delta), and removed documents are marked dead. Rowids
 * are never reused (the documents table is AUTOINCREMENT), so a dead rowid stays
 * dead. The base is rebuilt from both when the delta or the dead grow large.
 */
import { readSavedBytes, savedBytes } from './saved-bytes.ts';
import { words } from './text.ts';

/** FTS5's bm25 constants (fts5_aux.c). */
const K1 = 1.2;
const B = 0.75;

/** Bumped when the saved form changes: postings saved by another version are rebuilt. */
const FORMAT = 2;
/**
 * The base is rebuilt when the delta or its dead entries pass this share of it (or
 * `MIN_REBUILD_ENTRIES`): queries then read few entries that are dead or scattered,
 * and a single save (a few hundred entries) never pays for a rebuild.
 */
const REBUILD_SHARE = 0.25;
const MIN_REBUILD_ENTRIES = 50_000;
/** A word's weight in one document is kept in 16 bits: past this, bm25's saturation makes more no different. */
const MAX_WEIGHT = 0xffff;

/** A query word: a whole word, or the beginning of words. */
export interface RankTerm {
  word: string;
  prefix: boolean;
}

/** Matches in no particular order: `rowids[i]` scored `scores[i]` (higher is better), for `i` below `count`. */
export interface RankedMatches {
  count: number;
  rowids: Int32Array;
  scores: Float64Array;
}

/** A document's indexed columns, in the table's order (each weighted by the column weights `Postings` was made with). */
export interface IndexedColumns {
  rowid: number;
  columns: readonly string[];
}

type DeltaMap = Map<string, { rowids: number[]; weights: number[] }>;

/**
 * A rebuild under way: the base and delta as they were when it began (queries read them until it
 * is done), the words left to pack, and the new base packed so far. Documents added meanwhile go to
 * a new delta; documents removed meanwhile are skipped from then on, and counted to tell how many of
 * their entries were packed before they died (see `finishRebuild`).
 */
interface Rebuild {
  words: string[];
  next: number;
  frozenDelta: DeltaMap;
  /** Entries of the old base and frozen delta, and how many of them were dead when it began. */
  capacity: number;
  deadAtStart: number;
  maxRowid: number;
  offsets: Int32Array;
  rowids: Int32Array;
  weights: Uint16Array;
  at: number;
  kept: string[];
  /** Entries of documents removed meanwhile: those the rebuild packs (`removedOld`), those only in the new delta (`removedNew`). */
  removedOld: number;
  removedNew: number;
}

/**
 * Entries (and words) `continueRebuild` goes through between two looks at the clock: counted in
 * words, a step met 64 of the commonest words at once (their lists one entry per document, in
 * the base and again in the delta of a full re-index) and took 414 ms at 50k notes.
 */
const ENTRIES_PER_CHECK = 20_000;

/** A document whose words are numbered and their weights summed (see `PostingsBuilder`). */
interface SummedDocument {
  rowid: number;
  tokens: number;
  /** Word numbers, each once, and the document's weight for each. */
  ids: Int32Array;
  weights: Uint16Array;
}

export class Postings {
  // The base: word i's entries are rowids/weights [offsets[i], offsets[i + 1]), by rowid.
  private baseIndex = new Map<string, number>();
  private baseWords: string[] = [];
  private offsets = new Int32Array(1);
  private baseRowids: Int32Array = new Int32Array(0);
  private baseWeights: Uint16Array = new Uint16Array(0);
  // The delta: entries of documents added since the base was built, by word.
  private delta: DeltaMap = new Map();
  private deltaEntries = 0;
  /** Entries (base or delta) of documents since removed. */
  private deadEntries = 0;
  /** A rebuild of the base carried on in steps (see `continueRebuild`); null when none is under way. */
  private rebuild: Rebuild | null = null;
  /** The delta maps a query reads: the delta, and during a rebuild the delta it is packing too. */
  private deltas: DeltaMap[] = [this.delta];
  /** The highest rowid indexed: documents above a rebuild's are not in what it packs. */
  private maxRowid = 0;

  // Documents, by rowid.
  private length = new Uint32Array(0);
  private entries = new Uint32Array(0);
  private alive = new Uint8Array(0);
  private liveDocs = 0;
  private totalTokens = 0;

  // Reused from query to query, sized by rowid (see `rank`).
  private freq = new Float64Array(0);
  private score = new Float64Array(0);
  private groupsMatched = new Uint16Array(0);
  private lastGroup = new Int32Array(0);
  private seen = new Int32Array(0);
  private termDocs = new Int32Array(0);
  private touched = new Int32Array(0);
  private matchedRowids = new Int32Array(0);
  private matchedScores = new Float64Array(0);
  private serial = 0;
  private readonly docWeights = new Map<string, number>();

  constructor(private readonly columnWeights: readonly number[]) {}

  /** Documents in the index. */
  get documents(): number {
    return this.liveDocs;
  }

  /**
   * Replaces everything with these documents (by rowid), each word's list sized up front and
   * written in place (`PostingsBuilder`): gathered in growing arrays, the lists took ~800 MB more
   * at 50k notes.
   */
  load(docs: Iterable<IndexedColumns>): void {
    const builder = new PostingsBuilder(this.columnWeights);
    for (const { rowid, columns } of docs) builder.add(rowid, columns);
    builder.finishInto(this);
  }

  /**
   * Replaces everything with documents already split into words and summed (`PostingsBuilder`):
   * `words[i]` (numbered by `index`) is held by `documentsPerWord[i]` documents; `docs` come by rowid.
   */
  loadSummed(index: Map<string, number>, words: string[], documentsPerWord: Int32Array, docs: Iterable<SummedDocument>): void {
    this.clear();
    const offsets = new Int32Array(words.length + 1);
    for (let i = 0; i < words.length; i++) offsets[i + 1] = (offsets[i] as number) + (documentsPerWord[i] as number);
    const cursor = offsets.slice(0, words.length);
    const rowids = new Int32Array(offsets[words.length] as number);
    const weights = new Uint16Array(rowids.length);
    this.baseWords = words;
    this.baseIndex = index;
    this.offsets = offsets;
    this.baseRowids = rowids;
    this.baseWeights = weights;
    for (const doc of docs) {
      const rowid = doc.rowid;
      if (rowid < 1) throw new Error(`search document rowid ${rowid}: rowids start at 1`);
      if (rowid <= this.maxRowid) throw new Error(`search document ${rowid} out of rowid order`);
      this.ensureRoom(rowid + 1);
      for (let j = 0; j < doc.ids.length; j++) {
        const i = doc.ids[j] as number;
        const at = cursor[i] as number;
        rowids[at] = rowid;
        weights[at] = doc.weights[j] as number;
        cursor[i] = at + 1;
      }
      this.alive[rowid] = 1;
      this.maxRowid = rowid;
      this.length[rowid] = doc.tokens;
      this.entries[rowid] = doc.ids.length;
      this.liveDocs++;
      this.totalTokens += doc.tokens;
    }
    for (let i = 0; i < words.length; i++) {
      if (cursor[i] !== offsets[i + 1]) throw new Error(`posting list of "${words[i]}": counted ${documentsPerWord[i]} documents, given others`);
    }
  }

  /**
   * Removes documents (by rowid) and adds others. When the delta or the dead grow large, the base is
   * rebuilt: at once, or with `inSteps` begun only, for the caller to carry on by `continueRebuild`
   * (queries meanwhile read the old base and delta as they were, and the documents changed since).
   */
  apply(removed: Iterable<number>, added: Iterable<IndexedColumns>, inSteps = false): void {
    for (const rowid of removed) {
      if (rowid >= this.alive.length || this.alive[rowid] === 0) continue;
      this.alive[rowid] = 0;
      this.liveDocs--;
      this.totalTokens -= this.length[rowid] as number;
      this.deadEntries += this.entries[rowid] as number;
      if (this.rebuild) {
        if (rowid <= this.rebuild.maxRowid) this.rebuild.removedOld += this.entries[rowid] as number;
        else this.rebuild.removedNew += this.entries[rowid] as number;
      }
    }
    for (const { rowid, columns } of added) this.addDocument(rowid, columns);
    if (this.rebuild) return;
    const limit = Math.max(MIN_REBUILD_ENTRIES, REBUILD_SHARE * this.baseRowids.length);
    if (this.deltaEntries > limit || this.deadEntries > limit) {
      // In steps, when the caller carries them on (a rebuild took ~0.4-0.6 s at 50k notes in one go).
      if (inSteps) this.startRebuild();
      else this.rebuildBase();
    }
  }

  /** Whether a rebuild of the base is under way: `continueRebuild` carries it on. */
  get rebuilding(): boolean {
    return this.rebuild !== null;
  }

  /** Counts a document in: its length, and each of its words with its column-weighted frequency, in the delta. */
  private addDocument(rowid: number, columns: readonly string[]): void {
    if (rowid < 1) throw new Error(`search document rowid ${rowid}: rowids start at 1`);
    if (rowid < this.alive.length && this.alive[rowid] === 1) throw new Error(`search document ${rowid} indexed twice`);
    const weights = this.docWeights;
    weights.clear();
    let tokens = 0;
    for (let column = 0; column < columns.length; column++) {
      const text = columns[column];
      if (!text) continue;
      const weight = this.columnWeights[column] ?? 1;
      const tokenized = words(text);
      tokens += tokenized.length;
      for (const word of tokenized) weights.set(word, (weights.get(word) ?? 0) + weight);
    }
    this.ensureRoom(rowid + 1);
    for (const [word, total] of weights) {
      let list = this.delta.get(word);
      if (!list) {
        list = { rowids: [], weights: [] };
        this.delta.set(word, list);
      }
      list.rowids.push(rowid);
      list.weights.push(Math.min(total, MAX_WEIGHT));
      this.deltaEntries++;
    }
    this.alive[rowid] = 1;
    this.maxRowid = Math.max(this.maxRowid, rowid);
    this.length[rowid] = tokens;
    this.entries[rowid] = weights.size;
    this.liveDocs++;
    this.totalTokens += tokens;
  }

  /**
   * The documents matching every group (a group matches when one of its terms
   * does), each scored as FTS5's `bm25()` scores the expression `(t1 OR t2) AND t3 …`
   * with the same column weights: for each term, its IDF over all documents times
   * its column-weighted frequency, saturated by the document's length. The
   * arithmetic follows fts5_aux.c step by step, so scores equal FTS5's.
   *
   * The arrays returned are reused by the next call. Unless `scored`, the matches are
   * only listed (every score 0): a caller that will order them otherwise skips the arithmetic.
   */
  rank(groups: readonly (readonly RankTerm[])[], expand: (prefix: string) => readonly string[], scored = true): RankedMatches {
    if (groups.length === 0 || this.liveDocs === 0) return { count: 0, rowids: new Int32Array(0), scores: new Float64Array(0) };
    if (this.serial > 0x3fff_0000) this.resetSerials();
    // Locals, and lists of rowids in reused typed arrays: a common word's 50k entries at 50k notes
    // cost ~80 ns each through growing arrays and property loads, a few ns this way.
    const { freq, score, groupsMatched, lastGroup, seen, alive, length, offsets, baseRowids, baseWeights, termDocs, touched } = this;
    const nRow = this.liveDocs;
    const avgdl = this.totalTokens / nRow;
    const query = ++this.serial;
    let touchedCount = 0;
    for (const group of groups) {
      const groupSerial = ++this.serial;
      for (const term of group) {
        // The term's frequency in each document: a prefix adds up every word it begins, as FTS5 does.
        let nHit = 0;
        for (const word of term.prefix ? expand(term.word) : [term.word]) {
          const base = this.baseIndex.get(word);
          if (base !== undefined) {
            const end = offsets[base + 1] as number;
            for (let e = offsets[base] as number; e < end; e++) {
              const rowid = baseRowids[e] as number;
              if (alive[rowid] === 0) continue;
              if (freq[rowid] === 0) termDocs[nHit++] = rowid;
              freq[rowid] = (freq[rowid] as number) + (baseWeights[e] as number);
            }
          }
          for (const delta of this.deltas) {
            const added = delta.get(word);
            if (!added) continue;
            for (let e = 0; e < added.rowids.length; e++) {
              const rowid = added.rowids[e] as number;
              if (alive[rowid] === 0) continue;
              if (freq[rowid] === 0) termDocs[nHit++] = rowid;
              freq[rowid] = (freq[rowid] as number) + (added.weights[e] as number);
            }
          }
        }
        let idf = scored ? Math.log((nRow - nHit + 0.5) / (nHit + 0.5)) : 0;
        if (scored && idf <= 0.0) idf = 1e-6;
        for (let d = 0; d < nHit; d++) {
          const rowid = termDocs[d] as number;
          const f = freq[rowid] as number;
          freq[rowid] = 0;
          if (seen[rowid] !== query) {
            seen[rowid] = query;
            score[rowid] = 0;
            groupsMatched[rowid] = 0;
            touched[touchedCount++] = rowid;
          }
          if (scored) score[rowid] = (score[rowid] as number) + idf * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * (length[rowid] as number)) / avgdl)));
          if (lastGroup[rowid] !== groupSerial) {
            lastGroup[rowid] = groupSerial;
            groupsMatched[rowid] = (groupsMatched[rowid] as number) + 1;
          }
        }
      }
    }
    const all = groups.length;
    const { matchedRowids, matchedScores } = this;
    let count = 0;
    for (let t = 0; t < touchedCount; t++) {
      const rowid = touched[t] as number;
      if (groupsMatched[rowid] !== all) continue;
      matchedRowids[count] = rowid;
      matchedScores[count++] = score[rowid] as number;
    }
    return { count, rowids: matchedRowids, scores: matchedScores };
  }

  /** The saved form: bytes, with `fingerprint` (what the documents were made from) inside. */
  serialize(fingerprint: string): Buffer {
    this.continueRebuild(Number.POSITIVE_INFINITY);
    if (this.deltaEntries > 0 || this.deadEntries > 0) this.rebuildBase();
    const header = JSON.stringify({
      format: FORMAT,
      fingerprint,
      words: this.baseWords.length,
      entries: this.baseRowids.length,
      size: this.alive.length,
      liveDocs: this.liveDocs,
      totalTokens: this.totalTokens,
    });
    return savedBytes([header, this.baseWords.join('\n')], [this.offsets, this.baseRowids, this.length, this.entries, this.baseWeights, this.alive]);
  }

  /**
   * Restores what `serialize` saved, when it was saved with this `fingerprint` by this
   * version; false (and nothing changed) otherwise.
   */
  restore(bytes: Buffer, fingerprint: string): boolean {
    const saved = readSavedBytes(bytes, 2);
    if (!saved) return false;
    const [headerText, wordText] = saved.texts as [string, string];
    let header: { format?: number; fingerprint?: string; words: number; entries: number; size: number; liveDocs: number; totalTokens: number };
    try {
      header = JSON.parse(headerText);
    } catch {
      return false;
    }
    if (header.format !== FORMAT || header.fingerprint !== fingerprint) return false;
    if (saved.arrays.byteLength !== 9 * header.size + 6 * header.entries + 4 * (header.words + 1)) return false;
    const { buffer } = saved.arrays;
    let offset = saved.arrays.offset;
    const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, width: number): T => {
      const view = make(buffer, offset, length);
      offset += length * width;
      return view;
    };
    const offsets = take((b, o, n) => new Int32Array(b, o, n), header.words + 1, 4);
    const rowids = take((b, o, n) => new Int32Array(b, o, n), header.entries, 4);
    const length = take((b, o, n) => new Uint32Array(b, o, n), header.size, 4);
    const entries = take((b, o, n) => new Uint32Array(b, o, n), header.size, 4);
    const weights = take((b, o, n) => new Uint16Array(b, o, n), header.entries, 2);
    const alive = take((b, o, n) => new Uint8Array(b, o, n), header.size, 1);
    this.clear();
    this.baseWords = header.words > 0 ? wordText.split('\n') : [];
    this.baseIndex = new Map(this.baseWords.map((word, i) => [word, i]));
    this.offsets = offsets;
    this.baseRowids = rowids;
    this.baseWeights = weights;
    this.length = length;
    this.entries = entries;
    this.alive = alive;
    this.liveDocs = header.liveDocs;
    this.totalTokens = header.totalTokens;
    this.ensureRoom(header.size);
    return true;
  }

  private clear(): void {
    this.baseIndex = new Map();
    this.baseWords = [];
    this.offsets = new Int32Array(1);
    this.baseRowids = new Int32Array(0);
    this.baseWeights = new Uint16Array(0);
    this.delta = new Map();
    this.deltas = [this.delta];
    this.rebuild = null;
    this.maxRowid = 0;
    this.deltaEntries = 0;
    this.deadEntries = 0;
    this.length = new Uint32Array(0);
    this.entries = new Uint32Array(0);
    this.alive = new Uint8Array(0);
    this.liveDocs = 0;
    this.totalTokens = 0;
    this.ensureRoom(0);
  }

  /** Packs the live base entries and the delta into a new base, each word's entries by rowid, at once. */
  private rebuildBase(): void {
    this.continueRebuild(Number.POSITIVE_INFINITY);
    this.startRebuild();
    this.continueRebuild(Number.POSITIVE_INFINITY);
  }

  /** Begins a rebuild (see `Rebuild`): the delta so far is frozen with the base, and a new one takes what comes. */
  private startRebuild(): void {
    const wordSet = new Set<string>(this.baseWords);
    for (const word of this.delta.keys()) wordSet.add(word);
    const capacity = this.baseRowids.length + this.deltaEntries;
    this.rebuild = {
      words: [...wordSet],
      next: 0,
      frozenDelta: this.delta,
      capacity,
      deadAtStart: this.deadEntries,
      maxRowid: this.maxRowid,
      offsets: new Int32Array(wordSet.size + 1),
      rowids: new Int32Array(capacity - this.deadEntries),
      weights: new Uint16Array(capacity - this.deadEntries),
      at: 0,
      kept: [],
      removedOld: 0,
      removedNew: 0,
    };
    this.delta = new Map();
    this.deltas = [this.rebuild.frozenDelta, this.delta];
    this.deltaEntries = 0;
  }

  /**
   * Packs words of the rebuild under way for about `budgetMs`; true once it is done (or when
   * none was under way). The last step puts the new base in place of the old.
   */
  continueRebuild(budgetMs: number): boolean {
    const r = this.rebuild;
    if (!r) return true;
    const started = performance.now();
    const { offsets, rowids, weights, kept, frozenDelta, words } = r;
    let at = r.at;
    let next = r.next;
    // Entries looked at since the clock was: a common word has one per document, a rare one a few.
    let work = 0;
    while (next < words.length) {
      if (work >= ENTRIES_PER_CHECK) {
        if (performance.now() - started >= budgetMs) break;
        work = 0;
      }
      const word = words[next++] as string;
      work++;
      const start = at;
      const base = this.baseIndex.get(word);
      if (base !== undefined) {
        const end = this.offsets[base + 1] as number;
        work += end - (this.offsets[base] as number);
        for (let e = this.offsets[base] as number; e < end; e++) {
          const rowid = this.baseRowids[e] as number;
          if (this.alive[rowid] === 0) continue;
          rowids[at] = rowid;
          weights[at++] = this.baseWeights[e] as number;
        }
      }
      const added = frozenDelta.get(word);
      if (added) {
        work += added.rowids.length;
        for (let e = 0; e < added.rowids.length; e++) {
          const rowid = added.rowids[e] as number;
          if (this.alive[rowid] === 0) continue;
          rowids[at] = rowid;
          weights[at++] = added.weights[e] as number;
        }
      }
      if (at === start) continue;
      offsets[kept.length] = start;
      kept.push(word);
      offsets[kept.length] = at;
    }
    r.at = at;
    r.next = next;
    if (next < words.length) return false;
    this.finishRebuild(r);
    return true;
  }

  private finishRebuild(r: Rebuild): void {
    // Entries live when the rebuild began, less those of documents removed meanwhile that it skipped.
    const liveAtStart = r.capacity - r.deadAtStart;
    const skipped = liveAtStart - r.at;
    if (skipped < 0 || skipped > r.removedOld)
      throw new Error(`postings out of step: ${r.at} live entries packed, ${liveAtStart} expected less up to ${r.removedOld}`);
    this.baseWords = r.kept;
    this.baseIndex = new Map(r.kept.map((word, i) => [word, i]));
    this.offsets = r.offsets.slice(0, r.kept.length + 1);
    this.baseRowids = r.at === r.rowids.length ? r.rowids : r.rowids.subarray(0, r.at);
    this.baseWeights = r.at === r.weights.length ? r.weights : r.weights.subarray(0, r.at);
    // Dead now: what was packed of the documents removed meanwhile, and the new delta's removed documents.
    this.deadEntries = r.removedOld - skipped + r.removedNew;
    this.rebuild = null;
    this.deltas = [this.delta];
  }

  /** Grows the arrays kept by rowid to hold rowids below `size`. */
  private ensureRoom(size: number): void {
    if (size <= this.alive.length && this.freq.length >= this.alive.length) return;
    const room = Math.max(size, Math.ceil(this.alive.length * 1.25), 16);
    const grow = <T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(from: T, make: (n: number) => T): T => {
      const to = make(room);
      to.set(from.subarray(0, Math.min(from.length, room)));
      return to;
    };
    this.alive = grow(this.alive, (n) => new Uint8Array(n));
    this.length = grow(this.length, (n) => new Uint32Array(n));
    this.entries = grow(this.entries, (n) => new Uint32Array(n));
    this.freq = new Float64Array(room);
    this.score = new Float64Array(room);
    this.groupsMatched = new Uint16Array(room);
    this.lastGroup = new Int32Array(room);
    this.seen = new Int32Array(room);
    this.termDocs = new Int32Array(room);
    this.touched = new Int32Array(room);
    this.matchedRowids = new Int32Array(room);
    this.matchedScores = new Float64Array(room);
    this.serial = 0;
  }

  private resetSerials(): void {
    this.lastGroup.fill(0);
    this.seen.fill(0);
    this.serial = 0;
  }
}

/**
 * Posting lists made from documents given one at a time, before anyone knows how many
 * documents hold each word. Each document is split into words and summed as it comes, into
 * flat arrays (6 bytes a word of a document); `finishInto` then sizes each list by the counts
 * made meanwhile and fills it, without splitting any text again. `Postings.load` uses it; a
 * worker fed the documents while the main thread writes them into FTS5 has the lists soon after.
 */
export class PostingsBuilder {
  private readonly index = new Map<string, number>();
  private readonly words: string[] = [];
  private documentsPerWord = new Int32Array(1024);
  private sum = new Float64Array(1024);
  private readonly touched: number[] = [];
  private ids = new Int32Array(1 << 16);
  private weights = new Uint16Array(1 << 16);
  private pairs = 0;
  private readonly rowids: number[] = [];
  private readonly ends: number[] = [];
  private readonly tokens: number[] = [];

  constructor(private readonly columnWeights: readonly number[]) {}

  add(rowid: number, columns: readonly string[]): void {
    let tokens = 0;
    for (let column = 0; column < columns.length; column++) {
      const text = columns[column];
      if (!text) continue;
      const weight = this.columnWeights[column] ?? 1;
      const tokenized = words(text);
      tokens += tokenized.length;
      for (const word of tokenized) {
        let i = this.index.get(word);
        if (i === undefined) {
          i = this.words.length;
          this.index.set(word, i);
          this.words.push(word);
          if (i >= this.sum.length) this.growWords();
        }
        if (this.sum[i] === 0) this.touched.push(i);
        this.sum[i] = (this.sum[i] as number) + weight;
      }
    }
    if (this.pairs + this.touched.length > this.ids.length) this.growPairs(this.pairs + this.touched.length);
    for (const i of this.touched) {
      this.ids[this.pairs] = i;
      this.weights[this.pairs] = Math.min(this.sum[i] as number, MAX_WEIGHT);
      this.pairs++;
      this.sum[i] = 0;
      this.documentsPerWord[i] = (this.documentsPerWord[i] as number) + 1;
    }
    this.touched.length = 0;
    this.rowids.push(rowid);
    this.ends.push(this.pairs);
    this.tokens.push(tokens);
  }

  /** Replaces what `postings` holds with the documents added, by rowid. */
  finishInto(postings: Postings): void {
    const order = this.rowids.map((_, i) => i);
    if (this.rowids.some((rowid, i) => i > 0 && rowid < (this.rowids[i - 1] as number)))
      order.sort((a, b) => (this.rowids[a] as number) - (this.rowids[b] as number));
    const self = this;
    postings.loadSummed(
      this.index,
      this.words,
      this.documentsPerWord.subarray(0, this.words.length),
      (function* (): Iterable<SummedDocument> {
        for (const i of order) {
          const start = i === 0 ? 0 : (self.ends[i - 1] as number);
          const end = self.ends[i] as number;
          yield {
            rowid: self.rowids[i] as number,
            tokens: self.tokens[i] as number,
            ids: self.ids.subarray(start, end),
            weights: self.weights.subarray(start, end),
          };
        }
      })(),
    );
  }

  private growWords(): void {
    const sum = new Float64Array(this.sum.length * 2);
    sum.set(this.sum);
    this.sum = sum;
    const counts = new Int32Array(this.documentsPerWord.length * 2);
    counts.set(this.documentsPerWord);
    this.documentsPerWord = counts;
  }

  private growPairs(needed: number): void {
    const size = Math.max(needed, this.ids.length * 2);
    const ids = new Int32Array(size);
    ids.set(this.ids.subarray(0, this.pairs));
    this.ids = ids;
    const weights = new Uint16Array(size);
    weights.set(this.weights.subarray(0, this.pairs));
    this.weights = weights;
  }
}
