/**
 * References: every way one note points at another note or at a paper, read
 * from the per-note tables with the line and sentence they sit in. Backlinks,
 * the graph, paper pages and the reading queue are all built from these.
 *
 * Each query is driven by its list parameter through an index
 * (links_target_path, paper_ids_paper, citations_key, identifier_refs_value).
 * The graph keeps its own compact copy of all references (snapshot.ts).
 */
import type { Database } from '../db/connection.ts';
import { type ReplicationTarget, replicationIndex } from './replications.ts';
import { jsonList, LIST, prepared } from './sql.ts';

export const REF_KINDS = ['wikilink', 'embed', 'markdown', 'citation', 'arxiv', 'doi', 'replicates'] as const;
/** How the reference is written: a link form, a citation, a paper identifier, or a replication log's `replicates`. */
export type RefKind = (typeof REF_KINDS)[number];

/** One place where a note points at a note or a paper. */
export interface Ref {
  /** Unique across tables (`l12`, `c5`, `i7`, `r<path>`), so a reference met twice is counted once. */
  id: string;
  sourcePath: string;
  kind: RefKind;
  /** What was written: the link target, the citekey, the identifier, the `replicates` value. */
  target: string;
  line: number;
  /** The sentence or list item around the reference, as plain text. */
  context: string;
  /** The note a link resolves to (null for citations and identifiers). */
  targetPath: string | null;
  /** The paper a citation, identifier or replication points at (null for links). */
  paperId: string | null;
}

const LINK = `SELECT 'l' || l.id AS id, l.source_path AS sourcePath, l.kind, l.target, l.line, l.context, l.target_path AS targetPath, NULL AS paperId`;
const CITATION = `SELECT 'c' || c.id AS id, c.source_path AS sourcePath, 'citation' AS kind, c.key AS target, c.line, c.context, NULL AS targetPath, pi.paper_id AS paperId`;
const IDENTIFIER = `SELECT 'i' || i.id AS id, i.source_path AS sourcePath, i.kind, i.value AS target, i.line, i.context, NULL AS targetPath, pi.paper_id AS paperId`;

const SQL = {
  toNotes: `${LINK} FROM ${LIST} links l ON l.target_path = j.value WHERE l.kind <> 'external'`,
  toPapers: `${CITATION} FROM ${LIST} paper_ids pi ON pi.paper_id = j.value CROSS JOIN citations c ON c.key = pi.value WHERE pi.kind = 'citekey'
    UNION ALL ${IDENTIFIER} FROM ${LIST} paper_ids pi ON pi.paper_id = j.value CROSS JOIN identifier_refs i ON i.kind = pi.kind AND i.value = pi.value
      WHERE pi.kind IN ('arxiv', 'doi')`,
} as const;

/** The `replicates` field lives in the front matter, whose lines are not stored: its evidence points at line 1. */
function replicationRef(r: ReplicationTarget): Ref {
  return {
    id: `r${r.path}`,
    sourcePath: r.path,
    kind: 'replicates',
    target: r.replicates,
    line: 1,
    context: `replicates: ${r.replicates}`,
    targetPath: null,
    paperId: r.paperId,
  };
}

/** Every link (wikilink, embed, Markdown) that resolves to one of the given notes. */
export function refsToNotes(db: Database, notePaths: readonly string[]): Ref[] {
  return notePaths.length === 0 ? [] : (prepared(db, SQL.toNotes).all(jsonList(notePaths)) as Ref[]);
}

/** Every citation, arXiv/DOI reference and replication that names one of the given papers, by any of its identifiers. */
export function refsToPapers(db: Database, paperIds: readonly string[]): Ref[] {
  if (paperIds.length === 0) return [];
  const list = jsonList(paperIds);
  const refs = prepared(db, SQL.toPapers).all(list, list) as Ref[];
  const { byPaper } = replicationIndex(db);
  for (const id of new Set(paperIds)) for (const replication of byPaper.get(id) ?? []) refs.push(replicationRef(replication));
  return refs;
}

/** References to a note and, when it is a paper note, to its paper; the note's references to itself are left out. */
export function refsToNoteOrPaper(db: Database, target: { notePath: string | null; paperId: string | null }): Ref[] {
  const seen = new Set<string>();
  const out: Ref[] = [];
  const refs = [...(target.notePath ? refsToNotes(db, [target.notePath]) : []), ...(target.paperId ? refsToPapers(db, [target.paperId]) : [])];
  for (const ref of refs) {
    if (ref.sourcePath === target.notePath || seen.has(ref.id)) continue;
    seen.add(ref.id);
    out.push(ref);
  }
  return out.sort((a, b) => (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : a.line - b.line || (a.id < b.id ? -1 : 1)));
}
