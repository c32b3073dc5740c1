/**
 * The read side of the index: typed queries that routes (and later, pages)
 * share. No HTTP here; callers shape responses.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from './connection.ts';
import { citations, claims, identifierRefs, links, notes, paperIds, papers, problems, replications } from './schema.ts';
import { hiddenNote, listedNote, visiblePaper } from './visibility.ts';

export type NoteRow = typeof notes.$inferSelect;
export type PaperRow = typeof papers.$inferSelect;

export interface NoteSummary {
  slug: string;
  path: string;
  title: string;
  type: NoteRow['type'];
  tags: string[];
  updated: string | null;
}

export interface ResolvedLink {
  kind: string;
  target: string;
  anchor: string | null;
  label: string | null;
  line: number;
  context: string;
  /** The note the link resolves to, or null when nothing matches. */
  resolved: NoteSummary | null;
}

export interface NoteDetail extends NoteSummary {
  row: NoteRow;
  links: ResolvedLink[];
  citations: (typeof citations.$inferSelect & { paperId: string | null })[];
  identifiers: (typeof identifierRefs.$inferSelect & { paperId: string | null })[];
  paper: PaperRow | null;
  replication: (typeof replications.$inferSelect & { claims: (typeof claims.$inferSelect)[] }) | null;
  problems: (typeof problems.$inferSelect)[];
}

const summaryColumns = {
  slug: notes.slug,
  path: notes.path,
  title: notes.title,
  type: notes.type,
  tags: notes.tags,
  updated: notes.updated,
};

export interface ReplicationSummary {
  slug: string;
  path: string;
  title: string;
  tags: string[];
  updated: string | null;
  status: string | null;
  verdict: string | null;
  paperId: string | null;
  paperTitle: string | null;
  paperSlug: string | null;
  claims: { id: string; text: string; metric: string | null; paper: string | null; ours: string | null; verdict: string | null }[];
}

function isHidden(n: { draft: boolean; private: boolean; publish: boolean }): boolean {
  return n.draft || n.private || !n.publish;
}

function summaryOf<T extends NoteSummary>(row: T | undefined): NoteSummary | undefined {
  return row ? { slug: row.slug, path: row.path, title: row.title, type: row.type, tags: row.tags, updated: row.updated } : undefined;
}

function parseTags<T extends { tags: string }>(row: T): Omit<T, 'tags'> & { tags: string[] } {
  return { ...row, tags: JSON.parse(row.tags) as string[] };
}

export interface QueryOptions {
  /** Public mode: hidden notes (draft, private, unpublished) do not exist; unlisted ones are left out of listings. */
  publicOnly?: boolean;
}

export class NoteQueries {
  readonly publicOnly: boolean;
  /** SQL conditions on `n` (notes) and `p` (papers) for this mode. */
  private readonly listed: string;
  private readonly paperShown: string;

  constructor(
    private readonly db: Database,
    options: QueryOptions = {},
  ) {
    this.publicOnly = options.publicOnly ?? false;
    this.listed = this.publicOnly ? listedNote('n') : '1';
    this.paperShown = this.publicOnly ? visiblePaper('p') : '1';
  }

  /** Notes in path order, after `afterPath`, for keyset paging. */
  listNotes(limit: number, afterPath?: string): NoteSummary[] {
    return this.db.sqlite
      .prepare(`SELECT slug, path, title, type, tags, updated FROM notes n WHERE ${this.listed} AND path > ? ORDER BY path LIMIT ?`)
      .all(afterPath ?? '', limit)
      .map((r) => parseTags(r as NoteSummary & { tags: string }));
  }

  countNotes(): number {
    return this.db.sqlite.prepare(`SELECT count(*) FROM notes n WHERE ${this.listed}`).pluck().get() as number;
  }

  noteBySlug(slug: string): NoteDetail | null {
    const row = this.db.orm.select().from(notes).where(eq(notes.slug, slug)).get();
    if (!row || (this.publicOnly && isHidden(row))) return null;
    return this.detail(row);
  }

