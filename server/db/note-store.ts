/**
 * The write side of the index: replaces or removes all rows of one file.
 *
 * Uses prepared statements on the raw connection rather than the query
 * builder: a cold index writes hundreds of thousands of rows and the builder's
 * per-call cost would dominate it.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { noteName } from '../ingest/paths.ts';
import type { ParsedBibliography, ParsedNote, Problem } from '../ingest/types.ts';
import type { Database } from './connection.ts';

export interface StoredFile {
  path: string;
  hash: string;
  size: number;
  mtimeMs: number;
  kind: string;
  /** When the file was last indexed (ms since the epoch). */
  indexedAt: number;
}

export interface FileInfo {
  path: string;
  hash: string;
  size: number;
  mtimeMs: number;
  /**
   * The index holds no row of this file (it was not there when the batch began): nothing to
   * clear before writing. Ten deletes a file, each a lookup, were ~0.4 s of a cold index at 10k notes.
   */
  isNew?: boolean;
}

const STORED_FILES_SQL = 'SELECT path, hash, size, mtime_ms AS mtimeMs, kind, indexed_at AS indexedAt FROM files';

/**
 * What is stored about every file, read on any connection to the index (`NoteStore.storedFiles`
 * reads it on the writer's; the folder comparison's worker thread opens its own).
 */
export function readStoredFiles(sqlite: BetterSqlite3.Database): Map<string, StoredFile> {
  return new Map((sqlite.prepare(STORED_FILES_SQL).all() as StoredFile[]).map((r) => [r.path, r]));
}

/** Key priorities for link resolution, best first (Obsidian's order: path, file name, title, alias). */
export const KEY_PRIORITY = { file: 0, path: 1, name: 2, title: 3, alias: 4 } as const;

