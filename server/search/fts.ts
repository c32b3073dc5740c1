/**
 * The SQLite FTS5 side of search: one row per document (a note, or a paper
 * without a note), kept in step with the notes table, and queried with bm25.
 * Bodies live here, not in memory: FTS5 stays fast and small at 50k notes.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/connection.ts';
import type { PaperRow } from '../db/derive.ts';
import { type IndexedColumns, Postings, PostingsBuilder } from './postings.ts';
import type { Term } from './query.ts';
import { camelParts } from './text.ts';
import { Vocabulary, type VocabularyTerm } from './vocabulary.ts';

/** Column weights for bm25, in the table's column order: title and aliases first, body last. */
export const COLUMN_WEIGHTS = { title: 10, aliases: 9, authors: 5, tags: 5, headings: 3, ids: 6, about: 2, parts: 1, body: 1 } as const;
export const COLUMNS = ['title', 'aliases', 'authors', 'tags', 'headings', 'ids', 'about', 'parts', 'body'] as const;

export interface SearchDocument {
  kind: 'note' | 'paper';
  notePath: string | null;
  paperId: string | null;
  hash: string | null;
  title: string;
  aliases: string[];
  authors: string[];
  tags: string[];
  headings: string[];
  /** Citekey, arXiv id, DOI, venue: what people paste into a search box. */
  ids: string[];
  /** What the document is about without being its name: for a replication log, the paper it replicates. */
  about: string[];
  body: string;
}

/**
 * The fields a fuzzy (typo-tolerant) index holds: short, and where typos matter most. Identifiers
 * are not among them: they were most of its words (71% at 10k notes, each arXiv id and DOI split
 * into numbers found in one document), and a number one edit away is another paper's. FTS5 finds
 * them as typed or begun, and a query that is one names its document (see `DocAttributes.idKeys`).
 */
export interface ShortFields {
  rowid: number;
  title: string;
  aliases: string;
  authors: string;
  tags: string;
}

export interface DocumentChanges {
  removed: number[];
  /** Each added document with its indexed columns (in the table's order). */
  added: { rowid: number; doc: SearchDocument; columns: string[] }[];
  /**
   * The indexed text (all columns) of the removed and added documents, when
   * asked for, so the in-memory vocabulary can follow without a rescan. A note
   * written again with the same text is in neither: its words count as they did.
   */
  removedTexts: string[];
  addedTexts: string[];
}

export function emptyChanges(): DocumentChanges {
  return { removed: [], added: [], removedTexts: [], addedTexts: [] };
}

/** Adds `more` to `into` (a batch written in parts). */
export function appendChanges(into: DocumentChanges, more: DocumentChanges): void {
  for (const key of ['removed', 'added', 'removedTexts', 'addedTexts'] as const) {
    const list = into[key] as unknown[];
    for (const item of more[key]) list.push(item);
  }
}

const SHORT_COLUMNS = {
  title: COLUMNS.indexOf('title'),
  aliases: COLUMNS.indexOf('aliases'),
  authors: COLUMNS.indexOf('authors'),
  tags: COLUMNS.indexOf('tags'),
};

/** The short fields of a document, from its indexed columns (as `allShortFields` reads them from the table). */
export function shortFieldsFromColumns({ rowid, columns }: IndexedColumns): ShortFields {
  const column = (i: number) => columns[i] ?? '';
  return {
    rowid,
    title: column(SHORT_COLUMNS.title),
    aliases: column(SHORT_COLUMNS.aliases),
    authors: column(SHORT_COLUMNS.authors),
    tags: column(SHORT_COLUMNS.tags),
  };
}

export function shortFields(rowid: number, doc: SearchDocument): ShortFields {
  return { rowid, title: doc.title, aliases: doc.aliases.join(' ; '), authors: doc.authors.join(' ; '), tags: doc.tags.join(' ') };
}

interface NoteDocRow {
  path: string;
  title: string;
  aliases: string;
  tags: string;
  headings: string;
  plainText: string;
  hash: string;
  authors: string | null;
  citekey: string | null;
  arxiv: string | null;
  doi: string | null;
  venue: string | null;
  replicatedTitle: string | null;
  replicatedCitekey: string | null;
  replicatedAuthors: string | null;
  replicatedYear: number | null;
}

