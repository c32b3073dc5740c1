/**
 * One paper, looked up by any of its names (its id, a citekey, `arxiv:ID`,
 * `doi:…`), with its note, the notes that cite it and its replications.
 */
import type { Database } from '../db/connection.ts';
import type { PaperRow } from '../db/queries.ts';
import { visiblePaper } from '../db/visibility.ts';
import { normalizeArxiv, normalizeDoi, paperIdFromUrl } from '../ingest/identifiers.ts';
import { type Backlink, groupBySource } from './backlinks.ts';
import { type Audience, type NoteRef, notesByPath } from './lookup.ts';
import { refsToNoteOrPaper } from './refs.ts';
import { type ReplicationTarget, replicationIndex } from './replications.ts';
import { jsonList, LIST, prepared } from './sql.ts';

export interface BibSource {
  path: string;
  line: number;
  entryType: string;
  fields: Record<string, string>;
}

export interface PaperReplication extends NoteRef {
  status: string | null;
  verdict: string | null;
  updated: string | null;
  claims: { id: string; text: string; metric: string | null; paper: string | null; ours: string | null; verdict: string | null }[];
}

export interface PaperDetail {
  paper: PaperRow;
  note: NoteRef | null;
  /** The first `.bib` entry that defines one of the paper's citekeys. */
  bib: BibSource | null;
  /** Notes that cite it, by any form, each with its references (the paper's own note left out). */
  citedBy: Backlink[];
  /** Replication logs of the paper, latest first. */
  replications: PaperReplication[];
}

type PaperRecord = Omit<PaperRow, 'authors'> & { authors: string };

const PAPER_COLUMNS = `p.id, p.citekey, p.title, p.authors, p.year, p.venue, p.arxiv, p.doi, p.url, p.note_path AS notePath, p.source`;
const SQL = {
  byId: `SELECT ${PAPER_COLUMNS} FROM papers p WHERE p.id = ?`,
  visible: `SELECT 1 FROM papers p WHERE p.id = ? AND ${visiblePaper('p')}`,
  byIdentifier: `SELECT ${PAPER_COLUMNS} FROM paper_ids pi JOIN papers p ON p.id = pi.paper_id WHERE pi.kind = ? AND pi.value = ?`,
  bib: `SELECT b.source_path AS path, b.line, b.entry_type AS entryType, b.fields FROM paper_ids pi JOIN bib_entries b ON b.citekey = pi.value
    WHERE pi.kind = 'citekey' AND pi.paper_id = ? ORDER BY b.citekey = ? DESC, b.source_path, b.line LIMIT 1`,
  claims: `SELECT c.note_path AS path, c.claim_id AS id, c.text, c.metric, c.paper, c.ours, c.verdict FROM ${LIST} claims c ON c.note_path = j.value ORDER BY c.note_path, c.position`,
} as const;

const toPaper = (row: PaperRecord): PaperRow => ({ ...row, authors: JSON.parse(row.authors) as string[] });

/**
 * The paper named by `name`: its id, one of its citekeys, `arxiv:ID` (any version, or an arXiv
 * URL) or `doi:…` (or a bare DOI or doi.org URL). Null when no paper has that name, or when
 * visitors may not see it.
 */
export function findPaper(db: Database, name: string, audience: Audience = {}): PaperRow | null {
  const paper = findAnyPaper(db, name);
  return paper && (!audience.publicOnly || prepared(db, SQL.visible).get(paper.id) !== undefined) ? paper : null;
}

function findAnyPaper(db: Database, name: string): PaperRow | null {
  const text = name.trim();
  const byId = prepared(db, SQL.byId).get(text) as PaperRecord | undefined;
  if (byId) return toPaper(byId);
  const byIdentifier = (kind: 'citekey' | 'arxiv' | 'doi', value: string | null) =>
    value ? (prepared(db, SQL.byIdentifier).get(kind, value) as PaperRecord | undefined) : undefined;
  const fromUrl = /^https?:\/\//i.test(text) ? paperIdFromUrl(text) : null;
  const arxiv = fromUrl ? (fromUrl.kind === 'arxiv' ? fromUrl.value : null) : /^arxiv:/i.test(text) ? normalizeArxiv(text.replace(/^arxiv:\s*/i, '')) : null;
  const doi = fromUrl ? (fromUrl.kind === 'doi' ? fromUrl.value : null) : /^(doi:|10\.)/i.test(text) ? normalizeDoi(text) : null;
  const row = byIdentifier('arxiv', arxiv) ?? byIdentifier('doi', doi) ?? byIdentifier('citekey', text.replace(/^@/, ''));
  return row ? toPaper(row) : null;
}

/** The replication logs of a paper, latest first, with their notes; for visitors, only logs they may see listed. */
export function replicationsOf(db: Database, paperId: string, audience: Audience = {}): (ReplicationTarget & { note: NoteRef })[] {
  const rows = (replicationIndex(db).byPaper.get(paperId) ?? []).filter((r) => !(audience.publicOnly && r.unlisted));
  const notes = notesByPath(
    db,
    rows.map((r) => r.path),
  );
  return rows.flatMap((r) => {
    const note = notes.get(r.path);
    return note ? [{ ...r, note }] : [];
  });
}

/** The verdict of each paper's latest replication that has one (for visitors, among logs they may see). */
export function latestVerdicts(db: Database, paperIds: Iterable<string>, audience: Audience = {}): Map<string, string> {
  const { byPaper } = replicationIndex(db);
  const verdicts = new Map<string, string>();
  for (const id of paperIds) {
    const verdict = byPaper.get(id)?.find((r) => r.verdict && !(audience.publicOnly && r.hidden))?.verdict;
    if (verdict) verdicts.set(id, verdict);
  }
  return verdicts;
}

export function paperDetail(db: Database, name: string, audience: Audience = {}): PaperDetail | null {
  const paper = findPaper(db, name, audience);
  if (!paper) return null;
  // A visible paper's note is not hidden (it may be unlisted: reachable from its paper all the same).
  const note = paper.notePath ? (notesByPath(db, [paper.notePath]).get(paper.notePath) ?? null) : null;
  const bibRow = prepared(db, SQL.bib).get(paper.id, paper.citekey) as (Omit<BibSource, 'fields'> & { fields: string }) | undefined;
  const replications = replicationsOf(db, paper.id, audience);
  const claims = prepared(db, SQL.claims).all(jsonList(replications.map((r) => r.path))) as (PaperReplication['claims'][number] & { path: string })[];
  return {
    paper,
    note,
    bib: bibRow ? { ...bibRow, fields: JSON.parse(bibRow.fields) as Record<string, string> } : null,
    citedBy: groupBySource(db, refsToNoteOrPaper(db, { notePath: paper.notePath, paperId: paper.id }), audience),
    replications: replications.map((r) => ({
      ...r.note,
      status: r.status,
      verdict: r.verdict,
      updated: r.updated,
      claims: claims.filter((c) => c.path === r.path).map(({ path: _, ...claim }) => claim),
    })),
  };
}
