/**
 * Search: one ranking merged from bm25 over every field, bodies included (the
 * full-text index's posting lists in memory; SQLite FTS5 matches phrases) and an
 * in-memory MiniSearch index of the short fields (typo-tolerant, prefix).
 * Misspelled words are corrected against the full-text vocabulary.
 */
import type { Database } from '../db/connection.ts';
import { settledGeneration } from '../db/index-state.ts';
import { asciiJson } from './ascii-json.ts';
import { type DocAttributes, loadAttributes, loadPaperVerdicts, parseAttributes, refreshPaperVerdicts, serializeAttributes } from './attributes.ts';
import { FacetKeys, type Facets, FacetTable } from './facets.ts';
import { appendChanges, type DocumentChanges, emptyChanges, FtsIndex, ftsTerm, type ShortFields, shortFields } from './fts.ts';
import { FuzzyIndex } from './fuzzy.ts';
import { NameIndex } from './names.ts';
import { type PassageText, PassageTexts } from './passage-texts.ts';
import type { RankTerm } from './postings.ts';
import { type PostingsBuild, type SavedForm, startFedPostingsBuild, startPostingsBuild } from './postings-build.ts';
import { type Filter, type ParsedQuery, parseQuery, type Term } from './query.ts';
import { bestPassageAmong, type Passage, type SnippetTerm } from './snippet.ts';
import { allowedEdits, editDistance, fold, words } from './text.ts';
import { topByScore } from './top-k.ts';

export interface SearchOptions {
  limit: number;
  offset: number;
  /** Public mode: drafts, private and unlisted notes do not exist. */
  publicOnly?: boolean;
}

export interface SearchHit {
  slug: string | null;
  path: string | null;
  title: string;
  type: DocAttributes['type'];
  score: number;
  /** HTML: the best passage, matched terms in `<mark>`, everything else escaped. */
  snippet: string;
  /** The heading the passage sits under, to jump to it. */
  heading: { text: string; id: string } | null;
  /** A paper known from a bibliography or a link, without a note of its own. */
  external: boolean;
  paperId: string | null;
  year: number | null;
  tags: string[];
  verdict: string | null;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  facets: Facets;
  /** Words that matched nothing and were replaced by the closest indexed word. */
  corrections: { from: string; to: string }[];
}

export interface Suggestion {
  kind: 'title' | 'term';
  text: string;
  /** The whole query with the last word completed. */
  query: string;
  slug?: string | null;
}

export interface IndexUpdate {
  notePaths: string[];
  papersChanged: boolean;
  /** Paper notes whose paper records changed though the notes may not have: their attributes are read again. */
  paperNotes?: string[];
}

const FUZZY_INDEX_KEY = 'search-fuzzy-index';
const PRESENT = 1;
const VISIBLE = 2;
const VOCABULARY_KEY = 'search-vocabulary';
const POSTINGS_KEY = 'search-postings';
const ATTRIBUTES_KEY = 'search-attributes';
/** The name lists (see `NameIndex`), saved with the attributes they are made from and for the same state. */
const NAMES_KEY = 'search-names';
/**
 * Up to this many changed documents, the vocabulary follows a batch word by word
 * (their old and new texts tokenized here); past it, reading FTS5's own counts
 * again is cheaper.
 */
const INCREMENTAL_LIMIT = 500;
/** How long one slice of a batch holds the event loop by default (see `update`). */
const SLICE_MS = 10;
/**
 * From how many documents the posting lists, when made again at opening, are made on a worker
 * thread: below, starting one (~0.1 s built, more under tsx) costs about what it saves.
 */
const POSTINGS_WORKER_FROM = 5_000;
/** Documents written between two batches sent to a fed posting-lists worker: small enough that it starts early, large enough that messages stay few. */
const FED_DOCUMENTS = 256;
/** What a note no longer there counts for in a slice (see `applySlice`): removing it costs about what a small note's indexing does. */
const REMOVED_NOTE_BYTES = 1000;
/** How many pages one merge step lets FTS5 merge (~1-3 ms; see `mergeTurn`). */
const MERGE_PAGES = 16;
/** Words in more documents than this are common: see `fuzzyNeedless`. */
const FUZZY_COMMON_DOCS = 1500;

/** How much each index counts in the merged score (each normalised to 0–1 first). */
const FTS_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.4;
/**
 * Up to this many matches, they are ordered by bm25; past it, by how well the
 * query's words name them (see `NameIndex`): so many matches mean common words,
 * whose weight bm25 floors.
 */
const RANK_ALL_MATCHES = 1500;
/** A word in this share of the documents or more is common: it selects matches but is not looked for in passages or (when frequent) in the fuzzy index. */
const COMMON_SHARE = 0.5;
/** A query that is a document's whole title (or alias) puts it first. */
const EXACT_TITLE_BONUS = 0.5;

export class SearchEngine {
  private readonly fts: FtsIndex;
  private readonly fuzzy = new FuzzyIndex();
  private attributes = new Map<number, DocAttributes>();
  /**
   * Score arrays by rowid, reused from query to query (two arrays of the vault's size on every
   * query were garbage enough to bring collections into the slowest queries). `pool` lists (up to
   * `count`) the rows the last query set: they are cleared before the next one uses the arrays.
   */
  private scratch = {
    ftsScore: new Float64Array(0),
    fuzzyScore: new Float64Array(0),
    inPool: new Uint8Array(0),
    pool: new Int32Array(0),
    count: 0,
    /** The matches a reader may see, and their merged scores (by position in `kept`). */
    kept: new Int32Array(0),
    scores: new Float64Array(0),
    /** By rowid: 1 for a document the whole query names (set and cleared within a query). */
    named: new Uint8Array(0),
  };

  /** The same attributes by rowid, as a dense array: a common word's thousands of matches look theirs up here. */
  private byRowid: (DocAttributes | undefined)[] = [];
  /** One more than the largest rowid with attributes: the size of a query's score arrays. */
  private rowidLimit = 0;
  private readonly facetKeys = new FacetKeys();
  private readonly facetTable = new FacetTable(this.facetKeys);
  /** By rowid: `PRESENT` for a document with attributes, and `VISIBLE` too when visitors may see it. */
  private flags = new Uint8Array(0);
  /** Documents by the exact name (folded title, alias or identifier) they answer to: a query that is one ranks them first. */
  // One rowid as a number, several as an array: an array for each of 156k keys at 50k notes cost ~40 ms of a warm start.
  private byNameKey = new Map<string, number | number[]>();
  private readonly names = new NameIndex(() => this.attributes.values());
  private readonly passageTexts: PassageTexts;
  /** Whether the fuzzy index, the vocabulary or the posting lists changed since they were saved. */
  private savedChanged = false;
  /**
   * The index generation (see `settledGeneration`) the attributes in memory describe: set when they
   * are read, moved by each batch this engine follows. Null once a generation went by unseen (a
   * batch of another process, or one that told no listener): they may then differ from the tables
   * in ways no fingerprint shows, and are never saved.
   */
  private memoryGeneration: number | null = null;
  /** The generation of the attributes last saved or restored. */
  private savedGeneration: number | null = null;
  /** What followed batches changed and is not applied yet (see `update`). */
  private backlog = { notePaths: new Set<string>(), papersChanged: false, paperNotes: new Set<string>(), verdictsMayChange: false };
  private nextSlice: NodeJS.Immediate | null = null;
  private readonly settledWaiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  /** Whether FTS5 may have segments to merge: the next turn is a merge step (see `mergeTurn`). */
  private mergeDue = false;
  /** Whether the next turn, notes waiting, is a step of the posting lists' rebuild (see `nextTurn`). */
  private rebuildStepNext = false;
  /** Milliseconds per byte of notes applied, averaged over the last slices: sizes the next one (see `applySlice`). */
  private msPerByte = 1 / 2000;

