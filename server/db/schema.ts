/**
 * The SQLite schema: the single source of truth for what the index stores.
 * `drizzle-kit generate` turns it into the SQL in `migrations/`.
 *
 * Per-note tables (links, citations, …) are keyed by the note's path and are
 * replaced whole when the file changes. `papers` and `paper_ids` are derived
 * from the per-note rows and the bibliographies, and rebuilt after each batch.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Every indexed file (notes and bibliographies) with its content hash, so unchanged files are skipped. */
export const files = sqliteTable('files', {
  path: text('path').primaryKey(),
  kind: text('kind', { enum: ['note', 'bib', 'unreadable', 'withheld'] }).notNull(),
  hash: text('hash').notNull(),
  size: integer('size').notNull(),
  mtimeMs: real('mtime_ms').notNull(),
  indexedAt: integer('indexed_at').notNull(),
});

export const notes = sqliteTable(
  'notes',
  {
    path: text('path').primaryKey(),
    slug: text('slug').notNull(),
    type: text('type', { enum: ['paper', 'replication', 'note'] }).notNull(),
    title: text('title').notNull(),
    titleSource: text('title_source').notNull(),
    aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull(),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull(),
    created: text('created'),
    updated: text('updated'),
    draft: integer('draft', { mode: 'boolean' }).notNull(),
    private: integer('private', { mode: 'boolean' }).notNull(),
    publish: integer('publish', { mode: 'boolean' }).notNull(),
    unlisted: integer('unlisted', { mode: 'boolean' }).notNull(),
    frontMatter: text('front_matter', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    readingStatus: text('reading_status'),
    rating: integer('rating'),
    headings: text('headings', { mode: 'json' }).$type<{ depth: number; text: string; id: string; line: number }[]>().notNull(),
    body: text('body').notNull(),
    bodyLine: integer('body_line').notNull(),
    plainText: text('plain_text').notNull(),
    wordCount: integer('word_count').notNull(),
    /** Last modification of the file, for "recent notes" and feeds when `updated` is absent. */
    mtimeMs: real('mtime_ms').notNull(),
  },
  (t) => [
    uniqueIndex('notes_slug').on(t.slug),
    index('notes_type').on(t.type),
    // Covers what search loads for every note at start-up: read from the table, each row's small
    // columns sit after its body and plain text (SQLite walks their overflow pages to reach
    // mtime_ms), 79 → 27 ms at 10k notes and 435 → 105 ms at 50k.
    index('notes_attributes').on(
      t.path,
      t.slug,
      t.title,
      t.type,
      t.created,
      t.updated,
      t.tags,
      t.aliases,
      t.readingStatus,
      t.draft,
      t.private,
      t.publish,
      t.unlisted,
      t.mtimeMs,
    ),
  ],
);

/** Names a link can resolve by: path, file name, title, alias (lower-cased), best `priority` first. */
export const noteKeys = sqliteTable(
  'note_keys',
  {
    key: text('key').notNull(),
    path: text('path').notNull(),
    priority: integer('priority').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.path, t.priority] }), index('note_keys_path').on(t.path)],
);

export const links = sqliteTable(
  'links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourcePath: text('source_path').notNull(),
    kind: text('kind', { enum: ['wikilink', 'embed', 'markdown', 'external'] }).notNull(),
    target: text('target').notNull(),
    targetKey: text('target_key'),
    altKey: text('alt_key'),
    /** Which note names the key may match: `path`, `name` (path or file name) or `any` (also title, alias). */
    match: text('match', { enum: ['path', 'name', 'any'] }),
    anchor: text('anchor'),
    label: text('label'),
    line: integer('line').notNull(),
    context: text('context').notNull(),
    /** The note the link resolves to; null when unresolved (or external). */
    targetPath: text('target_path'),
  },
  (t) => [
    index('links_source').on(t.sourcePath),
    index('links_target_key').on(t.targetKey),
    // Scoped re-resolution after an edit looks links up by either key.
    index('links_alt_key').on(t.altKey),
    index('links_target_path').on(t.targetPath),
  ],
);

export const citations = sqliteTable(
  'citations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourcePath: text('source_path').notNull(),
    key: text('key').notNull(),
    mode: text('mode', { enum: ['bracketed', 'in-text'] }).notNull(),
    suppressAuthor: integer('suppress_author', { mode: 'boolean' }).notNull(),
    prefix: text('prefix'),
    locator: text('locator'),
    line: integer('line').notNull(),
    context: text('context').notNull(),
  },
  (t) => [index('citations_source').on(t.sourcePath), index('citations_key').on(t.key)],
);

/** arXiv ids and DOIs mentioned in a note's links or text. */
export const identifierRefs = sqliteTable(
  'identifier_refs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourcePath: text('source_path').notNull(),
    kind: text('kind', { enum: ['arxiv', 'doi'] }).notNull(),
    value: text('value').notNull(),
    line: integer('line').notNull(),
    context: text('context').notNull(),
  },
  (t) => [index('identifier_refs_source').on(t.sourcePath), index('identifier_refs_value').on(t.kind, t.value)],
);

