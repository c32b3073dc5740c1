/**
 * The replication logs by paper, latest first, for verdicts and evidence. The
 * table has no index on the paper, so the list is read once and kept per
 * connection until the database changes (see `dataVersion`).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/connection.ts';
import { hiddenNote, listedNote } from '../db/visibility.ts';
import { dataVersion, prepared } from './sql.ts';

export interface ReplicationTarget {
  /** The replication log. */
  path: string;
  paperId: string;
  /** The `replicates` value as written. */
  replicates: string;
  status: string | null;
  verdict: string | null;
  updated: string | null;
  /** A draft, private or unpublished log, which visitors never see. */
  hidden: boolean;
  /** Hidden, or unlisted: left out of lists shown to visitors. */
  unlisted: boolean;
}

export interface ReplicationIndex {
  byNote: Map<string, ReplicationTarget>;
  /** Each paper's replication logs, latest first (by `updated`, then `created`, then file time). */
  byPaper: Map<string, ReplicationTarget[]>;
}

const SQL = `SELECT r.note_path AS path, r.paper_id AS paperId, r.replicates, r.status, r.verdict, n.updated,
    ${hiddenNote('n')} AS hidden, NOT ${listedNote('n')} AS unlisted
  FROM replications r JOIN notes n ON n.path = r.note_path WHERE r.paper_id IS NOT NULL
  ORDER BY coalesce(n.updated, n.created) DESC NULLS LAST, n.mtime_ms DESC, r.note_path`;

const cache = new WeakMap<BetterSqlite3.Database, { version: string; index: ReplicationIndex }>();

/** Every replication log whose paper is known, by log and by paper. */
export function replicationIndex(db: Database): ReplicationIndex {
  const version = dataVersion(db);
  const cached = cache.get(db.sqlite);
  if (cached?.version === version) return cached.index;
  const index: ReplicationIndex = { byNote: new Map(), byPaper: new Map() };
  for (const row of prepared(db, SQL).all() as (Omit<ReplicationTarget, 'hidden' | 'unlisted'> & { hidden: number; unlisted: number })[]) {
    const target: ReplicationTarget = { ...row, hidden: row.hidden === 1, unlisted: row.unlisted === 1 };
    index.byNote.set(target.path, target);
    const list = index.byPaper.get(target.paperId);
    if (list) list.push(target);
    else index.byPaper.set(target.paperId, [target]);
  }
  cache.set(db.sqlite, { version, index });
  return index;
}