  /** How long one slice of a batch may hold the event loop (see `update`). */
  private readonly sliceMs: number;
  private readonly postingsWorkerFrom: number;

  constructor(
    private readonly db: Database,
    options: { sliceMs?: number; postingsWorkerFrom?: number } = {},
  ) {
    this.sliceMs = options.sliceMs ?? SLICE_MS;
    this.postingsWorkerFrom = options.postingsWorkerFrom ?? POSTINGS_WORKER_FROM;
    this.fts = new FtsIndex(db);
    this.passageTexts = new PassageTexts(db);
  }

  /**
   * Brings the search index in step with the notes table: notes whose stored
   * search row was made from other content are indexed again; the rest is reused.
   * The in-memory indexes saved by the last run are restored when they were made
   * from the very documents found here, and brought up to date when a few changed.
   */
  open(): {
    reindexed: number;
    fuzzyRestored: boolean;
    vocabularyRestored: boolean;
    postingsRestored: boolean;
    /** The posting lists were made on a worker thread (see `postings-build.ts`). */
    postingsBuiltOnWorker: boolean;
    /** ...from the documents as this opening wrote them, not read back from the database. */
    postingsFed: boolean;
    /** The fuzzy index was made by that fed worker too. */
    fuzzyFed: boolean;
    attributesRestored: boolean;
    namesRestored: boolean;
  } {
    const generation = settledGeneration(this.db);
    const inStep = this.fts.inStepWith(generation);
    const stale = inStep ? [] : this.fts.staleNotes();
    const savedFingerprint = this.fts.fingerprint();
    const withTexts = stale.length <= INCREMENTAL_LIMIT;
    const savedPostings = this.savedValue(POSTINGS_KEY);
    const postingsRestored = Buffer.isBuffer(savedPostings) && this.fts.postings.restore(savedPostings, savedFingerprint);
    // Made again when not restored: on a second core while this thread makes the rest, when the
    // index is large. Into empty tables (after a cold index) every document is written here: the
    // worker is fed them as they are, and makes the lists while this thread writes.
    const fedPostings = !postingsRestored && !inStep && stale.length >= this.postingsWorkerFrom && this.fts.isEmpty() ? startFedPostingsBuild() : null;
    const write = this.db.sqlite.transaction(() => {
      if (inStep) return [];
      this.fts.leaveMergesToSteps();
      const notes = emptyChanges();
      for (let from = 0; from < stale.length; from += FED_DOCUMENTS) {
        const written = this.fts.syncNotes(stale.slice(from, from + FED_DOCUMENTS), withTexts);
        fedPostings?.add(written.added);
        appendChanges(notes, written);
      }
      const papers = this.fts.syncExternalPapers(withTexts);
      fedPostings?.add(papers.added);
      if (generation !== null) this.fts.markInStep(generation);
      return [notes, papers];
    });
    let changes: DocumentChanges[];
    try {
      changes = write();
    } catch (error) {
      fedPostings?.cancel();
      throw error;
    }
    // What the documents written are: the worker's saved forms carry it, and are saved as they are.
    const fingerprint = this.fts.fingerprint();
    fedPostings?.end(fingerprint);
    const changed = changes.some((c) => c.removed.length > 0 || c.added.length > 0);
    const postingsBuild = postingsRestored ? null : (fedPostings ?? this.startPostingsBuild(fingerprint));
    const savedFuzzy = this.savedValue(FUZZY_INDEX_KEY);
    const fuzzyRestored = Buffer.isBuffer(savedFuzzy) && this.fuzzy.restore(savedFuzzy, savedFingerprint);
    if (fuzzyRestored) for (const c of changes) this.fuzzy.apply(c.removed, shortFieldsOf(c));
    // A fed worker makes it (restored below, once it is done).
    else if (!fedPostings) this.fuzzy.load(this.fts.allShortFields());
    const vocabularyRestored = withTexts && this.restoreSaved(VOCABULARY_KEY, savedFingerprint, (json) => this.fts.vocabulary.restore(json));
    if (vocabularyRestored) for (const c of changes) this.fts.applyToVocabulary(c);
    else this.fts.loadVocabulary();
    if (postingsRestored) for (const c of changes) this.fts.postings.apply(c.removed, c.added);
    this.savedChanged = changed || !fuzzyRestored || !vocabularyRestored || !postingsRestored;
    this.attributes = new Map();
    this.passageTexts.clear();
    this.byNameKey = new Map();
    // Saved attributes describe one state of the index: that generation, with no batch under way,
    // and the very documents found here (the fingerprint). Anything else reads them again.
    const attributesState = `${generation} ${savedFingerprint}`;
    const savedAttributes = !changed && generation !== null ? this.savedText(ATTRIBUTES_KEY, attributesState) : null;
    const restored = savedAttributes === null ? null : parseAttributes(savedAttributes);
    const attributesRestored = restored !== null;
    this.memoryGeneration = generation;
    this.savedGeneration = attributesRestored ? generation : null;
    const loaded: Map<number, DocAttributes> = restored ?? loadAttributes(this.db);
    // Sized and filled up front, so that setting rowids in no order leaves it a packed array.
    let largest = 0;
    for (const rowid of loaded.keys()) largest = Math.max(largest, rowid);
    this.byRowid = new Array(largest + 1).fill(undefined);
    for (const [rowid, attrs] of loaded) this.setAttributes(rowid, attrs);
    this.names.clear();
    const namesRestored = attributesRestored && this.restoreSaved(NAMES_KEY, attributesState, (json) => this.names.restore(json));
    const postingsBuiltOnWorker = postingsBuild?.finish(this.fts.postings) ?? false;
    const postingsFed = postingsBuiltOnWorker && postingsBuild === fedPostings;
    const fuzzyFed = !fuzzyRestored && fedPostings !== null && fedPostings.restoreFuzzy(this.fuzzy);
    if (!fuzzyRestored && fedPostings && !fuzzyFed) this.fuzzy.load(this.fts.allShortFields());
    if (!postingsRestored && !postingsBuiltOnWorker) this.fts.loadPostings();
    this.save({
      postings: postingsBuiltOnWorker ? (postingsBuild?.savedPostings() ?? null) : null,
      fuzzy: fuzzyFed ? (fedPostings?.savedFuzzy() ?? null) : null,
    });
    // What the sync wrote is merged in turns after this.
    this.mergeDue = changed;
    this.scheduleNextTurn();
    return {
      reindexed: stale.length,
      fuzzyRestored,
      vocabularyRestored,
      postingsRestored,
      postingsBuiltOnWorker,
      postingsFed,
      fuzzyFed,
      attributesRestored,
      namesRestored,
    };
  }

