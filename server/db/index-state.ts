/**
 * Whether the index is between batches, and which state it is in.
 *
 * A batch marks the index as changing before it writes and settled once
 * everything derived is rebuilt. Each marking starts a new generation, so
 * anything kept from the index (the search engine's saved attributes) can say
 * which state it was made from, and is reused only in that very state: a
 * batch run by another process, or one cut short, leaves another generation.
 */
import type { Database } from './connection.ts';

const CHANGING_KEY = 'derived-dirty';
const GENERATION_KEY = 'index-generation';

/** True while a batch is being applied, or when the last one never finished (the process died). */
export function isIndexChanging(db: Database): boolean {
  return db.sqlite.prepare('SELECT 1 FROM meta WHERE key = ?').pluck().get(CHANGING_KEY) !== undefined;
}

/** Marks the index as changing, in a new generation. */
export function markIndexChanging(db: Database): void {
  const put = db.sqlite.prepare(`INSERT OR REPLACE INTO meta (key, value, updated_at) VALUES (?, ?, unixepoch())`);
  db.sqlite.transaction(() => {
    put.run(GENERATION_KEY, String(readGeneration(db) + 1));
    put.run(CHANGING_KEY, '1');
  })();
}

/** Marks the batch as finished: its derived records are complete. */
export function markIndexSettled(db: Database): void {
  db.sqlite.prepare('DELETE FROM meta WHERE key = ?').run(CHANGING_KEY);
}

/** The generation of a settled index; null while it is changing (nothing kept now describes a finished state). */
export function settledGeneration(db: Database): number | null {
  return isIndexChanging(db) ? null : readGeneration(db);
}

function readGeneration(db: Database): number {
  return Number(db.sqlite.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(GENERATION_KEY) ?? 0);
}