  private detail(row: NoteRow): NoteDetail {
    const { orm } = this.db;
    const outgoing = orm.select().from(links).where(eq(links.sourcePath, row.path)).orderBy(asc(links.line), asc(links.id)).all();
    const targetPaths = [...new Set(outgoing.map((l) => l.targetPath).filter((p): p is string => p !== null))];
    const targets = targetPaths.length
      ? orm
          .select({ ...summaryColumns, draft: notes.draft, private: notes.private, publish: notes.publish })
          .from(notes)
          .where(inArray(notes.path, targetPaths))
          .all()
          // A link to a hidden note resolves to nothing for visitors: no title, no slug.
          .filter((t) => !(this.publicOnly && isHidden(t)))
      : [];
    const byPath = new Map(targets.map((t) => [t.path, t]));
    const paperOf = (kind: 'citekey' | 'arxiv' | 'doi', value: string) => {
      const id =
        orm
          .select({ id: paperIds.paperId })
          .from(paperIds)
          .where(and(eq(paperIds.kind, kind), eq(paperIds.value, value)))
          .get()?.id ?? null;
      return id !== null && this.paperVisible(id) ? id : null;
    };

    const replication = orm.select().from(replications).where(eq(replications.notePath, row.path)).get();
    return {
      slug: row.slug,
      path: row.path,
      title: row.title,
      type: row.type,
      tags: row.tags,
      updated: row.updated,
      row,
      links: outgoing.map((l) => ({
        kind: l.kind,
        target: l.target,
        anchor: l.anchor,
        label: l.label,
        line: l.line,
        context: l.context,
        resolved: l.targetPath ? (summaryOf(byPath.get(l.targetPath)) ?? null) : null,
      })),
      citations: orm
        .select()
        .from(citations)
        .where(eq(citations.sourcePath, row.path))
        .orderBy(asc(citations.line))
        .all()
        .map((c) => ({ ...c, paperId: paperOf('citekey', c.key) })),
      identifiers: orm
        .select()
        .from(identifierRefs)
        .where(eq(identifierRefs.sourcePath, row.path))
        .orderBy(asc(identifierRefs.line))
        .all()
        .map((i) => ({ ...i, paperId: paperOf(i.kind, i.value) })),
      paper: orm.select().from(papers).where(eq(papers.notePath, row.path)).get() ?? null,
      replication: replication
        ? {
            ...replication,
            paperId: replication.paperId !== null && this.paperVisible(replication.paperId) ? replication.paperId : null,
            claims: orm.select().from(claims).where(eq(claims.notePath, row.path)).orderBy(asc(claims.position)).all(),
          }
        : null,
      // Problems are the author's to-do list, not the visitors'.
      problems: this.publicOnly ? [] : orm.select().from(problems).where(eq(problems.path, row.path)).orderBy(asc(problems.line)).all(),
    };
  }

  /** Every paper, with the note that describes it and how many notes cite it (by any identifier or link). */
  listPapers(): (PaperRow & { noteSlug: string | null; citedBy: number })[] {
    return this.db.sqlite
      .prepare(
        `WITH citing AS (
           SELECT pi.paper_id AS paper_id, c.source_path AS source FROM citations c JOIN paper_ids pi ON pi.kind = 'citekey' AND pi.value = c.key
           UNION SELECT pi.paper_id, r.source_path FROM identifier_refs r JOIN paper_ids pi ON pi.kind = r.kind AND pi.value = r.value
           UNION SELECT p.id, l.source_path FROM links l JOIN papers p ON p.note_path = l.target_path WHERE l.source_path <> l.target_path
         )
         SELECT p.id, p.citekey, p.title, p.authors, p.year, p.venue, p.arxiv, p.doi, p.url, p.note_path AS notePath, p.source,
           n.slug AS noteSlug,
           (SELECT count(DISTINCT source) FROM citing WHERE citing.paper_id = p.id AND citing.source IS NOT p.note_path
              AND ${this.publicOnly ? `NOT EXISTS (SELECT 1 FROM notes cn WHERE cn.path = citing.source AND ${hiddenNote('cn')})` : '1'}) AS citedBy
         FROM papers p LEFT JOIN notes n ON n.path = p.note_path
         WHERE ${this.paperShown}
         ORDER BY p.year DESC NULLS LAST, p.id`,
      )
      .all()
      .map((row) => {
        const r = row as PaperRow & { authors: string; noteSlug: string | null; citedBy: number };
        return { ...r, authors: JSON.parse(r.authors) as string[] };
      });
  }

  countPapers(): number {
    return this.db.sqlite.prepare(`SELECT count(*) FROM papers p WHERE ${this.paperShown}`).pluck().get() as number;
  }

  /** Whether visitors may open this note (always, in author mode). */
  noteVisible(path: string): boolean {
    if (!this.publicOnly) return true;
    return this.db.sqlite.prepare(`SELECT 1 FROM notes n WHERE n.path = ? AND NOT ${hiddenNote('n')}`).get(path) !== undefined;
  }

  /** Whether a note may appear in what visitors see listed: backlinks, mentions, citing notes (always, in author mode). */
  noteListed(path: string): boolean {
    if (!this.publicOnly) return true;
    return this.db.sqlite.prepare(`SELECT 1 FROM notes n WHERE n.path = ? AND ${listedNote('n')}`).get(path) !== undefined;
  }