/** What a paper without a note is indexed from. */
type ExternalPaperRow = Pick<PaperRow, 'id' | 'citekey' | 'title' | 'authors' | 'year' | 'venue' | 'arxiv' | 'doi'>;

const EXTERNAL_SIGNATURE_KEY = 'search-external-papers';
/** What the search documents were last brought in step with (see `markInStep`). */
const IN_STEP_KEY = 'search-in-step';
/** FTS5's `hashsize`: how much a transaction buffers before writing a segment (see `leaveMergesToSteps`). */
const FTS_WRITE_BUFFER = 16 * 1024 * 1024;

/** FTS5's `crisismerge`: how many segments a level may hold before a commit merges them all (see `leaveMergesToSteps`). */
const FTS_CRISIS_MERGE = 1000;

export class FtsIndex {
  private externalSignature: string | null = null;
  /** Whether this connection made FTS5's merges wait for `mergeStep` (see `leaveMergesToSteps`). */
  private mergesInSteps = false;
  private readonly s: Record<
    'deleteByPath' | 'deleteDoc' | 'docRowid' | 'insertDoc' | 'insertFts' | 'deleteFts' | 'noteDoc' | 'ftsText' | 'fileSize' | 'merge' | 'totalChanges',
    BetterSqlite3.Statement
  >;
  /** The vocabulary of the indexed documents, in memory (see `Vocabulary`); loaded by `loadVocabulary` or `restoreVocabulary`. */
  readonly vocabulary = new Vocabulary();
  // Prepared on first use (preparing costs more than a small query's matching).
  private matchIdsStatement: BetterSqlite3.Statement | undefined;
  /** The posting lists, in memory (see `Postings`): they find and rank queries of plain words. */
  readonly postings = newPostings();

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.sqlite.prepare(sql);
    this.s = {
      docRowid: p('SELECT rowid FROM search_docs WHERE note_path = ?'),
      fileSize: p('SELECT size FROM files WHERE path = ?').pluck(),
      merge: p(`INSERT INTO search_fts (search_fts, rank) VALUES ('merge', ?)`),
      totalChanges: p('SELECT total_changes()').pluck(),
      deleteByPath: p('DELETE FROM search_docs WHERE note_path = ?'),
      deleteDoc: p('DELETE FROM search_docs WHERE rowid = ?'),
      deleteFts: p('DELETE FROM search_fts WHERE rowid = ?'),
      ftsText: p(`SELECT concat_ws(' ', title, aliases, authors, tags, headings, ids, about, parts, body) FROM search_fts WHERE rowid = ?`).pluck(),
      insertDoc: p('INSERT INTO search_docs (kind, note_path, paper_id, hash) VALUES (?, ?, ?, ?)'),
      insertFts: p('INSERT INTO search_fts (rowid, title, aliases, authors, tags, headings, ids, about, parts, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      // A replication log is also found by the name of the paper it replicates.
      noteDoc: p(`SELECT n.path, n.title, n.aliases, n.tags, n.headings, n.plain_text AS plainText, f.hash,
          pn.authors, pn.citekey, pn.arxiv, pn.doi, pn.venue,
          rp.title AS replicatedTitle, rp.citekey AS replicatedCitekey, rp.authors AS replicatedAuthors, rp.year AS replicatedYear
        FROM notes n JOIN files f ON f.path = n.path LEFT JOIN paper_notes pn ON pn.note_path = n.path
        LEFT JOIN replications r ON r.note_path = n.path LEFT JOIN papers rp ON rp.id = r.paper_id
        WHERE n.path = ?`),
    };
  }