  /**
   * The documents matching every group of a query that has a phrase (a group: terms, any of which
   * matches), ascending. FTS5 reads every word a prefix begins: `"language models" s` took 86 ms
   * (median) at 50k notes that way. So a group with a word typed as a prefix is matched in the
   * posting lists (its phrases, if any, by FTS5), and FTS5 matches the other groups together, as it
   * did the whole query before: it starts from the rarest of their words, where the posting lists
   * would list every document holding each (a title pasted with a hyphenated word in it, 9 words at
   * 50k notes: 49 ms listed, against under 35 ms in FTS5).
   */
  private matchGroups(groups: Term[][], expression: string): Int32Array {
    const prefixed = groups.filter((group) => group.some((term) => term.prefix && words(term.text).length === 1));
    if (prefixed.length === 0) return Int32Array.from(this.fts.matchIds(expression));
    const size = this.rowidLimit;
    // Each document's count of groups matched so far: it matches the query when it matched them all.
    const matched = new Uint16Array(size);
    let candidates: number[] = [];
    let counted = 0;
    /** Adds one group's matches (called once per group, with each of its matching documents). */
    const visitor = () => (rowid: number) => {
      if (rowid >= size || matched[rowid] !== counted) return;
      matched[rowid] = counted + 1;
      if (counted === 0) candidates.push(rowid);
    };
    const endGroup = () => {
      counted++;
      if (counted > 1) candidates = candidates.filter((rowid) => matched[rowid] === counted);
    };
    const rest = ftsExpression(groups.filter((group) => !prefixed.includes(group)));
    if (rest) {
      const visit = visitor();
      for (const rowid of this.fts.matchIds(rest)) visit(rowid);
      endGroup();
    }
    const expand = (prefix: string) => this.fts.vocabulary.wordsWithPrefix(prefix);
    for (const group of prefixed) {
      if (counted > 0 && candidates.length === 0) break;
      const single: RankTerm[] = [];
      const phrases: Term[] = [];
      for (const term of group) {
        const tokens = words(term.text);
        if (tokens.length === 1) single.push({ word: tokens[0] as string, prefix: term.prefix });
        else if (tokens.length > 1) phrases.push(term);
      }
      const visit = visitor();
      const ranked = this.fts.postings.rank([single], expand, false);
      for (let i = 0; i < ranked.count; i++) visit(ranked.rowids[i] as number);
      if (phrases.length > 0) for (const rowid of this.fts.matchIds(phrases.map(ftsTerm).join(' OR '))) visit(rowid);
      endGroup();
    }
    return Int32Array.from(candidates).sort();
  }

  /** A worker thread building the posting lists, when there is a database file and enough documents to be worth one. */
  private startPostingsBuild(fingerprint: string): PostingsBuild | null {
    const file = this.db.sqlite.name;
    if (this.db.sqlite.memory || !file) return null;
    const documents = this.db.sqlite.prepare('SELECT count(*) FROM search_docs').pluck().get() as number;
    return documents >= this.postingsWorkerFrom ? startPostingsBuild(file, fingerprint) : null;
  }

  private setAttributes(rowid: number, attrs: DocAttributes): void {
    this.attributes.set(rowid, attrs);
    // Rowids only grow: a new one is at most a few past the end, so the array stays packed.
    while (this.byRowid.length < rowid) this.byRowid.push(undefined);
    this.byRowid[rowid] = attrs;
    if (rowid >= this.flags.length) {
      const flags = new Uint8Array(Math.max(rowid + 1, Math.ceil(this.flags.length * 1.25)));
      flags.set(this.flags);
      this.flags = flags;
    }
    this.flags[rowid] = attrs.hidden || attrs.unlisted ? PRESENT : PRESENT | VISIBLE;
    // Interned here, not kept with the attributes: a typed array per document was ~58k more objects to restore at 50k notes.
    this.facetTable.set(rowid, this.facetKeys.keysOf(attrs), attrs.verdict);
    this.rowidLimit = Math.max(this.rowidLimit, rowid + 1);
    // Arrays, not sets: a key names one document or a few, and a set per key made filling this map
    // (156k titles, aliases and identifiers at 50k notes) take ~20-50% longer.
    for (const keys of [attrs.nameKeys, attrs.idKeys])
      for (const key of keys) {
        const named = this.byNameKey.get(key);
        if (named === undefined) this.byNameKey.set(key, rowid);
        else if (typeof named === 'number') {
          if (named !== rowid) this.byNameKey.set(key, [named, rowid]);
        } else if (!named.includes(rowid)) named.push(rowid);
      }
  }

  private removeAttributes(rowid: number): void {
    const attrs = this.attributes.get(rowid);
    if (!attrs) return;
    this.attributes.delete(rowid);
    this.byRowid[rowid] = undefined;
    this.flags[rowid] = 0;
    this.facetTable.delete(rowid);
    this.names.remove(rowid);
    if (attrs.path) this.passageTexts.forget(attrs.path);
    for (const keys of [attrs.nameKeys, attrs.idKeys])
      for (const key of keys) {
        const named = this.byNameKey.get(key);
        if (named === rowid) this.byNameKey.delete(key);
        else if (typeof named === 'object') {
          const at = named.indexOf(rowid);
          if (at >= 0) named.splice(at, 1);
          if (named.length === 1) this.byNameKey.set(key, named[0] as number);
        }
      }
  }

  /** Restores one saved in-memory index when it was saved for `fingerprint`. */
  private restoreSaved(key: string, fingerprint: string, restore: (json: string) => boolean): boolean {
    const json = this.savedText(key, fingerprint);
    return json !== null && restore(json);
  }

  /** The JSON saved under `key` when it was saved for `stateKey` (the line before it); null otherwise. */
  private savedText(key: string, stateKey: string): string | null {
    const saved = this.savedValue(key);
    if (typeof saved !== 'string') return null;
    const newline = saved.indexOf('\n');
    return saved.slice(0, newline) === stateKey ? saved.slice(newline + 1) : null;
  }

  /** What `save` stored under `key`: text (fingerprint, newline, JSON) or bytes (the fuzzy index, the posting lists); undefined if nothing. */
  private savedValue(key: string): unknown {
    return this.db.sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
  }

