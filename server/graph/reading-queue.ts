/**
 * The reading queue: papers my notes cite that have no note yet, most
 * promising first.
 *
 *   score = (distinct notes citing it) + CO_CITATION_WEIGHT × (co-citations with read papers)
 *
 * A co-citation with a read paper is a (note, paper) pair where the note cites both this paper
 * and a paper whose note has `status: read` (the read paper's own note does not count: that is
 * the read paper citing it, not the two being cited together). Ties go to the paper id.
 */
import type { Database } from '../db/connection.ts';
import type { PaperRow } from '../db/queries.ts';
import { listedNote } from '../db/visibility.ts';
import { type Audience, type NoteRef, notesByPath } from './lookup.ts';
import { CITING_PAIRS, jsonList, LIST, prepared } from './sql.ts';

export const CO_CITATION_WEIGHT = 0.5;

export interface QueuedPaper {
  paper: PaperRow;
  score: number;
  /** Distinct notes that cite it. */
  citedBy: number;
  /** Co-citations with papers I have read. */
  coCitations: number;
  /** The notes that cite it, in path order. */
  citingNotes: NoteRef[];
}

const SQL = {
  citing: CITING_PAIRS,
  /** For visitors: only what notes they may see listed say. */
  citingListed: `SELECT c.paper_id, c.source_path FROM (${CITING_PAIRS}) c JOIN notes n ON n.path = c.source_path WHERE ${listedNote('n')}`,
  read: `SELECT p.id, p.note_path AS notePath FROM papers p JOIN notes n ON n.path = p.note_path WHERE n.reading_status = 'read'`,
  readListed: `SELECT p.id, p.note_path AS notePath FROM papers p JOIN notes n ON n.path = p.note_path WHERE n.reading_status = 'read' AND ${listedNote('n')}`,
  papers: `SELECT p.id, p.citekey, p.title, p.authors, p.year, p.venue, p.arxiv, p.doi, p.url, p.note_path AS notePath, p.source FROM ${LIST} papers p ON p.id = j.value`,
} as const;

/** The `limit` best papers to read next, best first; for visitors, counted over the notes they may see listed. */
export function readingQueue(db: Database, limit = 50, audience: Audience = {}): QueuedPaper[] {
  const pairs = prepared(db, audience.publicOnly ? SQL.citingListed : SQL.citing).all() as { paper_id: string; source_path: string }[];
  const readNote = new Map(
    (prepared(db, audience.publicOnly ? SQL.readListed : SQL.read).all() as { id: string; notePath: string }[]).map((r) => [r.id, r.notePath]),
  );
  const hasNote = new Set(prepared(db, 'SELECT id FROM papers WHERE note_path IS NOT NULL').pluck().all() as string[]);

  const citersOf = new Map<string, string[]>();
  const readCitedBy = new Map<string, string[]>();
  for (const { paper_id: paper, source_path: source } of pairs) {
    if (!hasNote.has(paper)) push(citersOf, paper, source);
    if (readNote.has(paper)) push(readCitedBy, source, paper);
  }

  const ranked = [...citersOf].map(([id, citers]) => {
    let coCitations = 0;
    for (const note of citers) for (const read of readCitedBy.get(note) ?? []) if (readNote.get(read) !== note) coCitations++;
    return { id, citers: citers.sort(), citedBy: citers.length, coCitations, score: citers.length + CO_CITATION_WEIGHT * coCitations };
  });
  ranked.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const top = ranked.slice(0, limit);

  const papers = new Map(
    (prepared(db, SQL.papers).all(jsonList(top.map((t) => t.id))) as (Omit<PaperRow, 'authors'> & { authors: string })[]).map((p) => [
      p.id,
      { ...p, authors: JSON.parse(p.authors) as string[] },
    ]),
  );
  const notes = notesByPath(
    db,
    top.flatMap((t) => t.citers),
  );
  return top.flatMap((t) => {
    const paper = papers.get(t.id);
    if (!paper) return [];
    const citingNotes = t.citers.flatMap((p) => {
      const note = notes.get(p);
      return note ? [note] : [];
    });
    return [{ paper, score: t.score, citedBy: t.citedBy, coCitations: t.coCitations, citingNotes }];
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