  /**
   * Re-indexes the given notes from their stored rows (a path whose note is gone is removed).
   * With `withTexts`, the changes carry the documents' indexed text (see `DocumentChanges`).
   */
  syncNotes(paths: Iterable<string>, withTexts = false): DocumentChanges {
    const changes = emptyChanges();
    // Every old row is deleted before any new one is written, in rowid order: FTS5 writes out what a
    // transaction holds whenever a row comes below the last one written, and a delete then an insert
    // per note made a segment of each note (a slice of 17 notes, 17 segments), merged again later.
    const unique = [...new Set(paths)];
    const indexed: { path: string; rowid: number }[] = [];
    for (const path of unique) {
      const found = this.s.docRowid.get(path) as { rowid: number } | undefined;
      if (found) indexed.push({ path, rowid: found.rowid });
    }
    const removedTexts = new Map<string, string>();
    for (const { path, rowid } of indexed.sort((a, b) => a.rowid - b.rowid)) {
      if (withTexts) removedTexts.set(path, (this.s.ftsText.get(rowid) as string | undefined) ?? '');
      this.s.deleteFts.run(rowid);
      this.s.deleteByPath.run(path);
      changes.removed.push(rowid);
    }
    for (const path of unique) {
      const removedText = removedTexts.get(path);
      const row = this.s.noteDoc.get(path) as NoteDocRow | undefined;
      if (row) {
        const doc = noteDocument(row);
        const { rowid, text, columns } = this.insert(doc);
        changes.added.push({ rowid, doc, columns });
        // A text written again as it was leaves the vocabulary as it is: neither is passed on. A
        // full re-index (a parser upgrade) rewrites mostly such texts, and following them word by
        // word was a third of its slices' time.
        if (withTexts && text === removedText) continue;
        if (withTexts) changes.addedTexts.push(text);
      }
      if (removedText !== undefined) changes.removedTexts.push(removedText);
    }
    return changes;
  }

  /** Whether the search tables hold no document (a new index, or one a migration emptied). */
  isEmpty(): boolean {
    return this.db.sqlite.prepare('SELECT NOT EXISTS (SELECT 1 FROM search_docs)').pluck().get() === 1;
  }

  /** The size in bytes of a note's file as indexed; undefined for a file no longer there. */
  fileSize(path: string): number | undefined {
    return this.s.fileSize.get(path) as number | undefined;
  }

  /**
   * Brings the documents of papers that have no note in step with the papers (they change whenever
   * bibliographies or links do). Each document keeps a hash of the paper row it was made from: only
   * papers added, changed or gone are rewritten (a bibliography edit rewrote all 8k documents at 50k
   * notes, and the fuzzy index and posting lists followed each).
   */
  syncExternalPapers(withTexts = false): DocumentChanges {
    const s = this.db.sqlite;
    const rows = s
      .prepare(`SELECT id, citekey, title, authors, year, venue, arxiv, doi FROM papers WHERE note_path IS NULL ORDER BY id`)
      .all() as ExternalPaperRow[];
    const rowTexts = rows.map((row) => JSON.stringify(row));
    // Most batches leave papers without notes as they were: one signature tells.
    const signature = createHash('sha1')
      .update(`[${rowTexts.join(',')}]`)
      .digest('hex');
    const indexed = s.prepare(`SELECT count(*) FROM search_docs WHERE kind = 'paper'`).pluck().get() as number;
    const changes = emptyChanges();
    if (signature === this.storedExternalSignature() && indexed > 0) return changes;
    this.externalSignature = signature;
    s.prepare(`INSERT OR REPLACE INTO meta (key, value, updated_at) VALUES (?, ?, unixepoch())`).run(EXTERNAL_SIGNATURE_KEY, signature);
    const current = new Map(
      rows.map((row, i) => [
        row.id,
        createHash('sha1')
          .update(rowTexts[i] as string)
          .digest('hex'),
      ]),
    );
    const documents = s.prepare(`SELECT rowid, paper_id AS paperId, hash FROM search_docs WHERE kind = 'paper'`).all() as {
      rowid: number;
      paperId: string;
      hash: string | null;
    }[];
    const kept = new Set<string>();
    for (const doc of documents) {
      if (current.get(doc.paperId) === doc.hash && !kept.has(doc.paperId)) {
        kept.add(doc.paperId);
        continue;
      }
      if (withTexts) changes.removedTexts.push((this.s.ftsText.get(doc.rowid) as string | undefined) ?? '');
      this.s.deleteFts.run(doc.rowid);
      this.s.deleteDoc.run(doc.rowid);
      changes.removed.push(doc.rowid);
    }
    for (const p of rows) {
      if (kept.has(p.id)) continue;
      const doc: SearchDocument = {
        kind: 'paper',
        notePath: null,
        paperId: p.id,
        hash: current.get(p.id) ?? null,
        title: p.title ?? p.id,
        aliases: [],
        authors: JSON.parse(p.authors) as string[],
        tags: [],
        headings: [],
        ids: identifiers(p),
        about: [],
        body: '',
      };
      const { rowid, text, columns } = this.insert(doc);
      changes.added.push({ rowid, doc, columns });
      if (withTexts) changes.addedTexts.push(text);
    }
    return changes;
  }