/** The names a note can be linked by, lower-cased. */
export function noteKeys(note: Pick<ParsedNote, 'path' | 'title' | 'aliases'>): { key: string; priority: number }[] {
  const lower = note.path.toLowerCase();
  const keys = [
    { key: lower, priority: KEY_PRIORITY.file },
    { key: lower.replace(/\.md$/, ''), priority: KEY_PRIORITY.path },
    { key: noteName(note.path).toLowerCase(), priority: KEY_PRIORITY.name },
    { key: note.title.trim().toLowerCase(), priority: KEY_PRIORITY.title },
    ...note.aliases.map((alias) => ({ key: alias.trim().toLowerCase(), priority: KEY_PRIORITY.alias })),
  ];
  const seen = new Set<string>();
  return keys.filter(({ key, priority }) => {
    const id = `${key}\0${priority}`;
    if (!key || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

type Stmt = BetterSqlite3.Statement;

/** Tables whose rows all come from one note, and the column naming that note. */
const PER_NOTE_TABLES = {
  notes: 'path',
  note_keys: 'path',
  links: 'source_path',
  citations: 'source_path',
  identifier_refs: 'source_path',
  tags: 'note_path',
  paper_notes: 'note_path',
  replications: 'note_path',
  claims: 'note_path',
} as const;

export class NoteStore {
  private readonly s: Record<string, Stmt>;

  constructor(private readonly db: Database) {
    const p = (sql: string) => db.sqlite.prepare(sql);
    this.s = {
      upsertFile: p(`INSERT INTO files (path, kind, hash, size, mtime_ms, indexed_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(path) DO UPDATE SET kind = excluded.kind, hash = excluded.hash, size = excluded.size, mtime_ms = excluded.mtime_ms, indexed_at = excluded.indexed_at`),
      deleteFile: p('DELETE FROM files WHERE path = ?'),
      deleteFileProblems: p(`DELETE FROM problems WHERE path = ? AND origin = 'file'`),
      deleteBib: p('DELETE FROM bib_entries WHERE source_path = ?'),
      insertNote: p(`INSERT INTO notes (path, slug, type, title, title_source, aliases, tags, created, updated, draft, private, publish, unlisted,
        front_matter, reading_status, rating, headings, body, body_line, plain_text, word_count, mtime_ms)
        VALUES (@path, @slug, @type, @title, @titleSource, @aliases, @tags, @created, @updated, @draft, @private, @publish, @unlisted,
        @frontMatter, @readingStatus, @rating, @headings, @body, @bodyLine, @plainText, @wordCount, @mtimeMs)`),
      slugTaken: p('SELECT 1 FROM notes WHERE slug = ? AND path <> ?'),
      insertKey: p('INSERT OR IGNORE INTO note_keys (key, path, priority) VALUES (?, ?, ?)'),
      insertLink: p(`INSERT INTO links (source_path, kind, target, target_key, alt_key, match, anchor, label, line, context, target_path)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertCitation: p(`INSERT INTO citations (source_path, key, mode, suppress_author, prefix, locator, line, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      insertIdentifier: p('INSERT INTO identifier_refs (source_path, kind, value, line, context) VALUES (?, ?, ?, ?, ?)'),
      insertTag: p('INSERT OR IGNORE INTO tags (note_path, tag) VALUES (?, ?)'),
      insertPaperNote: p(`INSERT INTO paper_notes (note_path, citekey, title, authors, year, venue, arxiv, doi, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertReplication: p(`INSERT INTO replications (note_path, replicates, target_kind, target_value, status, verdict, code, "commit", compute)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertClaim: p(`INSERT INTO claims (note_path, position, claim_id, text, metric, paper, ours, verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      insertBib: p(`INSERT INTO bib_entries (source_path, citekey, entry_type, line, title, authors, year, venue, arxiv, doi, url, fields)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertProblem: p(`INSERT INTO problems (path, line, code, message, origin) VALUES (?, ?, ?, ?, ?)`),
      fileHashes: p(STORED_FILES_SQL),
      keysOf: p('SELECT key FROM note_keys WHERE path = ?'),
      paperSignature: p(`SELECT json_array(
           (SELECT json_array(citekey, title, authors, year, venue, arxiv, doi, url) FROM paper_notes WHERE note_path = @path),
           (SELECT json_group_array(id) FROM (SELECT DISTINCT kind || ':' || value AS id FROM identifier_refs WHERE source_path = @path ORDER BY id)),
           (SELECT json_array(target_kind, target_value) FROM replications WHERE note_path = @path),
           (SELECT count(*) FROM bib_entries WHERE source_path = @path))`),
      definesPapers: p(`SELECT 1 WHERE EXISTS (SELECT 1 FROM paper_notes WHERE note_path = @path) OR EXISTS (SELECT 1 FROM replications WHERE note_path = @path)
          OR EXISTS (SELECT 1 FROM identifier_refs WHERE source_path = @path) OR EXISTS (SELECT 1 FROM bib_entries WHERE source_path = @path)`),
    };
    for (const [table, column] of Object.entries(PER_NOTE_TABLES)) {
      this.s[`delete_${table}`] = p(`DELETE FROM ${table} WHERE ${column} = ?`);
    }
  }

  private stmt(name: string): Stmt {
    const statement = this.s[name];
    if (!statement) throw new Error(`NoteStore: no statement ${name}`);
    return statement;
  }

  /** What is stored about every file, or about the given paths only (a watcher's batch names a few among thousands). */
  storedFiles(paths?: string[]): Map<string, StoredFile> {
    const rows = (
      paths
        ? this.db.sqlite.prepare(`${STORED_FILES_SQL} WHERE path IN (SELECT value FROM json_each(?))`).all(JSON.stringify(paths))
        : this.stmt('fileHashes').all()
    ) as StoredFile[];
    return new Map(rows.map((r) => [r.path, r]));
  }

  /**
   * What this file's stored rows give the paper records: its paper metadata,
   * the identifiers it names, the paper it replicates. When an edit leaves this
   * unchanged, the papers cannot have changed (most saves of a paper note touch
   * only its prose).
   */
  paperSignature(path: string): string {
    return this.stmt('paperSignature').pluck().get({ path }) as string;
  }

  /** Whether the stored rows of this file feed the paper records (a paper note, a replication log, an identifier, a bibliography). */
  definesPapers(path: string): boolean {
    return this.stmt('definesPapers').get({ path }) !== undefined;
  }

  /** The notes whose derived problems a batch can change: the changed notes, and those whose links name a changed note. */
  sourcesAffected(paths: string[], keys: string[]): string[] {
    const linking = this.db.sqlite
      .prepare(
        // A UNION, not an OR: each side uses its own index.
        `SELECT source_path FROM links WHERE target_key IN (SELECT value FROM json_each(@keys))
         UNION SELECT source_path FROM links WHERE alt_key IN (SELECT value FROM json_each(@keys))`,
      )
      .pluck()
      .all({ keys: JSON.stringify(keys) }) as string[];
    return [...new Set([...paths, ...linking])];
  }

  /** The lower-cased names a stored note can be linked by (before it changes), to re-resolve links that named it. */
  keysOf(path: string): string[] {
    return (this.stmt('keysOf').all(path) as { key: string }[]).map((r) => r.key);
  }

  private clearNoteRows(path: string): void {
    for (const table of Object.keys(PER_NOTE_TABLES)) this.stmt(`delete_${table}`).run(path);
    this.stmt('deleteFileProblems').run(path);
  }

  /** Removes every row that came from the file at `path` (a note or a bibliography). */
  removeFile(path: string): void {
    this.clearNoteRows(path);
    this.stmt('deleteBib').run(path);
    this.stmt('deleteFile').run(path);
  }

  /** Records a file that could not be indexed as a note (binary, unreadable), with its problems. */
  putUnreadable(file: FileInfo, problems: Problem[]): void {
    if (!file.isNew) this.removeFile(file.path);
    this.stmt('upsertFile').run(file.path, 'unreadable', file.hash, file.size, file.mtimeMs, Date.now());
    this.insertProblems(problems);
  }

  /**
   * Records a note that a public index leaves out (draft, private, unpublished):
   * only its file and hash, so an unchanged file is not parsed again, and
   * nothing a visitor could reach: no title, links, citations or text.
   */
  putWithheld(file: FileInfo): void {
    if (!file.isNew) this.removeFile(file.path);
    this.stmt('upsertFile').run(file.path, 'withheld', file.hash, file.size, file.mtimeMs, Date.now());
  }

  putNote(note: ParsedNote, file: FileInfo): void {
    if (!file.isNew) {
      this.clearNoteRows(note.path);
      this.stmt('deleteBib').run(note.path);
    }
    this.stmt('upsertFile').run(file.path, 'note', file.hash, file.size, file.mtimeMs, Date.now());
    const v = note.visibility;
    this.stmt('insertNote').run({
      path: note.path,
      slug: this.uniqueSlug(note.slug, note.path),
      type: note.type,
      title: note.title,
      titleSource: note.titleSource,
      aliases: JSON.stringify(note.aliases),
      tags: JSON.stringify(note.tags),
      created: note.created ?? null,
      updated: note.updated ?? null,
      draft: +v.draft,
      private: +v.private,
      publish: +v.publish,
      unlisted: +v.unlisted,
      frontMatter: JSON.stringify(note.frontMatter),
      readingStatus: note.readingStatus ?? null,
      rating: note.rating ?? null,
      headings: JSON.stringify(note.headings),
      body: note.body,
      bodyLine: note.bodyLine,
      plainText: note.plainText,
      wordCount: note.wordCount,
      mtimeMs: file.mtimeMs,
    });
    for (const { key, priority } of noteKeys(note)) this.stmt('insertKey').run(key, note.path, priority);
    for (const l of note.links) {
      // A heading link inside the same note resolves to the note itself.
      const selfTarget = l.kind !== 'external' && !l.targetKey ? note.path : null;
      this.stmt('insertLink').run(
        note.path,
        l.kind,
        l.target,
        l.targetKey ?? null,
        l.altKey ?? null,
        l.match ?? null,
        l.anchor ?? null,
        l.label ?? null,
        l.line,
        l.context,
        selfTarget,
      );
    }
    for (const c of note.citations) {
      this.stmt('insertCitation').run(note.path, c.key, c.mode, +c.suppressAuthor, c.prefix ?? null, c.locator ?? null, c.line, c.context);
    }
    for (const i of note.identifiers) this.stmt('insertIdentifier').run(note.path, i.kind, i.value, i.line, i.context);
    for (const tag of note.tags) this.stmt('insertTag').run(note.path, tag);
    if (note.paper) {
      const p = note.paper;
      this.stmt('insertPaperNote').run(
        note.path,
        p.citekey ?? null,
        p.title ?? null,
        JSON.stringify(p.authors),
        p.year ?? null,
        p.venue ?? null,
        p.arxiv ?? null,
        p.doi ?? null,
        p.url ?? null,
      );
    }
    if (note.replication) {
      const r = note.replication;
      this.stmt('insertReplication').run(
        note.path,
        r.replicates ?? null,
        r.target?.kind ?? null,
        r.target?.value ?? null,
        r.status ?? null,
        r.verdict ?? null,
        r.code ?? null,
        r.commit ?? null,
        r.compute ?? null,
      );
      r.claims.forEach((c, position) => {
        this.stmt('insertClaim').run(note.path, position, c.id, c.text, c.metric ?? null, c.paper ?? null, c.ours ?? null, c.verdict ?? null);
      });
    }
    this.insertProblems(note.problems);
  }

  putBibliography(bib: ParsedBibliography, file: FileInfo): void {
    if (!file.isNew) this.removeFile(bib.path);
    this.stmt('upsertFile').run(file.path, 'bib', file.hash, file.size, file.mtimeMs, Date.now());
    for (const e of bib.entries) {
      this.stmt('insertBib').run(
        bib.path,
        e.citekey,
        e.entryType,
        e.line,
        e.title ?? null,
        JSON.stringify(e.authors),
        e.year ?? null,
        e.venue ?? null,
        e.arxiv ?? null,
        e.doi ?? null,
        e.url ?? null,
        JSON.stringify(e.fields),
      );
    }
    this.insertProblems(bib.problems);
  }

  private insertProblems(problems: Problem[]): void {
    for (const p of problems) this.stmt('insertProblem').run(p.path, p.line, p.code, p.message, 'file');
  }

  /**
   * Two files can slugify alike (`A b.md`, `a-b.md`); the later one gets a
   * numbered suffix so every note stays reachable.
   */
  private uniqueSlug(slug: string, path: string): string {
    let candidate = slug;
    for (let n = 2; this.stmt('slugTaken').get(candidate, path); n++) candidate = `${slug}-${n}`;
    return candidate;
  }

  transaction<T>(fn: () => T): T {
    return this.db.sqlite.transaction(fn)();
  }
}
