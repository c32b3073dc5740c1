/**
 * Batch look-ups of notes and papers by key, with what the graph and the
 * backlink lists show of them.
 */
import type { Database } from '../db/connection.ts';
import { hiddenNote, listedNote } from '../db/visibility.ts';
import { jsonList, LIST, prepared } from './sql.ts';

export type NoteType = 'paper' | 'replication' | 'note';

export interface Audience {
  /** Public mode: hidden notes (draft, private, unpublished) do not exist, and unlisted ones are left out of lists. */
  publicOnly?: boolean;
}

/** A note as a reference list shows it. */
export interface NoteRef {
  slug: string;
  path: string;
  title: string;
  type: NoteType;
}

/** A note or a paper with what a graph node needs. A paper note and its paper are one entity. */
export interface Entity {
  /** `paper:<paperId>` for papers (with or without a note), `note:<slug>` for other notes. */
  id: string;
  label: string;
  type: NoteType;
  year: number | null;
  tags: string[];
  hasNote: boolean;
  slug: string | null;
  path: string | null;
  paperId: string | null;
  /** Where a paper's metadata comes from (null for other notes). */
  source: 'note' | 'bib' | 'link' | null;
  /** A draft, private or unpublished note (or the paper of one): visitors never see it. */
  hidden: boolean;
  /** Shown in lists to visitors: not hidden and not unlisted (papers without a note are listed). */
  listed: boolean;
}

interface EntityRow {
  path: string | null;
  slug: string | null;
  noteType: NoteType | null;
  noteTitle: string | null;
  tags: string | null;
  paperId: string | null;
  paperTitle: string | null;
  year: number | null;
  source: Entity['source'];
  hidden: number | null;
  listed: number | null;
}

const NOTE_COLUMNS = `n.path, n.slug, n.type AS noteType, n.title AS noteTitle, n.tags, p.id AS paperId, p.title AS paperTitle, p.year,
  p.source, ${hiddenNote('n')} AS hidden, ${listedNote('n')} AS listed`;
const SQL = {
  notes: `SELECT n.slug, n.path, n.title, n.type FROM ${LIST} notes n ON n.path = j.value`,
  listedNotes: `SELECT n.slug, n.path, n.title, n.type FROM ${LIST} notes n ON n.path = j.value WHERE ${listedNote('n')}`,
  entitiesByPath: `SELECT ${NOTE_COLUMNS} FROM ${LIST} notes n ON n.path = j.value LEFT JOIN papers p ON p.note_path = n.path`,
  entitiesByPaper: `SELECT ${NOTE_COLUMNS} FROM ${LIST} papers p ON p.id = j.value LEFT JOIN notes n ON n.path = p.note_path`,
  allNoteEntities: `SELECT ${NOTE_COLUMNS} FROM notes n LEFT JOIN papers p ON p.note_path = n.path`,
  allExternalPapers: `SELECT ${NOTE_COLUMNS} FROM papers p LEFT JOIN notes n ON n.path = p.note_path WHERE n.path IS NULL`,
} as const;

export const paperNodeId = (paperId: string) => `paper:${paperId}`;
export const noteNodeId = (slug: string) => `note:${slug}`;

/** The notes at the given paths, by path; for visitors, only notes they may see listed. */
export function notesByPath(db: Database, paths: Iterable<string>, audience: Audience = {}): Map<string, NoteRef> {
  const list = [...new Set(paths)];
  if (list.length === 0) return new Map();
  const rows = prepared(db, audience.publicOnly ? SQL.listedNotes : SQL.notes).all(jsonList(list)) as NoteRef[];
  return new Map(rows.map((r) => [r.path, r]));
}

function toEntity(row: EntityRow): Entity {
  const isPaper = row.paperId !== null;
  return {
    id: isPaper ? paperNodeId(row.paperId as string) : noteNodeId(row.slug as string),
    label: (isPaper ? (row.paperTitle ?? row.noteTitle ?? row.paperId) : row.noteTitle) ?? '',
    type: isPaper ? 'paper' : (row.noteType ?? 'note'),
    year: row.year,
    tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
    hasNote: row.path !== null,
    slug: row.slug,
    path: row.path,
    paperId: row.paperId,
    source: row.source,
    // A paper without a note is as visible as the notes citing it (decided where those are known).
    hidden: row.hidden === 1,
    listed: row.path === null || row.listed === 1,
  };
}

/** The entities of the notes at the given paths (a paper note gives its paper), by note path. */
export function entitiesByPath(db: Database, paths: Iterable<string>): Map<string, Entity> {
  const list = [...new Set(paths)];
  if (list.length === 0) return new Map();
  const rows = prepared(db, SQL.entitiesByPath).all(jsonList(list)) as EntityRow[];
  return new Map(rows.map((r) => [r.path as string, toEntity(r)]));
}

/** The entities of the given papers, by paper id. */
export function entitiesByPaper(db: Database, paperIds: Iterable<string>): Map<string, Entity> {
  const list = [...new Set(paperIds)];
  if (list.length === 0) return new Map();
  const rows = prepared(db, SQL.entitiesByPaper).all(jsonList(list)) as EntityRow[];
  return new Map(rows.map((r) => [r.paperId as string, toEntity(r)]));
}

/** Every note (paper notes as their paper) and every paper without a note. */
export function allEntities(db: Database): Entity[] {
  return [...(prepared(db, SQL.allNoteEntities).all() as EntityRow[]), ...(prepared(db, SQL.allExternalPapers).all() as EntityRow[])].map(toEntity);
}