  /** The signature of the papers the paper documents were made from; kept in the database too, so a restart with unchanged papers reuses them. */
  private storedExternalSignature(): string | null {
    this.externalSignature ??=
      (this.db.sqlite.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(EXTERNAL_SIGNATURE_KEY) as string | undefined) ?? null;
    return this.externalSignature;
  }

  /**
   * Makes FTS5 leave its segments to `mergeStep` (its `automerge` set to 0, a setting stored in the
   * table): by default each commit also merged segments, in work proportional to what it wrote, and
   * those commits were the longest slices of a large batch (p90 16 ms, p99 26 ms for 8 notes at 10k,
   * against 3.5 / 14 ms with the merges in steps of their own). It also sets FTS5's write buffer
   * (`hashsize`) for large transactions. Call it in a write transaction.
   */
  leaveMergesToSteps(): void {
    if (this.mergesInSteps) return;
    const setting = this.db.sqlite.prepare(`SELECT v FROM search_fts_config WHERE k = ?`).pluck();
    if (setting.get('automerge') !== 0) this.db.sqlite.exec(`INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 0)`);
    // FTS5 flushes a transaction's terms to a new segment each time its buffer fills (1 MB by
    // default), and those segments are merged again. A whole vault written in one transaction (a
    // cold index, 50k notes) took 12.1-16.1 s with the default, 9.1-9.9 s with 16 MB (stored in the
    // table too). A watcher's small transactions never fill either buffer.
    if (setting.get('hashsize') !== FTS_WRITE_BUFFER) this.db.sqlite.exec(`INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', ${FTS_WRITE_BUFFER})`);
    // FTS5 still merges a whole level at once, inside a commit, when the level reaches `crisismerge`
    // segments (16 by default). A cold index leaves 15 at 50k notes, and a served re-index writes one
    // per slice; the steps merge a level's segments as one merge, and the 15 large ones take ~1,300
    // steps (~120 turns), while the slices go on adding. At 16, and again at 64, a commit took
    // 1.0-2.0 s. The steps follow every slice that writes, so the bound is only a safety net.
    if (setting.get('crisismerge') !== FTS_CRISIS_MERGE)
      this.db.sqlite.exec(`INSERT INTO search_fts (search_fts, rank) VALUES ('crisismerge', ${FTS_CRISIS_MERGE})`);
    this.mergesInSteps = true;
  }

  /**
   * Merges up to `pages` pages of the segments FTS5 left (a level with four or more, as `automerge`
   * would have): true when there was work, false once none is left. A large merge is carried on
   * from one step to the next.
   */
  mergeStep(pages: number): boolean {
    const before = this.s.totalChanges.get() as number;
    this.s.merge.run(Math.max(1, Math.round(pages)));
    // FTS5's own test: fewer than two changes means nothing was merged.
    return (this.s.totalChanges.get() as number) - before >= 2;
  }

  /**
   * Records that the search documents are in step with the notes and papers of the settled index
   * `generation` (see `settledGeneration`); call it in the transaction that brought them in step.
   */
  markInStep(generation: number): void {
    this.db.sqlite.prepare(`INSERT OR REPLACE INTO meta (key, value, updated_at) VALUES (?, ?, unixepoch())`).run(IN_STEP_KEY, this.stepState(generation));
  }

  /**
   * Whether the search documents were brought in step with the settled index `generation` and
   * have not changed since: then no note is stale and the papers are as indexed, without
   * comparing every note's hash (`staleNotes`, 17–40 ms at 10k notes, ~100–150 ms at 50k) or
   * every paper (`syncExternalPapers`). Any batch moves the generation; the documents' shape
   * (`documentsShape`) tells a migration that emptied the search tables.
   */
  inStepWith(generation: number | null): boolean {
    if (generation === null) return false;
    const saved = this.db.sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(IN_STEP_KEY);
    return saved === this.stepState(generation);
  }

  private stepState(generation: number): string {
    return `${generation} ${this.documentsShape()}`;
  }

