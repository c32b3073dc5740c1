/**
 * The graph's read side, bound to one database and one audience (the author,
 * or visitors in public mode): what routes and pages call. Each method is a
 * thin entry point to the module that does the work.
 */
import type { Database } from '../db/connection.ts';
import { hiddenNote } from '../db/visibility.ts';
import { type Backlink, backlinks, paperOfNote } from './backlinks.ts';
import { toBibtex } from './bibtex-writer.ts';
import { type CslItem, toCslJson } from './csl.ts';
import { type ExportFilter, selectPapers } from './export.ts';
import { findNode, type Graph, type GraphFilter, localGraph, wholeGraph } from './graph.ts';
import type { Audience, NoteRef } from './lookup.ts';
import { type MentionCandidates, type MentionGroup, unlinkedMentions } from './mentions.ts';
import { type PaperDetail, paperDetail } from './papers.ts';
import { type QueuedPaper, readingQueue } from './reading-queue.ts';
import { prepared } from './sql.ts';

export interface NoteLinks {
  note: NoteRef;
  backlinks: Backlink[];
  mentions: MentionGroup[];
}

export interface GraphOptions extends Omit<GraphFilter, 'publicOnly'> {
  /** A note's slug, a paper's id, citekey, `arxiv:ID` or `doi:…`, or a node id; none for the whole graph. */
  center?: string;
  /** Hops from the center, 1–3 (default 1). */
  depth?: number;
}

export interface GraphQueriesOptions extends Audience {
  /** Narrows the notes read for unlinked mentions (the search index does); without it every note is scanned. */
  mentionCandidates?: MentionCandidates;
}

export class GraphQueries {
  private readonly audience: Audience;
  private readonly mentionCandidates: MentionCandidates | undefined;

  constructor(
    private readonly db: Database,
    options: GraphQueriesOptions = {},
  ) {
    this.audience = { publicOnly: options.publicOnly ?? false };
    this.mentionCandidates = options.mentionCandidates;
  }

  /** The notes that link to, cite or replicate the note at `path`. */
  backlinks(path: string): Backlink[] {
    return backlinks(this.db, path, this.audience);
  }

  /** A note's backlinks and unlinked mentions, by slug; null when no note has that slug (or visitors may not see it). */
  noteLinks(slug: string): NoteLinks | null {
    const sql = `SELECT slug, path, title, type, aliases FROM notes n WHERE slug = ? ${this.audience.publicOnly ? `AND NOT ${hiddenNote('n')}` : ''}`;
    const row = prepared(this.db, sql).get(slug) as (NoteRef & { aliases: string }) | undefined;
    if (!row) return null;
    const { aliases, ...note } = row;
    const paperId = paperOfNote(this.db, note.path);
    return {
      note,
      backlinks: backlinks(this.db, note.path, this.audience),
      mentions: unlinkedMentions(
        this.db,
        { path: note.path, title: note.title, aliases: JSON.parse(aliases) as string[], paperId },
        this.audience,
        this.mentionCandidates,
      ),
    };
  }

  /** The local graph around `center`, or the whole graph without one; null when the center names nothing. */
  graph(options: GraphOptions = {}): Graph | null {
    const { center, depth = 1, ...filter } = options;
    const withAudience = { ...filter, ...this.audience };
    if (center === undefined) return wholeGraph(this.db, withAudience);
    const node = findNode(this.db, center, this.audience);
    return node ? localGraph(this.db, node, depth, withAudience) : null;
  }

  readingQueue(limit?: number): QueuedPaper[] {
    return readingQueue(this.db, limit, this.audience);
  }

  /** A paper by id, citekey, `arxiv:ID` or `doi:…`; null when none has that name. */
  paper(name: string): PaperDetail | null {
    return paperDetail(this.db, name, this.audience);
  }

  bibtex(filter: Omit<ExportFilter, 'publicOnly'> = {}): string {
    return toBibtex(selectPapers(this.db, { ...filter, ...this.audience }));
  }

  cslJson(filter: Omit<ExportFilter, 'publicOnly'> = {}): CslItem[] {
    return toCslJson(selectPapers(this.db, { ...filter, ...this.audience }));
  }
}
