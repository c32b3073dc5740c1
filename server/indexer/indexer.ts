/**
 * Drives ingest into the database: finds what changed in the notes folder,
 * parses only that, replaces each file's rows (a transaction per run of parsed files), then
 * refreshes what is derived across files (link targets, papers, problems).
 *
 * Listeners (the search index, live-reload) hear about every batch, so they
 * can update for the changed notes only.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/connection.ts';
import { linkReplications, linkRowidBounds, rebuildDerivedProblems, rebuildPapers, resolveLinks } from '../db/derive.ts';
import { isIndexChanging, markIndexChanging, markIndexSettled, settledGeneration } from '../db/index-state.ts';
import { type FileInfo, NoteStore, noteKeys, type StoredFile } from '../db/note-store.ts';
import type { IngestResult } from '../ingest/ingest-file.ts';
import { PARSER_VERSION } from '../ingest/parser-version.ts';
import { toNotePath } from '../ingest/paths.ts';
import type { NotePath, ParsedNote, Problem } from '../ingest/types.ts';
import { compareFolder, compareFolderOnWorker, type FolderComparison, unchangedByStat } from './compare.ts';
import { type ParseJob, parseAll } from './parse-pool.ts';
import { fileKind, type ScannedFile } from './scan.ts';
import { turnsOf } from './turns.ts';

/** What listeners are told of a note added or changed. */
export type UpsertedNote = Pick<ParsedNote, 'path' | 'slug' | 'title'>;

export interface IndexChanges {
  /**
   * Notes added or changed: their names only. Listeners read the rest from the index. Holding
   * the parsed notes until the batch ended kept every record of a full re-index alive: at 50k
   * notes the main thread's heap grew by ~1 GB, and its young-generation collections, copying
   * them, paused the event loop 20-40 ms each while a served vault re-indexed.
   */
  upserted: UpsertedNote[];
  /** Paths of notes (or other files) that are gone. */
  removed: NotePath[];
  /** True when a bibliography changed (papers may have changed without any note changing). */
  bibliographyChanged: boolean;
  /** True when the paper records were derived again (their ids, metadata or replications may differ). */
  papersChanged: boolean;
  /** Paper notes whose paper records were derived differently, though the notes may not have changed. */
  paperNotesChanged: string[];
}

export interface IndexSummary {
  notes: number;
  papers: number;
  links: number;
  unresolvedLinks: number;
  problems: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  ms: number;
}

export interface IndexerOptions {
  notesDir: string;
  db: Database;
  /** Parse workers; 1 parses on the main thread. Defaults to the number of cores. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Who the index is for. `public` leaves hidden notes (draft, private,
   * unpublished) out of the database altogether, so nothing derived from them
   * (papers, links, search statistics, counts) can reach a visitor: a hidden
   * note is indexed exactly like a note that does not exist. Default `author`.
   */
  audience?: Audience;
}

export type Audience = 'author' | 'public';

type ChangeListener = (changes: IndexChanges) => void;

type Totals = Pick<IndexSummary, 'notes' | 'papers' | 'links' | 'unresolvedLinks' | 'problems'>;

/** A comparison of the folder with the index running on a worker thread (see `compareFolderOnWorker`). */
interface StartedComparison {
  started: number;
  /** Whether every stored record was taken as stale (see `parserChanged`). */
  everyFileChanged: boolean;
  comparison: Promise<FolderComparison | null>;
}

const PARSER_VERSION_KEY = 'parser-version';
const AUDIENCE_KEY = 'audience';
/** The totals counted by the last full sync, after the settled index generation they describe. */
const TOTALS_KEY = 'index-totals';
/** The paper signature of a file that gives the papers nothing (see `NoteStore.paperSignature`). */
const EMPTY_PAPER_SIGNATURE = '[null,[],null,0]';
/** Links resolved in the first range of a full batch; the next ranges are sized to take about `LINK_RANGE_MS`. */
const FIRST_LINK_RANGE = 500;
/** How long one range of a full batch's link resolution aims to take (a turn holds ranges for ~10 ms). */
const LINK_RANGE_MS = 4;