  /** The documents' count, largest rowid and rowid sum: any change of the documents moves one (see `fingerprint`). */
  private documentsShape(): string {
    return (this.db.sqlite.prepare('SELECT count(*), ifnull(max(rowid), 0), total(rowid) FROM search_docs').raw().get() as number[]).join(' ');
  }

  /**
   * What the search documents were made from: equal fingerprints, equal documents. Documents are
   * only ever inserted and deleted, never updated, and their rowids are never reused (AUTOINCREMENT):
   * any change moves their count or their largest rowid (migrations empty the table, never drop it:
   * test/db/migrations.test.ts). Hashing every document's row took 90-120 ms of a warm start at 50k notes.
   */
  fingerprint(): string {
    return createHash('sha1')
      .update(this.storedExternalSignature() ?? '')
      .update('\n')
      .update(this.documentsShape())
      .digest('hex');
  }

  /** Notes whose search row is missing or was made from other content, and search rows whose note is gone. */
  staleNotes(): string[] {
    return this.db.sqlite
      .prepare(
        `SELECT n.path FROM notes n JOIN files f ON f.path = n.path LEFT JOIN search_docs d ON d.note_path = n.path
           WHERE d.hash IS NULL OR d.hash <> f.hash
           UNION SELECT d.note_path FROM search_docs d WHERE d.kind = 'note' AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.path = d.note_path)`,
      )
      .pluck()
      .all() as string[];
  }

  /** Inserts a document; returns its rowid, its columns and its indexed text (every column, space-separated). */
  private insert(doc: SearchDocument): { rowid: number; text: string; columns: string[] } {
    const rowid = Number(this.s.insertDoc.run(doc.kind, doc.notePath, doc.paperId, doc.hash).lastInsertRowid);
    const partsSource = [doc.title, ...doc.aliases, ...doc.headings, ...doc.tags, doc.body].join(' ');
    const columns = [
      doc.title,
      doc.aliases.join(' ; '),
      doc.authors.join(' ; '),
      doc.tags.join(' '),
      doc.headings.join(' ; '),
      doc.ids.join(' '),
      doc.about.join(' ; '),
      [...new Set(camelParts(partsSource))].join(' '),
      doc.body,
    ];
    this.s.insertFts.run(rowid, ...columns);
    return { rowid, text: columns.join(' '), columns };
  }

  /** Reads the whole vocabulary from FTS5 (~0.3 s at 10k notes: at start-up, or after a large batch). */
  loadVocabulary(): void {
    this.vocabulary.load(documentsPerWordFrom(this.db.sqlite));
  }

  /** Reads every document's columns into the posting lists (~2 s at 10k notes: when no saved copy fits). */
  loadPostings(): void {
    loadPostingsFrom(this.db.sqlite, this.postings);
  }

  /** Brings the in-memory vocabulary in step with a batch's changes (made `withTexts`); see `Vocabulary.apply` for `deferOrder`. */
  applyToVocabulary(changes: DocumentChanges, deferOrder = false): void {
    this.vocabulary.apply(changes.removedTexts, changes.addedTexts, deferOrder);
  }

  /** The short fields of every document, to build the in-memory fuzzy index at start-up. */
  allShortFields(): ShortFields[] {
    return (this.db.sqlite.prepare('SELECT rowid, title, aliases, authors, tags FROM search_fts').all() as ShortFields[]).map((r) => ({
      rowid: r.rowid,
      title: r.title,
      aliases: r.aliases,
      authors: r.authors,
      tags: r.tags,
    }));
  }

  /** The rowids of every match, unranked: cheap, for counts, facets and exclusions. */
  matchIds(expression: string): number[] {
    this.matchIdsStatement ??= this.db.sqlite.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ?').pluck();
    return this.matchIdsStatement.all(expression) as number[];
  }

  /**
   * The notes whose body holds one of `phrases`: its words side by side, as FTS5's tokenizer splits
   * and folds them (so a superset of the notes where the phrase is written exactly). Null when a
   * phrase has no word the tokenizer keeps, and so cannot narrow anything.
   */
  notesWithBodyPhrase(phrases: readonly string[]): Set<string> | null {
    const tokenized = phrases.map((phrase) => phrase.split(/[^\p{L}\p{N}\p{M}\p{Co}]+/u).filter(Boolean));
    if (tokenized.length === 0 || tokenized.some((tokens) => tokens.length === 0)) return null;
    const expression = tokenized.map((tokens) => `body : "${tokens.join(' ').replaceAll('"', '""')}"`).join(' OR ');
    const paths = this.db.sqlite
      .prepare(`SELECT d.note_path FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid WHERE search_fts MATCH ? AND d.note_path IS NOT NULL`)
      .pluck()
      .all(expression) as string[];
    return new Set(paths);
  }