  /**
   * Saves the in-memory indexes (fuzzy index, vocabulary, posting lists, attributes) for the next
   * start when they changed since they were loaded (a few hundred ms at 10k notes:
   * done at start-up and at shutdown, never on a save's path). `made`: saved forms a worker
   * already made of the posting lists or fuzzy index now in memory (stored when their fingerprint
   * is the documents').
   */
  save(made: { postings: SavedForm | null; fuzzy: SavedForm | null } = { postings: null, fuzzy: null }): void {
    if (!this.db.sqlite.open) return;
    // The attributes are saved when they describe the settled index as it is now (see `memoryGeneration`).
    const generation = settledGeneration(this.db);
    const saveAttributes = generation !== null && generation === this.memoryGeneration && generation !== this.savedGeneration && !this.hasBacklog();
    if (!this.savedChanged && !saveAttributes) return;
    const fingerprint = this.fts.fingerprint();
    const put = this.db.sqlite.prepare(`INSERT OR REPLACE INTO meta (key, value, updated_at) VALUES (?, ?, unixepoch())`);
    this.db.sqlite.transaction(() => {
      if (this.savedChanged) {
        // Saved forms a worker made of what is in memory now, for these documents, are saved as they are.
        const current = (form: SavedForm | null) => (form?.fingerprint === fingerprint ? form.bytes : null);
        put.run(FUZZY_INDEX_KEY, current(made.fuzzy) ?? this.fuzzy.serialize(fingerprint));
        put.run(VOCABULARY_KEY, `${fingerprint}\n${asciiJson(this.fts.vocabulary.serialize())}`);
        put.run(POSTINGS_KEY, current(made.postings) ?? this.fts.postings.serialize(fingerprint));
      }
      if (saveAttributes) {
        // Having followed every batch up to this generation, the documents are in step with it: recorded
        // here, not in each batch's update, where the documents' aggregate cost ~10 ms at 50k notes.
        this.fts.markInStep(generation);
        put.run(ATTRIBUTES_KEY, `${generation} ${fingerprint}\n${asciiJson(serializeAttributes(this.attributes.values()))}`);
        put.run(NAMES_KEY, `${generation} ${fingerprint}\n${asciiJson(this.names.serialize())}`);
      }
    })();
    this.savedChanged = false;
    if (saveAttributes) this.savedGeneration = generation;
  }

  /**
   * Follows a batch of the index: the changed notes only (and the external papers when they may
   * have changed). A batch is applied in slices of about `sliceMs` (10 ms), the first one now: a watcher's
   * few files are searchable when this returns, and a whole vault's batch (a parser upgrade, a first
   * start) no longer holds the event loop for its whole length (15 s at 10k notes, 95 s at 50k),
   * while search answers from the documents applied so far. This batch's notes go before those
   * still waiting from an earlier one. `settled()` tells when the last slice is done.
   */
  update(change: IndexUpdate): void {
    // The batch being followed moved the generation by one; any more went by unseen.
    const generation = settledGeneration(this.db);
    const followed = this.memoryGeneration !== null && generation !== null && generation - this.memoryGeneration <= 1 && generation >= this.memoryGeneration;
    this.memoryGeneration = followed ? generation : null;
    const waiting = this.backlog.notePaths;
    this.backlog.notePaths = new Set(change.notePaths);
    for (const path of waiting) this.backlog.notePaths.add(path);
    this.backlog.papersChanged ||= change.papersChanged;
    for (const path of change.paperNotes ?? []) this.backlog.paperNotes.add(path);
    this.applySlice();
    this.scheduleNextTurn();
  }