export class Indexer {
  readonly notesDir: string;
  readonly audience: Audience;
  private readonly db: Database;
  private readonly store: NoteStore;
  private readonly listeners = new Set<ChangeListener>();
  private readonly options: IndexerOptions;
  /** One batch at a time: a watcher event during a full sync waits for it. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Batches queued or running. */
  private pending = 0;

  constructor(options: IndexerOptions) {
    this.options = options;
    this.notesDir = options.notesDir;
    this.audience = options.audience ?? 'author';
    this.db = options.db;
    this.store = new NoteStore(options.db);
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Brings the index in step with the whole folder. When nothing else is queued, the folder's
   * comparison with the index starts at once on a worker thread: the caller may do other work
   * before it awaits the sync (the server restores its search indexes meanwhile).
   */
  syncAll(): Promise<IndexSummary> {
    const comparing = this.pending === 0 ? this.startComparison() : undefined;
    return this.enqueue(() => this.runSyncAll(comparing));
  }

  /** Re-indexes the given files only (added, changed or deleted), as a file watcher reports them. */
  syncPaths(absoluteOrRelativePaths: string[]): Promise<IndexSummary> {
    return this.enqueue(() => this.runSyncPaths(absoluteOrRelativePaths));
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.queue.then(task, task).finally(() => this.pending--);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Starts comparing the folder with the index on a worker thread, for a database file (an
   * in-memory one is seen by this connection only). The records it compares with are read on the
   * worker's own connection, as they are when it starts: only a batch queued after nothing else may
   * use it (see `syncAll`).
   */
  private startComparison(): StartedComparison | undefined {
    const dbFile = this.db.sqlite.name;
    if (this.db.sqlite.memory || !dbFile) return undefined;
    const everyFileChanged = this.parserChanged();
    return { started: performance.now(), everyFileChanged, comparison: compareFolderOnWorker({ root: this.notesDir, dbFile, everyFileChanged }) };
  }

  /**
   * Records made by another parser version are stale even when the file is not.
   * So are records made for another audience (an author index holds what a public one withholds).
   */
  private parserChanged(): boolean {
    return this.readMeta(PARSER_VERSION_KEY) !== String(PARSER_VERSION) || this.readMeta(AUDIENCE_KEY) !== this.audience;
  }

  private async runSyncAll(early?: StartedComparison): Promise<IndexSummary> {
    const started = early?.started ?? performance.now();
    const onWorker = early ?? this.startComparison();
    const parserChanged = onWorker?.everyFileChanged ?? this.parserChanged();
    const comparison = (await onWorker?.comparison) ?? compareFolder(this.notesDir, this.store.storedFiles(), parserChanged);
    const summary = await this.apply(comparison.candidates, comparison.removed, comparison.stored, {
      scope: 'all',
      scanProblems: comparison.problems,
      started,
      unchanged: comparison.unchanged,
    });
    if (parserChanged) {
      this.writeMeta(PARSER_VERSION_KEY, String(PARSER_VERSION));
      this.writeMeta(AUDIENCE_KEY, this.audience);
    }
    return summary;
  }

  private async runSyncPaths(paths: string[]): Promise<IndexSummary> {
    const started = performance.now();
    const wanted: { path: NotePath; kind: 'note' | 'bib' }[] = [];
    for (const raw of new Set(paths)) {
      const path = toNotePath(raw.startsWith('/') ? raw.slice(this.notesDir.length + 1) : raw);
      if (!path) continue;
      const kind = fileKind(path);
      if (kind) wanted.push({ path, kind });
    }
    const stored = this.store.storedFiles(wanted.map((w) => w.path));
    const files: ScannedFile[] = [];
    const removed: NotePath[] = [];
    for (const { path, kind } of wanted) {
      const scanned = statFile(this.notesDir, path, kind);
      if (scanned) files.push(scanned);
      else if (stored.has(path)) removed.push(path);
    }
    return this.apply(files, removed, stored, { scope: 'paths', started });
  }

  private async apply(
    candidates: ScannedFile[],
    removed: NotePath[],
    stored: Map<string, StoredFile>,
    run: { scope: 'all' | 'paths'; scanProblems?: Problem[]; started: number; unchanged?: number },
  ): Promise<IndexSummary> {
    const jobs: (ParseJob & { mtimeMs: number })[] = [];
    let added = 0;
    let parsed = 0;
    let unchanged = run.unchanged ?? 0;
    for (const file of candidates) {
      const before = stored.get(file.path);
      if (before && unchangedByStat(before, file)) {
        unchanged++;
        continue;
      }
      // Read and hashed with the parsing (on the parse workers for a large batch): a file whose
      // content is as indexed comes back unchanged.
      const job = { path: file.path, kind: file.kind, absolutePath: file.absolutePath, mtimeMs: file.mtimeMs };
      jobs.push(before?.hash ? { ...job, knownHash: before.hash } : job);
    }

    const changes: IndexChanges = { upserted: [], removed: [], bibliographyChanged: false, papersChanged: false, paperNotesChanged: [] };
    // Still marked as changing: the last batch never finished (the process died), so everything derived
    // is rebuilt and nothing half-resolved is served.
    const dirty = isIndexChanging(this.db);
    let markedChanging = false;
    /** Marks the index as changing before its first write (and only when something is written). */
    const beginChange = () => {
      if (markedChanging) return;
      markIndexChanging(this.db);
      markedChanging = true;
    };
    if (removed.length > 0 || dirty) beginChange();
    const touchedKeys = new Set<string>();
    const touchedSources: string[] = [];
    // Papers are rebuilt only when a batch can change them: a paper note, a replication log,
    // an arXiv/DOI mention or a bibliography, before or after the change.
    let papersMayChange = false;
    /** Replication logs rewritten without their paper changing: only their link to it needs restoring. */
    const relinkReplications: string[] = [];
    const removedFiles: NotePath[] = [];
    /** Removes a file's rows; runs inside a transaction. */
    const forget = (path: NotePath) => {
      for (const key of this.store.keysOf(path)) touchedKeys.add(key);
      if (this.store.definesPapers(path)) papersMayChange = true;
      if (stored.get(path)?.kind === 'bib') changes.bibliographyChanged = true;
      this.store.removeFile(path);
      removedFiles.push(path);
      changes.removed.push(path);
    };

    this.store.transaction(() => {
      for (const path of removed) forget(path);
    });

    let done = 0;
    // A full run (or one after an interrupted batch) rebuilds every paper anyway: no need to
    // compare what each file gives them (two queries a file, ~0.6 ms at 1k notes).
    const rebuildsEverything = dirty || run.scope === 'all';
    const signatureOf = (path: string) => (rebuildsEverything ? EMPTY_PAPER_SIGNATURE : this.store.paperSignature(path));
    await parseAll(
      jobs,
      (job, outcome) => {
        this.options.onProgress?.(++done, jobs.length);
        if (outcome.status === 'unchanged') {
          unchanged++;
          return;
        }
        if (outcome.status === 'missing') {
          // Deleted while indexing: removed, if it was indexed.
          if (stored.has(job.path)) {
            beginChange();
            forget(job.path);
          }
          return;
        }
        beginChange();
        parsed++;
        const before = stored.get(job.path);
        if (!before) added++;
        const info: FileInfo = { path: job.path, hash: outcome.hash, size: outcome.size, mtimeMs: job.mtimeMs, isNew: !before };
        const result = outcome.result;
        if (before) for (const key of this.store.keysOf(job.path)) touchedKeys.add(key);
        const paperSignature = signatureOf(job.path);
        if (result.kind === 'note' && this.audience === 'public' && isHidden(result.note)) {
          if (paperSignature !== EMPTY_PAPER_SIGNATURE) papersMayChange = true;
          this.store.putWithheld(info);
          // A note that was public and is now hidden leaves the search index like a deleted one.
          if (before?.kind === 'note') changes.removed.push(job.path);
          return;
        }
        this.write(result, info);
        if (signatureOf(job.path) !== paperSignature) papersMayChange = true;
        else if (result.kind === 'note' && result.note.type === 'replication') relinkReplications.push(result.note.path);
        if (result.kind === 'note') {
          changes.upserted.push({ path: result.note.path, slug: result.note.slug, title: result.note.title });
          touchedSources.push(result.note.path);
          for (const { key } of noteKeys(result.note)) touchedKeys.add(key);
        } else if (result.kind === 'bib') changes.bibliographyChanged = true;
      },
      this.options.workers,
      // One transaction per run of results: a commit per file rewrote the same index pages
      // to the WAL ten thousand times (11 s of a 10k cold index). A savepoint per file cost
      // another ~20% of the writing, for nothing: an error ends the whole batch either way.
      (handOver) => this.store.transaction(handOver),
    );
    const hasWork = parsed > 0 || removedFiles.length > 0;
    const nextTurn = turnsOf();

    // A full sync that changed nothing has nothing to derive again (the dirty marker
    // says whether the last batch finished); at 10k notes that saves ~1.5 s of a warm start.
    if (run.scope === 'all' && !hasWork && !dirty) {
      if (run.scanProblems) this.db.sqlite.transaction(() => this.replaceScanProblems(run.scanProblems as Problem[]))();
    } else if (hasWork || dirty) {
      const full = rebuildsEverything;
      if (full) {
        // Every link, in ranges of rowids with turns between: all at once held the event loop
        // ~0.4 s at 10k notes. Each range is sized on the last one's pace: a link costs more as the
        // vault grows (~11 µs at 10k notes, ~23 µs at 50k), and fixed ranges of 2,000 held it 45-55 ms.
        const [low, high] = linkRowidBounds(this.db);
        let span = FIRST_LINK_RANGE;
        for (let from = low; from <= high; ) {
          await nextTurn();
          const started = performance.now();
          const last = from + span - 1;
          this.db.sqlite.transaction(() => resolveLinks(this.db, { rowids: [from, last] }))();
          from = last + 1;
          const pace = LINK_RANGE_MS / Math.max(0.25, performance.now() - started);
          span = Math.max(50, Math.round(span * Math.min(2, pace)));
        }
      } else this.db.sqlite.transaction(() => resolveLinks(this.db, { sourcePaths: touchedSources, keys: [...touchedKeys] }))();
      if (run.scanProblems) this.db.sqlite.transaction(() => this.replaceScanProblems(run.scanProblems as Problem[]))();
      if (full || papersMayChange || changes.bibliographyChanged) {
        await nextTurn();
        changes.paperNotesChanged = await rebuildPapers(this.db, nextTurn);
        await nextTurn();
        rebuildDerivedProblems(this.db);
        changes.papersChanged = true;
      } else if (hasWork) {
        if (relinkReplications.length) linkReplications(this.db, relinkReplications);
        rebuildDerivedProblems(this.db, this.store.sourcesAffected([...touchedSources, ...removedFiles], [...touchedKeys]));
      }
      markIndexSettled(this.db);
    }

    // An interrupted batch finished now rebuilt what is derived (papers) with no file changed: a
    // listener opened before this sync (the server's search engine) hears of that too.
    if (hasWork || dirty) for (const listener of this.listeners) listener(changes);
    // A full sync's totals are read (and the database may be closed right after): counted now.
    const summary = this.summary(run.started, { added, changed: parsed - added, removed: removedFiles.length, unchanged }, run.scope === 'all');
    if (run.scope === 'all') void summary.notes;
    return summary;
  }

  /** Replaces one file's rows; runs inside the transaction of its run of results. */
  private write(result: IngestResult, info: FileInfo): void {
    if (result.kind === 'note') this.store.putNote(result.note, info);
    else if (result.kind === 'bib') this.store.putBibliography(result.bib, info);
    else this.store.putUnreadable(info, result.problems);
  }

  private replaceScanProblems(problems: Problem[]): void {
    this.db.sqlite.prepare(`DELETE FROM problems WHERE origin = 'scan'`).run();
    const insert = this.db.sqlite.prepare(`INSERT INTO problems (path, line, code, message, origin) VALUES (?, ?, ?, ?, 'scan')`);
    for (const p of problems) insert.run(p.path, p.line, p.code, p.message);
  }

  private readMeta(key: string): string | undefined {
    return this.db.sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  }

  private writeMeta(key: string, value: string): void {
    this.db.sqlite.prepare(`INSERT OR REPLACE INTO meta (key, value, updated_at) VALUES (?, ?, unixepoch())`).run(key, value);
  }

  /**
   * The batch's counts, and the index's totals, counted when first read (and as they are then):
   * at 10k notes counting costs ~20 ms, which a watcher's batch should not pay when nobody reads it.
   * The database must still be open when they are first read. A full sync's are counted at once,
   * or taken from the last full sync when no batch ran since (the links alone took ~100 ms of a
   * warm start at 50k notes); problems are counted anew, as a scan may have replaced its own.
   */
  private summary(started: number, counts: Pick<IndexSummary, 'added' | 'changed' | 'removed' | 'unchanged'>, full: boolean): IndexSummary {
    const ms = Math.round(performance.now() - started);
    const db = this.db;
    const count = (sql: string) => (db.sqlite.prepare(sql).pluck().get() as number) ?? 0;
    let totals: Totals | undefined;
    const total = (): Totals => {
      if (totals) return totals;
      // Both link counts in one pass over the links table (each pass ~60-80 ms at 50k notes).
      const links = db.sqlite
        .prepare(`SELECT count(*) AS links, count(*) FILTER (WHERE target_path IS NULL) AS unresolved FROM links WHERE kind <> 'external'`)
        .get() as { links: number; unresolved: number };
      totals = {
        notes: count('SELECT count(*) FROM notes'),
        papers: count('SELECT count(*) FROM papers'),
        links: links.links,
        unresolvedLinks: links.unresolved,
        problems: count('SELECT count(*) FROM problems'),
      };
      return totals;
    };
    if (full) {
      const generation = settledGeneration(db);
      const saved = generation === null ? undefined : this.readMeta(TOTALS_KEY);
      const state = `${generation} `;
      if (saved?.startsWith(state)) totals = { ...(JSON.parse(saved.slice(state.length)) as Totals), problems: count('SELECT count(*) FROM problems') };
      else if (generation !== null) this.writeMeta(TOTALS_KEY, `${state}${JSON.stringify(total())}`);
    }
    return {
      get notes() {
        return total().notes;
      },
      get papers() {
        return total().papers;
      },
      get links() {
        return total().links;
      },
      get unresolvedLinks() {
        return total().unresolvedLinks;
      },
      get problems() {
        return total().problems;
      },
      ...counts,
      ms,
    };
  }
}

function isHidden(note: ParsedNote): boolean {
  const v = note.visibility;
  return v.draft || v.private || !v.publish;
}

function statFile(notesDir: string, path: NotePath, kind: 'note' | 'bib'): ScannedFile | null {
  const absolutePath = join(notesDir, path);
  try {
    const stat = statSync(absolutePath);
    if (!stat.isFile()) return null;
    return { path, absolutePath, kind, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return null;
  }
}