export const tags = sqliteTable(
  'tags',
  {
    notePath: text('note_path').notNull(),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.notePath, t.tag] }), index('tags_tag').on(t.tag)],
);

/** Paper metadata written in a `type: paper` note's front matter. */
export const paperNotes = sqliteTable(
  'paper_notes',
  {
    notePath: text('note_path').primaryKey(),
    citekey: text('citekey'),
    title: text('title'),
    authors: text('authors', { mode: 'json' }).$type<string[]>().notNull(),
    year: integer('year'),
    venue: text('venue'),
    arxiv: text('arxiv'),
    doi: text('doi'),
    url: text('url'),
  },
  (t) => [index('paper_notes_citekey').on(t.citekey)],
);

export const bibEntries = sqliteTable(
  'bib_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourcePath: text('source_path').notNull(),
    citekey: text('citekey').notNull(),
    entryType: text('entry_type').notNull(),
    line: integer('line').notNull(),
    title: text('title'),
    authors: text('authors', { mode: 'json' }).$type<string[]>().notNull(),
    year: integer('year'),
    venue: text('venue'),
    arxiv: text('arxiv'),
    doi: text('doi'),
    url: text('url'),
    fields: text('fields', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  },
  (t) => [index('bib_entries_source').on(t.sourcePath), index('bib_entries_citekey').on(t.citekey)],
);

export const replications = sqliteTable(
  'replications',
  {
    notePath: text('note_path').primaryKey(),
    replicates: text('replicates'),
    targetKind: text('target_kind', { enum: ['citekey', 'arxiv', 'doi', 'note'] }),
    targetValue: text('target_value'),
    /** The paper replicated, once resolved (derived; rebuilt with the papers). */
    paperId: text('paper_id'),
    status: text('status'),
    verdict: text('verdict'),
    code: text('code'),
    commit: text('commit'),
    compute: text('compute'),
  },
  // A batch's paper verdicts are read by paper: without it, each read scanned every replication log.
  (t) => [index('replications_paper').on(t.paperId)],
);

export const claims = sqliteTable(
  'claims',
  {
    notePath: text('note_path').notNull(),
    position: integer('position').notNull(),
    claimId: text('claim_id').notNull(),
    text: text('text').notNull(),
    metric: text('metric'),
    paper: text('paper'),
    ours: text('ours'),
    verdict: text('verdict'),
  },
  (t) => [primaryKey({ columns: [t.notePath, t.position] })],
);

/** One record per real paper, merged across citekeys, arXiv ids and DOIs. Derived; rebuilt after each batch. */
export const papers = sqliteTable(
  'papers',
  {
    id: text('id').primaryKey(),
    citekey: text('citekey'),
    title: text('title'),
    authors: text('authors', { mode: 'json' }).$type<string[]>().notNull(),
    year: integer('year'),
    venue: text('venue'),
    arxiv: text('arxiv'),
    doi: text('doi'),
    url: text('url'),
    notePath: text('note_path'),
    /** Where the metadata came from: a paper note, a bibliography, or only a link/identifier. */
    source: text('source', { enum: ['note', 'bib', 'link'] }).notNull(),
  },
  (t) => [index('papers_note').on(t.notePath)],
);

/** Every identifier of a paper: `citekey`, `arxiv` or `doi` → paper id. */
export const paperIds = sqliteTable(
  'paper_ids',
  {
    kind: text('kind', { enum: ['citekey', 'arxiv', 'doi'] }).notNull(),
    value: text('value').notNull(),
    paperId: text('paper_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.value] }), index('paper_ids_paper').on(t.paperId)],
);

export const problems = sqliteTable(
  'problems',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    path: text('path').notNull(),
    line: integer('line').notNull(),
    code: text('code').notNull(),
    message: text('message').notNull(),
    /** Problems found by parsing a file live with the file; derived ones (broken links, …) are recomputed. */
    origin: text('origin', { enum: ['file', 'derived', 'scan'] }).notNull(),
  },
  (t) => [index('problems_path').on(t.path)],
);

/**
 * One row per searchable document (a note, or a paper that has no note), mapping
 * the FTS5 rowid to it. `hash` is the note file's content hash when it was
 * indexed for search, so a start-up can tell stale search rows from fresh ones;
 * for a paper, a hash of the paper row it was made from, so that only changed
 * papers are indexed again.
 */
export const searchDocs = sqliteTable(
  'search_docs',
  {
    rowid: integer('rowid').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['note', 'paper'] }).notNull(),
    notePath: text('note_path'),
    paperId: text('paper_id'),
    hash: text('hash'),
  },
  (t) => [uniqueIndex('search_docs_note').on(t.notePath), index('search_docs_paper').on(t.paperId)],
);

/** Key/value state of the index itself (e.g. an unfinished run marker). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull().default(sql`(unixepoch())`),
});