  /** Whether visitors may see this paper (always, in author mode). */
  paperVisible(id: string): boolean {
    if (!this.publicOnly) return true;
    return this.db.sqlite.prepare(`SELECT 1 FROM papers p WHERE p.id = ? AND ${visiblePaper('p')}`).get(id) !== undefined;
  }

  /** Every recorded problem, optionally for one file, in file and line order. */
  listProblems(): (typeof problems.$inferSelect)[] {
    return this.db.orm.select().from(problems).orderBy(asc(problems.path), asc(problems.line), asc(problems.id)).all();
  }

  /** Notes most recently updated (front matter `updated`, else the file's time), for the home page and feeds. */
  recentNotes(limit: number): (NoteSummary & { mtimeMs: number })[] {
    return this.db.sqlite
      .prepare(
        `SELECT slug, path, title, type, tags, updated, mtime_ms AS mtimeMs FROM notes n
         WHERE ${this.listed}
         ORDER BY COALESCE(updated, datetime(mtime_ms / 1000, 'unixepoch')) DESC, path LIMIT ?`,
      )
      .all(limit)
      .map((r) => parseTags(r as NoteSummary & { tags: string; mtimeMs: number }));
  }

  /** Every tag with how many notes carry it. */
  tagCounts(): { tag: string; count: number }[] {
    return this.db.sqlite
      .prepare(
        `SELECT t.tag, count(*) AS count FROM tags t JOIN notes n ON n.path = t.note_path
         WHERE ${this.listed} GROUP BY t.tag ORDER BY count DESC, t.tag`,
      )
      .all() as { tag: string; count: number }[];
  }

  /** Notes with a tag or a tag below it (`safety` matches `safety/evals`). */
  notesTagged(tag: string): NoteSummary[] {
    return this.db.sqlite
      .prepare(
        `SELECT DISTINCT n.slug, n.path, n.title, n.type, n.tags, n.updated FROM tags t JOIN notes n ON n.path = t.note_path
         WHERE (t.tag = ? OR t.tag LIKE ? ESCAPE '\\') AND ${this.listed} ORDER BY n.title`,
      )
      .all(tag, `${tag.replace(/[%_\\]/g, '\\$&')}/%`)
      .map((r) => parseTags(r as NoteSummary & { tags: string }));
  }

  /** Every replication log with its paper and claims. */
  listReplications(): ReplicationSummary[] {
    const logs = this.db.sqlite
      .prepare(
        `SELECT n.slug, n.path, n.title, n.tags, n.updated, r.status, r.verdict, r.paper_id AS paperId, p.title AS paperTitle,
           pn.slug AS paperSlug
         FROM replications r JOIN notes n ON n.path = r.note_path
         LEFT JOIN papers p ON p.id = r.paper_id LEFT JOIN notes pn ON pn.path = p.note_path
         WHERE ${this.listed} ORDER BY n.title`,
      )
      .all() as (Omit<ReplicationSummary, 'claims' | 'tags'> & { tags: string })[];
    const claimsOf = this.db.sqlite.prepare('SELECT claim_id AS id, text, metric, paper, ours, verdict FROM claims WHERE note_path = ? ORDER BY position');
    return logs.map((log) => {
      const paperShown = log.paperId !== null && this.paperVisible(log.paperId);
      return {
        ...log,
        paperId: paperShown ? log.paperId : null,
        paperTitle: paperShown ? log.paperTitle : null,
        paperSlug: paperShown ? log.paperSlug : null,
        tags: JSON.parse(log.tags) as string[],
        claims: claimsOf.all(log.path) as ReplicationSummary['claims'],
      };
    });
  }

  stats(): { notes: number; papers: number; links: number; problems: number } {
    const one = (query: string) => (this.db.sqlite.prepare(query).pluck().get() as number) ?? 0;
    return {
      notes: this.countNotes(),
      papers: this.countPapers(),
      // Visitors see links between listed notes only, and no problems.
      links: one(
        `SELECT count(*) FROM links l JOIN notes n ON n.path = l.source_path WHERE l.kind <> 'external' AND ${this.listed}
         ${this.publicOnly ? `AND (l.target_path IS NULL OR l.target_path NOT IN (SELECT path FROM notes n WHERE ${hiddenNote('n')}))` : ''}`,
      ),
      problems: this.publicOnly ? 0 : (this.db.orm.select({ n: sql<number>`count(*)` }).from(problems).get()?.n ?? 0),
    };
  }
}
