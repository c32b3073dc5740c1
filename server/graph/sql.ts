/**
 * Small helpers shared by the graph queries: a per-connection cache of
 * prepared statements, a change token for caches, lists passed as one JSON
 * parameter, and the (paper, citing note) pairs.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/connection.ts';

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * The prepared statement for `sql` on this connection, prepared once. Statements are shared: SQL
 * used with `.pluck()` or `.raw()` (which change the statement) must always be used that way.
 */
export function prepared(db: Database, sql: string): BetterSqlite3.Statement {
  let cache = statements.get(db.sqlite);
  if (!cache) {
    cache = new Map();
    statements.set(db.sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * A token that changes whenever the database does, for caches of derived data: SQLite's
 * `data_version` moves on other connections' commits, `total_changes()` on this one's writes.
 */
export function dataVersion(db: Database): string {
  const external = db.sqlite.pragma('data_version', { simple: true }) as number;
  const own = prepared(db, 'SELECT total_changes()').pluck().get() as number;
  return `${external}:${own}`;
}

/** An `IN` list as one parameter: `x IN (SELECT value FROM json_each(?))` with `jsonList(values)`. For membership tests only. */
export const IN_LIST = '(SELECT value FROM json_each(?))';
/**
 * A list parameter that drives a query: `FROM ${LIST} notes n ON n.path = j.value`. `CROSS JOIN` fixes
 * the join order, so each value is one index look-up; given `x IN (list)`, SQLite's planner (without
 * statistics) is far slower, or scans.
 */
export const LIST = 'json_each(?) j CROSS JOIN';
export const jsonList = (values: Iterable<string>): string => JSON.stringify([...values]);

/**
 * Every (paper, citing note) pair, by any form: a citation of one of its citekeys, an
 * arXiv/DOI reference, a link to its note, or a replication log. Self-references
 * (a paper note naming its own paper) are left out.
 */
export const CITING_PAIRS = `SELECT DISTINCT paper_id, source_path FROM (
    SELECT pi.paper_id, c.source_path FROM citations c CROSS JOIN paper_ids pi ON pi.kind = 'citekey' AND pi.value = c.key
    UNION ALL SELECT pi.paper_id, i.source_path FROM identifier_refs i CROSS JOIN paper_ids pi ON pi.kind = i.kind AND pi.value = i.value
    UNION ALL SELECT p.id, l.source_path FROM links l JOIN papers p ON p.note_path = l.target_path WHERE l.kind <> 'external'
    UNION ALL SELECT r.paper_id, r.note_path FROM replications r
  ) x
  WHERE paper_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM papers own WHERE own.id = x.paper_id AND own.note_path = x.source_path)`;