  /**
   * Whether the index holds this (folded) word. The in-memory vocabulary answers; a word it lacks
   * is confirmed with FTS5 itself (cheap for a rare word), so that a word the two tokenizers
   * split differently is never taken for a typo.
   */
  hasTerm(term: string): boolean {
    return this.vocabulary.has(term) || this.db.sqlite.prepare('SELECT 1 FROM search_vocab WHERE term = ?').get(term) !== undefined;
  }

  /** Whether any indexed word starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    return this.vocabulary.hasPrefix(prefix);
  }

  /** Vocabulary terms starting with `prefix`, most documents first. */
  termsWithPrefix(prefix: string, limit: number): VocabularyTerm[] {
    return this.vocabulary.withPrefix(prefix, limit);
  }

  /** Candidate corrections for a term: vocabulary terms sharing its first letter and of a similar length. */
  correctionCandidates(term: string, maxEdits: number): VocabularyTerm[] {
    return this.vocabulary.correctionCandidates(term, maxEdits);
  }
}

function noteDocument(row: NoteDocRow): SearchDocument {
  return {
    kind: 'note',
    notePath: row.path,
    paperId: null,
    hash: row.hash,
    title: row.title,
    aliases: JSON.parse(row.aliases) as string[],
    authors: row.authors ? (JSON.parse(row.authors) as string[]) : [],
    tags: JSON.parse(row.tags) as string[],
    headings: (JSON.parse(row.headings) as { text: string }[]).map((h) => h.text),
    ids: identifiers(row),
    about: replicatedPaperNames(row),
    body: row.plainText,
  };
}

/** What names the paper a replication log replicates: citekey, title, first author's surname, year. */
function replicatedPaperNames(row: NoteDocRow): string[] {
  const firstAuthor = row.replicatedAuthors ? (JSON.parse(row.replicatedAuthors) as string[])[0]?.split(',')[0] : undefined;
  return [row.replicatedCitekey, row.replicatedTitle, firstAuthor, row.replicatedYear?.toString()].filter((x): x is string => Boolean(x));
}

function identifiers(p: { citekey: string | null; arxiv: string | null; doi: string | null; venue: string | null }): string[] {
  return [p.citekey, p.arxiv ? `arXiv:${p.arxiv}` : null, p.doi, p.venue].filter((x): x is string => Boolean(x));
}

/** Quotes a term for an FTS5 expression: `"word"`, `"word"*`, `"a phrase"`. */
export function ftsTerm(term: Term): string {
  const quoted = `"${term.text.replaceAll('"', '""')}"`;
  return term.prefix ? `${quoted}*` : quoted;
}

/** Empty posting lists weighted as the FTS table's columns. */
export function newPostings(): Postings {
  return new Postings(COLUMNS.map((c) => COLUMN_WEIGHTS[c]));
}

export function newPostingsBuilder(): PostingsBuilder {
  return new PostingsBuilder(COLUMNS.map((c) => COLUMN_WEIGHTS[c]));
}

/**
 * Reads every document's columns from the FTS table of `sqlite` into `postings`. Also run on a
 * worker thread (`postings-build.ts`), with a connection of its own.
 */
export function loadPostingsFrom(sqlite: BetterSqlite3.Database, postings: Postings): void {
  const rows = sqlite
    .prepare(`SELECT rowid, ${COLUMNS.join(', ')} FROM search_fts`)
    .raw()
    .iterate() as Iterable<[number, ...(string | null)[]]>;
  postings.load(
    (function* (): Iterable<IndexedColumns> {
      for (const [rowid, ...columns] of rows) yield { rowid, columns: columns.map((c) => c ?? '') };
    })(),
  );
}

/** FTS5's count of documents holding each word, read from `search_vocab`. */
export function documentsPerWordFrom(sqlite: BetterSqlite3.Database): Iterable<[string, number]> {
  return sqlite.prepare('SELECT term, doc FROM search_vocab').raw().iterate() as Iterable<[string, number]>;
}