  /** Resolves when every batch followed so far is applied (see `update`). */
  settled(): Promise<void> {
    if (!this.hasBacklog()) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  /** Resolves when every batch followed so far is applied, FTS5 has merged what they wrote (see `mergeTurn`) and the posting lists are packed. */
  idle(): Promise<void> {
    if (!this.hasBacklog() && !this.mergeDue && !this.fts.postings.rebuilding) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** How many notes of the batches followed are still to be applied (see `update`). */
  get backlogSize(): number {
    return this.backlog.notePaths.size;
  }

  private hasBacklog(): boolean {
    const b = this.backlog;
    return b.notePaths.size > 0 || b.papersChanged || b.paperNotes.size > 0 || b.verdictsMayChange;
  }

  /**
   * Applies the backlog's notes for about `sliceMs`, in one chunk sized by the pace measured so far;
   * with no note left, the papers and verdicts, whatever they take. What remains waits a turn.
   */
  private applySlice(): void {
    const b = this.backlog;
    if (!this.db.sqlite.open) {
      // Closed under a batch: what was not applied is found stale by the next `open`.
      b.notePaths.clear();
      b.paperNotes.clear();
      b.papersChanged = b.verdictsMayChange = false;
    } else {
      if (b.notePaths.size > 0) {
        // Sized in bytes of the notes' files: a note's cost follows its length (the longest are 25
        // times the median), and a chunk counted in notes held the loop 40-130 ms when it met a few.
        const budget = this.sliceMs / this.msPerByte;
        const chunk: string[] = [];
        let bytes = 0;
        for (const path of b.notePaths) {
          if (chunk.length === INCREMENTAL_LIMIT) break;
          const size = this.fts.fileSize(path) ?? REMOVED_NOTE_BYTES;
          // A note that would take the chunk past its budget waits for a slice of its own: added to
          // one nearly full, a long note (1% of them are over 40 KB) held the loop 35-80 ms at 50k.
          if (chunk.length > 0 && bytes + size > budget) break;
          chunk.push(path);
          bytes += size;
        }
        for (const path of chunk) b.notePaths.delete(path);
        const started = performance.now();
        if (this.applyChanges(chunk, false, [])) b.verdictsMayChange = true;
        // Paced on the last chunks (the machine's speed varies): their cost per byte, averaged over
        // chunks of at least half the budget. Paced on full chunks only, it followed mostly the long
        // notes alone in theirs, cheaper per byte, and slices took 20 ms at the median at 50k notes.
        if (bytes >= budget / 2) this.msPerByte = (this.msPerByte + Math.max(0.1, performance.now() - started) / bytes) / 2;
      }
      if (b.notePaths.size === 0) {
        if (b.papersChanged || b.paperNotes.size > 0) {
          const paperNotes = [...b.paperNotes];
          const papersChanged = b.papersChanged;
          b.paperNotes.clear();
          b.papersChanged = false;
          if (this.applyChanges([], papersChanged, paperNotes) || papersChanged) b.verdictsMayChange = true;
        }
        if (b.verdictsMayChange) {
          b.verdictsMayChange = false;
          // Once a batch, not per slice: ~6 ms at 10k notes.
          refreshPaperVerdicts(this.attributes, loadPaperVerdicts(this.db));
          for (const [rowid, attrs] of this.attributes) this.facetTable.setVerdict(rowid, attrs.verdict);
        }
      }
    }
  }

  /**
   * One turn of a batch's work after its first slice: a merge step when one is due; else a step of
   * the posting lists' rebuild (a rebuild at once held the loop 0.4-0.6 s at 50k notes), every other
   * turn while notes wait; else a slice.
   */
  private nextTurn(): void {
    this.nextSlice = null;
    const open = this.db.sqlite.open;
    if (open && this.mergeDue) this.mergeTurn();
    else if (open && this.fts.postings.rebuilding && (this.rebuildStepNext || !this.hasBacklog())) {
      this.fts.postings.continueRebuild(this.sliceMs);
      this.rebuildStepNext = false;
    } else {
      this.applySlice();
      this.rebuildStepNext = true;
    }
    this.scheduleNextTurn();
  }

  /**
   * After a slice or a turn: once the backlog is done, the deferred orders are brought in step and
   * `settled()` resolves; the next turn is scheduled while notes, merges or a rebuild remain, and
   * `idle()` resolves when none does.
   */
  private scheduleNextTurn(): void {
    if (!this.db.sqlite.open) this.mergeDue = false;
    if (!this.hasBacklog()) {
      if (this.db.sqlite.open) {
        // Deferred while slices ran: each would have moved or merged the whole order.
        this.fuzzy.flushTitles();
        this.fts.vocabulary.flushOrder();
      }
      for (const resolve of this.settledWaiters.splice(0)) resolve();
    }
    if (this.hasBacklog() || this.mergeDue || (this.db.sqlite.open && this.fts.postings.rebuilding)) {
      this.nextSlice ??= setImmediate(() => this.nextTurn());
      return;
    }
    if (this.nextSlice) clearImmediate(this.nextSlice);
    this.nextSlice = null;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /**
   * A turn of FTS5 segment merging (see `FtsIndex.leaveMergesToSteps`), after each slice that wrote:
   * the merges a commit used to make, in steps of their own. Once the backlog is done, merge
   * turns go on until FTS5 has nothing left to merge.
   */
  private mergeTurn(): void {
    // Steps of a few pages until the slice's time is spent: each level of segments is merged again
    // into the next, so merging writes several times what the slices wrote, and fixed steps of 32
    // pages fell behind until FTS5 merged 16 segments at once inside a commit (409 ms at 10k notes).
    const started = performance.now();
    let worked = false;
    this.db.sqlite.transaction(() => {
      while (this.fts.mergeStep(MERGE_PAGES)) {
        worked = true;
        if (performance.now() - started >= this.sliceMs) break;
      }
    })();
    this.mergeDue = worked && !this.hasBacklog();
  }

  /**
   * Brings the documents of `notePaths` (and the external papers, when `papersChanged`) in step with
   * the tables, with the in-memory indexes; returns whether the paper verdicts may have changed.
   */
  private applyChanges(notePaths: string[], papersChanged: boolean, paperNotePaths: string[]): boolean {
    const withTexts = notePaths.length <= INCREMENTAL_LIMIT;
    const changes = this.db.sqlite.transaction(() => {
      this.fts.leaveMergesToSteps();
      return [this.fts.syncNotes(notePaths, withTexts), ...(papersChanged ? [this.fts.syncExternalPapers(withTexts)] : [])];
    })();
    const removed = changes.flatMap((c) => c.removed);
    const added = changes.flatMap(shortFieldsOf);
    // The sorted orders (titles, words) are brought in step once the backlog is done (see `scheduleNextTurn`).
    this.fuzzy.apply(removed, added, true);
    // A rebuild of the posting lists' base this calls for is carried on in turns of its own (see `nextTurn`).
    for (const c of changes) this.fts.postings.apply(c.removed, c.added, true);
    if (removed.length || added.length) {
      this.savedChanged = true;
      this.mergeDue = true;
      // A batch past INCREMENTAL_LIMIT did not collect its texts: the vocabulary is read again from FTS5.
      if (withTexts) for (const c of changes) this.fts.applyToVocabulary(c, true);
      else this.fts.loadVocabulary();
    }
    // Only the changed documents are read again, and the paper notes whose paper records changed
    // (a bibliography may give one its venue or year; the indexer tells which). Paper verdicts follow
    // the replication logs: they may change when a log is removed or read again.
    let verdictsMayChange = false;
    const reread = new Set(added.map((a) => a.rowid));
    if (paperNotePaths.length) {
      const paperNotes = new Set(paperNotePaths);
      for (const [rowid, attrs] of this.attributes) if (attrs.path !== null && paperNotes.has(attrs.path)) reread.add(rowid);
    }
    for (const rowid of removed) {
      if (this.attributes.get(rowid)?.type === 'replication') verdictsMayChange = true;
      this.removeAttributes(rowid);
    }
    for (const rowid of reread) this.removeAttributes(rowid);
    const loaded = loadAttributes(this.db, [...reread]);
    for (const [rowid, attrs] of loaded) {
      if (attrs.type === 'replication') verdictsMayChange = true;
      this.setAttributes(rowid, attrs);
    }
    this.names.add(loaded.values());
    return verdictsMayChange;
  }

  search(q: string, options: SearchOptions): SearchResult {
    const query = parseQuery(q);
    const corrections: SearchResult['corrections'] = [];
    const groups = withoutEtAl(query.groups)
      .map((group) => group.map((term) => this.correct(term, corrections, options.publicOnly ?? false)))
      .filter((g) => g.length > 0);
    const expression = ftsExpression(groups);
    const excludedExpression = ftsExpression(
      query.excluded.filter(hasWords).map((t) => [{ ...t, prefix: false }]),
      ' OR ',
    );

    // Scores by rowid in dense arrays, and the matched rowids in a list: a common word matches most
    // of the vault, and an object per match cost more than the matching itself.
    const size = this.rowidLimit;
    const scratch = this.scratchScores(size);
    const { ftsScore, fuzzyScore, inPool, pool } = scratch;
    const add = (rowid: number, score: number) => {
      if (rowid >= size) return;
      ftsScore[rowid] = score;
      if (inPool[rowid] === 0) {
        inPool[rowid] = 1;
        pool[scratch.count++] = rowid;
      }
    };
    // Past RANK_ALL_MATCHES, documents are ordered by how well the query names them, not by bm25.
    let rankByNames = false;
    const plainWords = plainWordGroups(groups);
    if (expression && plainWords) {
      // Words only: the in-memory posting lists find and rank the matches, with FTS5's bm25. When one
      // group alone is sure to match more than RANK_ALL_MATCHES (a common word, as typed: `data`), the
      // matches will be ordered by names: bm25 is not computed for them.
      const expand = (prefix: string) => this.fts.vocabulary.wordsWithPrefix(prefix);
      const orderedByNames =
        plainWords.length === 1 && (plainWords[0] as RankTerm[]).some((t) => this.fts.vocabulary.matchesAtLeast(t.word, t.prefix) > RANK_ALL_MATCHES);
      let ranked = this.fts.postings.rank(plainWords, expand, !orderedByNames);
      // Should the vocabulary ever count more than the lists hold, the matches are ranked after all.
      if (orderedByNames && ranked.count <= RANK_ALL_MATCHES) ranked = this.fts.postings.rank(plainWords, expand);
      const { rowids, scores } = ranked;
      for (let i = 0; i < ranked.count; i++) add(rowids[i] as number, scores[i] as number);
      // With thousands of matches the query's words are common ones, whose IDF bm25 floors: it then
      // ranks by how often they repeat ("Data … Data … Data" titles). Naming them ranks better.
      rankByNames = ranked.count > RANK_ALL_MATCHES;
    } else if (expression) {
      // A phrase needs word positions: FTS5 finds its matches (see `matchGroups`). They are ranked by their words, scored in
      // memory like any word (one OR of all of them, each with its own IDF): FTS5's bm25 of a phrase
      // reads the phrase's every occurrence in the vault for its IDF, 5-20 ms for a common one at 10k notes.
      const ids = this.matchGroups(groups, expression);
      for (const rowid of ids) add(rowid, 0);
      if (ids.length > RANK_ALL_MATCHES) rankByNames = true;
      else if (ids.length > 0) {
        const ranked = this.fts.postings.rank([rankWords(groups)], (prefix) => this.fts.vocabulary.wordsWithPrefix(prefix));
        for (let i = 0; i < ranked.count; i++) {
          const rowid = ranked.rowids[i] as number;
          if (rowid < size && inPool[rowid] === 1) ftsScore[rowid] = ranked.scores[i] as number;
        }
      }
    }
    // A word corrected against the vocabulary is looked for as corrected: its typo is mended, and looking
    // for its misspellings in the fuzzy index (walking its whole tree) cost 1-7 ms a word at 10k notes.
    // A typo the vocabulary could not mend is still matched with typos there.
    const fuzzyWords = withCorrections(fuzzyQueryWords(query), corrections);
    if (fuzzyWords && !this.fuzzyNeedless(fuzzyWords)) {
      // The fuzzy index scores each word's matches before joining them: a common title word costs
      // thousands. Common words are left to FTS5 when a rarer word is there; the fuzzy hits, then a
      // superset, only add weight to what FTS5 matched (unless it matched nothing: a typo it could not mend).
      const narrowed = this.withoutCommonWords(fuzzyWords);
      const onlyMatched = narrowed.words.length < fuzzyWords.words.length && scratch.count > 0;
      // A word the vocabulary corrected is the closest indexed word already: its own neighbours are two typos from
      // what was typed (and fuzzy-matching "mode", mended from "modle", scored the 19k titles holding "model" at 50k notes).
      const corrected = new Set(corrections.map((c) => c.to));
      for (const hit of this.fuzzy.search(narrowed.words, narrowed.lastIsPrefix, corrected)) {
        if (hit.rowid >= size || (onlyMatched && inPool[hit.rowid] === 0)) continue;
        if (inPool[hit.rowid] === 0) add(hit.rowid, 0);
        fuzzyScore[hit.rowid] = hit.score;
      }
    }
    const hasPositive = groups.length > 0;
    const excludedRows = excludedExpression ? this.fts.matchIds(excludedExpression) : [];
    const excluded = excludedRows.length > 0 ? new Set(excludedRows) : null;
    const publicOnly = options.publicOnly ?? false;
    const allowed = query.filters.length > 0 ? this.filter(query.filters, publicOnly) : null;

    // Filter first, then normalise: the scale of the scores must not depend on documents the reader cannot see.
    // Documents are rowids from here on, their attributes fetched only where a filter, a tie or the page
    // needs them: with thousands of matches, fetching their scattered objects cost more than the rest.
    const candidates: ArrayLike<number> = hasPositive ? pool.subarray(0, scratch.count) : this.everyRowid();
    const needed = publicOnly ? VISIBLE : PRESENT;
    const flags = this.flags;
    const byRowid = this.byRowid;
    const kept = scratch.kept;
    let total = 0;
    for (let i = 0; i < candidates.length; i++) {
      const rowid = candidates[i] as number;
      if (((flags[rowid] ?? 0) & needed) === 0 || excluded?.has(rowid)) continue;
      if (allowed && !allowed(rowid)) continue;
      kept[total++] = rowid;
    }
    if (rankByNames) {
      const needles = snippetTerms(groups).map(({ word, prefix }) => (prefix ? ` ${word}` : ` ${word} `));
      for (let i = 0; i < total; i++) ftsScore[kept[i] as number] = 0;
      this.names.scores(needles, size, (rowid, score) => {
        if (inPool[rowid] === 1) ftsScore[rowid] = score;
      });
    }
    let maxFts = 1e-9;
    let maxFuzzy = 1e-9;
    for (let i = 0; i < total; i++) {
      const rowid = kept[i] as number;
      maxFts = Math.max(maxFts, ftsScore[rowid] as number);
      maxFuzzy = Math.max(maxFuzzy, fuzzyScore[rowid] as number);
    }
    const wholeQuery = words(
      groups
        .flat()
        .map((t) => t.text)
        .join(' '),
    ).join(' ');
    const scores = scratch.scores;
    // The documents the whole query names, flagged by rowid: looking each match up in their set cost more than its score.
    const namedBy = (wholeQuery && (this.byNameKey.get(wholeQuery) ?? this.byNameKey.get(withoutArxivPrefix(wholeQuery)))) || null;
    const namedExactly = typeof namedBy === 'number' ? [namedBy] : namedBy;
    const named = scratch.named;
    if (namedExactly) for (const rowid of namedExactly) if (rowid < size) named[rowid] = 1;
    if (hasPositive) {
      for (let i = 0; i < total; i++) {
        const rowid = kept[i] as number;
        const score = FTS_WEIGHT * ((ftsScore[rowid] as number) / maxFts) + FUZZY_WEIGHT * ((fuzzyScore[rowid] as number) / maxFuzzy);
        scores[i] = named[rowid] === 1 ? score + EXACT_TITLE_BONUS : score;
      }
    } else {
      // Filters alone: the most recently changed first.
      for (let i = 0; i < total; i++) scores[i] = (byRowid[kept[i] as number] as DocAttributes).updatedMs / 1e13;
    }
    if (namedExactly) for (const rowid of namedExactly) if (rowid < size) named[rowid] = 0;
    // Best first; at equal scores notes before papers without a note, then by folded title (and row, so the
    // order is total). Plain comparison, not localeCompare: ties are common (thousands of matches scored by
    // name, most naming nothing), and localeCompare cost more than the rest of the query.
    const tieOrder = (a: number, b: number) => {
      const x = byRowid[kept[a] as number] as DocAttributes;
      const y = byRowid[kept[b] as number] as DocAttributes;
      const xTitle = x.nameKeys[0] ?? '';
      const yTitle = y.nameKeys[0] ?? '';
      return Number(x.kind === 'paper') - Number(y.kind === 'paper') || (xTitle < yTitle ? -1 : xTitle > yTitle ? 1 : 0) || x.rowid - y.rowid;
    };
    const order = topByScore(scores, total, options.offset + options.limit, tieOrder).slice(options.offset);
    return {
      total,
      hits: this.hydrate(
        order.map((i) => ({ score: scores[i] as number, attrs: byRowid[kept[i] as number] as DocAttributes })),
        snippetTerms(groups),
        (term) => !this.isCommonWord(term.word, term.prefix),
      ),
      facets: this.facetTable.count(kept, total),
      corrections,
    };
  }

  /** Every document's rowid (filters alone select from all of them). */
  private everyRowid(): Int32Array {
    const rowids = new Int32Array(this.attributes.size);
    let count = 0;
    for (let rowid = 0; rowid < this.flags.length && count < rowids.length; rowid++) if (this.flags[rowid] !== 0) rowids[count++] = rowid;
    return rowids.subarray(0, count);
  }

  /** The score arrays, cleared, with room for rowids below `size`. */
  private scratchScores(size: number): SearchEngine['scratch'] {
    const s = this.scratch;
    if (s.inPool.length < size) {
      const room = Math.ceil(size * 1.25);
      this.scratch = {
        ftsScore: new Float64Array(room),
        fuzzyScore: new Float64Array(room),
        inPool: new Uint8Array(room),
        pool: new Int32Array(room),
        count: 0,
        kept: new Int32Array(room),
        scores: new Float64Array(room),
        named: new Uint8Array(room),
      };
      return this.scratch;
    }
    for (let i = 0; i < s.count; i++) {
      const rowid = s.pool[i] as number;
      s.ftsScore[rowid] = 0;
      s.fuzzyScore[rowid] = 0;
      s.inPool[rowid] = 0;
    }
    s.count = 0;
    return s;
  }

  /**
   * The notes whose text may contain one of `phrases` (a superset, from the full-text index), to
   * narrow a scan for exact mentions; null when the index cannot narrow it.
   */
  notesWithPhrase(phrases: readonly string[]): Set<string> | null {
    return this.fts.notesWithBodyPhrase(phrases);
  }

  /** Up to `limit` completions of the last word: matching titles first, then indexed words. */
  suggest(q: string, limit = 8, publicOnly = false): Suggestion[] {
    const typed = q.replace(/\s+$/, '');
    const all = words(typed);
    const last = all.at(-1);
    if (!last) return [];
    const before = typed.slice(0, typed.length - lastWordLength(typed));
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    for (const hit of this.fuzzy.suggestTitles(all, limit * 2)) {
      const attrs = this.attributes.get(hit.rowid);
      if (!attrs || (publicOnly && (attrs.hidden || attrs.unlisted)) || seen.has(attrs.title)) continue;
      seen.add(attrs.title);
      out.push({ kind: 'title', text: attrs.title, query: attrs.title, slug: attrs.slug });
      if (out.length >= Math.ceil(limit / 2)) break;
    }
    for (const { term } of this.fts.termsWithPrefix(last, limit * 4)) {
      if (out.length >= limit) break;
      if (term === last || seen.has(term) || (publicOnly && !this.termIsPublic(term))) continue;
      seen.add(term);
      out.push({ kind: 'term', text: term, query: `${before}${term}` });
    }
    return out.slice(0, limit);
  }

  /**
   * Whether the fuzzy index can be left out: every word (as corrected) is
   * in over `FUZZY_COMMON_DOCS` documents (the last, when it is a prefix, counting the
   * words it begins). The fuzzy index's cost grows with its matches (~2.5 µs each, and
   * with AND they are at most the rarest word's): 10–25 ms for common title words at 10k
   * notes, where its title signal adds little, since FTS5 weighs the same fields. A
   * rarer word keeps it, and so does a typo that could not be corrected.
   */
  private fuzzyNeedless(query: { words: string[]; lastIsPrefix: boolean }): boolean {
    const vocabulary = this.fts.vocabulary;
    return query.words.every((word, i) => vocabulary.matchCount(word, query.lastIsPrefix && i === query.words.length - 1) > FUZZY_COMMON_DOCS);
  }

  /** Whether a word is in at least half the documents (`COMMON_SHARE`). */
  private isCommonWord(word: string, prefix: boolean): boolean {
    return this.fts.vocabulary.matchCount(word, prefix) >= COMMON_SHARE * this.attributes.size;
  }

  /**
   * The query's words without its common ones that are also frequent (in over `FUZZY_COMMON_DOCS`
   * documents: where they cost), unless no word would be left. In a small vault every word stays:
   * there a common title word still tells the fuzzy index's AND which titles name all the words.
   */
  private withoutCommonWords(query: { words: string[]; lastIsPrefix: boolean }): { words: string[]; lastIsPrefix: boolean } {
    const last = query.words.length - 1;
    const vocabulary = this.fts.vocabulary;
    const frequent = (word: string, prefix: boolean) => vocabulary.matchCount(word, prefix) > FUZZY_COMMON_DOCS && this.isCommonWord(word, prefix);
    const kept = query.words.flatMap((word, i) => (frequent(word, query.lastIsPrefix && i === last) ? [] : [{ word, i }]));
    if (kept.length === 0) return query;
    return { words: kept.map((k) => k.word), lastIsPrefix: query.lastIsPrefix && kept.at(-1)?.i === last };
  }

  /** Replaces a word that is nowhere in the index by the closest indexed word, within the typo tolerance. */
  private correct(term: Term, corrections: SearchResult['corrections'], publicOnly: boolean): Term {
    if (term.phrase) return term;
    const tokens = words(term.text);
    if (tokens.length !== 1) return term;
    const token = tokens[0] as string;
    const known = term.prefix ? this.fts.hasPrefix(token) : this.fts.hasTerm(token);
    const edits = allowedEdits(token);
    if (known || edits === 0) return term;
    let best: { term: string; distance: number; docs: number } | null = null;
    for (const candidate of this.fts.correctionCandidates(token, edits)) {
      const distance = editDistance(token, candidate.term, edits);
      // In public mode a word that only hidden notes use must not be offered back.
      if (distance > edits || (publicOnly && !this.termIsPublic(candidate.term))) continue;
      if (!best || distance < best.distance || (distance === best.distance && candidate.docs > best.docs))
        best = { term: candidate.term, distance, docs: candidate.docs };
    }
    if (!best) return term;
    corrections.push({ from: term.text, to: best.term });
    return { text: best.term, phrase: false, prefix: false };
  }

  /** Whether a vocabulary word occurs in a document visitors may see. */
  private termIsPublic(term: string): boolean {
    return this.fts.matchIds(`"${term.replaceAll('"', '""')}"`).some((rowid) => {
      const attrs = this.attributes.get(rowid);
      return attrs !== undefined && !attrs.hidden && !attrs.unlisted;
    });
  }

  /**
   * A predicate over rowids for the query's filters (and public mode). Type and tag filters read
   * the packed facet keys; the others, and only then, the document's attributes (fetching those
   * of 10k matches cost ~1 µs each at 10k notes).
   */
  private filter(filters: Filter[], publicOnly: boolean): (rowid: number) => boolean {
    const byKey: Uint8Array[] = [];
    const checks: ((a: DocAttributes) => boolean)[] = [];
    if (publicOnly) checks.push((a) => !a.hidden && !a.unlisted);
    for (const f of filters) {
      switch (f.field) {
        case 'type':
          byKey.push(this.facetKeys.keysWhere('type', (type) => type === f.value));
          break;
        case 'tag':
          byKey.push(this.facetKeys.keysWhere('tag', (tag) => tag === f.value || tag.startsWith(`${f.value}/`)));
          break;
        case 'author': {
          const name = fold(f.value);
          checks.push((a) => a.authors.includes(name));
          break;
        }
        case 'year':
          checks.push((a) => a.year !== null && a.year >= f.from && a.year <= f.to);
          break;
        case 'status':
          checks.push((a) => a.status === f.value.toLowerCase());
          break;
        case 'verdict':
          checks.push((a) => a.verdict === f.value.toLowerCase());
          break;
        case 'venue': {
          const venue = fold(f.value);
          checks.push((a) => a.venue.includes(venue));
          break;
        }
        case 'path': {
          const prefix = f.value.replace(/^\/+/, '').toLowerCase();
          checks.push((a) => a.pathKey?.startsWith(prefix) ?? false);
          break;
        }
        case 'has':
          checks.push((a) => a.hasReplication);
          break;
        case 'cites': {
          const citing = this.notesCiting(f.value);
          checks.push((a) => a.path !== null && citing.has(a.path));
          break;
        }
      }
    }
    const byRowid = this.byRowid;
    const facetTable = this.facetTable;
    return (rowid) => {
      for (const wanted of byKey) if (!facetTable.hasAnyKey(rowid, wanted)) return false;
      if (checks.length === 0) return true;
      const attrs = byRowid[rowid];
      if (attrs === undefined) return false;
      for (const check of checks) if (!check(attrs)) return false;
      return true;
    };
  }

  /** Notes that cite a paper (named by citekey, arXiv id or DOI) by any identifier or by linking to its note. */
  private notesCiting(id: string): Set<string> {
    const value = id.replace(/^@/, '').replace(/^(arxiv|doi):/i, '');
    const rows = this.db.sqlite
      .prepare(
        `WITH paper AS (SELECT DISTINCT paper_id AS id FROM paper_ids WHERE value = ? OR value = lower(?) OR paper_id = ?)
         SELECT c.source_path FROM citations c JOIN paper_ids pi ON pi.kind = 'citekey' AND pi.value = c.key WHERE pi.paper_id IN paper
         UNION SELECT r.source_path FROM identifier_refs r JOIN paper_ids pi ON pi.kind = r.kind AND pi.value = r.value WHERE pi.paper_id IN paper
         UNION SELECT l.source_path FROM links l JOIN papers p ON p.note_path = l.target_path WHERE p.id IN paper AND l.source_path <> l.target_path`,
      )
      .pluck()
      .all(value, value, id) as string[];
    return new Set(rows);
  }

  /** The hits of a page with their passages, located by the `telling` terms (all of them when none is) and marked with all. */
  private hydrate(page: { score: number; attrs: DocAttributes }[], terms: SnippetTerm[], telling: (term: SnippetTerm) => boolean): SearchHit[] {
    const locate = terms.filter(telling);
    const texts = this.passageTexts.get(page.flatMap((p) => (p.attrs.path ? [p.attrs.path] : [])));
    return page.map(({ score, attrs }) => {
      const text = attrs.path ? texts.get(attrs.path) : undefined;
      const passage = text ? passageIn(text, terms, locate.length ? locate : terms) : null;
      return {
        slug: attrs.slug,
        path: attrs.path,
        title: attrs.title,
        type: attrs.type,
        score: Math.round(score * 1000) / 1000,
        snippet: passage?.html ?? '',
        heading: passage?.heading ?? null,
        external: attrs.kind === 'paper',
        paperId: attrs.paperId,
        year: attrs.year,
        tags: attrs.tags,
        verdict: attrs.verdict,
      };
    });
  }
}

function shortFieldsOf(changes: DocumentChanges): ShortFields[] {
  return changes.added.map((a) => shortFields(a.rowid, a.doc));
}

/** `arxiv 2401 05566` (a pasted `arXiv:2401.05566`) as the id alone, the key it names its paper by (see `DocAttributes.idKeys`); '' otherwise. */
function withoutArxivPrefix(key: string): string {
  return key.startsWith('arxiv ') && /\d/.test(key) ? key.slice('arxiv '.length) : '';
}

/** The words to mark in snippets: every positive word and phrase word, as corrected. */
function snippetTerms(groups: Term[][]): SnippetTerm[] {
  return groups.flat().flatMap((term) => words(term.text).map((word) => ({ word, prefix: term.prefix })));
}

/** "Qi et al. 2024" names a paper by its first author: "et al." itself names nobody and must not be required. */
function withoutEtAl(groups: Term[][]): Term[][] {
  const plain = (g: Term[], word: string) => g.length === 1 && !g[0]?.phrase && g[0]?.text.toLowerCase().replace(/\.$/, '') === word;
  const drop = new Set<number>();
  groups.forEach((g, i) => {
    const next = groups[i + 1];
    if (plain(g, 'et') && next && plain(next, 'al')) drop.add(i).add(i + 1);
  });
  return drop.size ? groups.filter((_, i) => !drop.has(i)) : groups;
}

/** The groups as single words (or prefixes), or null when a term is a phrase (several words), which needs FTS5. */
function plainWordGroups(groups: Term[][]): RankTerm[][] | null {
  const out: RankTerm[][] = [];
  for (const group of groups) {
    const terms: RankTerm[] = [];
    for (const term of group) {
      const tokens = words(term.text);
      if (tokens.length > 1) return null;
      if (tokens.length === 1) terms.push({ word: tokens[0] as string, prefix: term.prefix });
    }
    if (terms.length > 0) out.push(terms);
  }
  return out.length > 0 ? out : null;
}

/** Every word of the query's terms, once; the last word of a term typed as a prefix stays a prefix. */
function rankWords(groups: Term[][]): RankTerm[] {
  const seen = new Set<string>();
  const out: RankTerm[] = [];
  for (const term of groups.flat()) {
    const tokens = words(term.text);
    tokens.forEach((word, i) => {
      const prefix = term.prefix && i === tokens.length - 1;
      const key = `${prefix ? '*' : ''}${word}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ word, prefix });
    });
  }
  return out;
}

function hasWords(term: Term): boolean {
  return words(term.text).length > 0;
}

function ftsExpression(groups: Term[][], joiner = ' AND '): string | null {
  const parts = groups
    .map((group) => group.filter(hasWords).map(ftsTerm))
    .filter((alternatives) => alternatives.length > 0)
    .map((alternatives) => (alternatives.length > 1 ? `(${alternatives.join(' OR ')})` : (alternatives[0] as string)));
  return parts.length ? parts.join(joiner) : null;
}

/** The words the fuzzy index should match: only for plain word queries (phrases and OR are exact by nature). */
function fuzzyQueryWords(query: ParsedQuery): { words: string[]; lastIsPrefix: boolean } | null {
  if (query.groups.length === 0 || query.groups.some((g) => g.length > 1 || g.some((t) => t.phrase))) return null;
  const terms = query.groups.map((g) => g[0] as Term);
  const all = terms.flatMap((t) => words(t.text));
  return all.length ? { words: all, lastIsPrefix: terms.at(-1)?.prefix ?? false } : null;
}

/** The fuzzy query's words with the vocabulary's corrections in place (a corrected last word is no longer a prefix). */
function withCorrections(
  query: { words: string[]; lastIsPrefix: boolean } | null,
  corrections: SearchResult['corrections'],
): { words: string[]; lastIsPrefix: boolean } | null {
  if (!query || corrections.length === 0) return query;
  const corrected = new Map(corrections.map((c) => [words(c.from).join(' '), c.to]));
  const last = query.words.at(-1) ?? '';
  return { words: query.words.map((word) => corrected.get(word) ?? word), lastIsPrefix: query.lastIsPrefix && !corrected.has(last) };
}

function lastWordLength(text: string): number {
  const match = /[\p{L}\p{N}]+$/u.exec(text);
  return match ? match[0].length : 0;
}

/**
 * The best passage of a note and the heading it sits under. A passage never
 * spans two sections, so the heading it reports is the one it is really under.
 */
function passageIn(source: PassageText, terms: SnippetTerm[], locate: SnippetTerm[]): Passage & { heading: { text: string; id: string } | null } {
  const passage = bestPassageAmong(source.text, source.sections, terms, undefined, locate);
  return { ...passage, heading: source.sections[passage.section]?.heading ?? null };
}
