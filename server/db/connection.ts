import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { PROJECT_ROOT } from '../project-root.ts';
import * as schema from './schema.ts';

export type Orm = BetterSQLite3Database<typeof schema>;

export interface Database {
  /** The raw connection, for prepared statements on the hot write path. */
  sqlite: BetterSqlite3.Database;
  orm: Orm;
  close(): void;
}

export const MIGRATIONS_FOLDER = join(PROJECT_ROOT, 'migrations');

export interface OpenOptions {
  /**
   * Checkpoint the write-ahead log on a thread of its own rather than in the
   * writer's commits: for long-lived writers (the server, `scholium index`).
   * A full re-index at 10k notes committed ~100 times for 30–110 ms each,
   * most of it SQLite's automatic checkpoint; the event loop's p99 delay went
   * from 56–63 ms to 41 ms without it.
   */
  checkpointInBackground?: boolean;
}

/** How often the checkpoint thread copies the log back, in ms. */
const CHECKPOINT_INTERVAL_MS = 200;

/**
 * Opens (creating if needed) the index database and brings its schema up to date.
 * `:memory:` gives a throwaway database, for tests.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL lets readers (HTTP routes) proceed while the indexer writes; NORMAL sync is safe with WAL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 8 MB of page cache per connection: SQLite's pages also sit in the OS's file cache, and
  // reads missing this one cost a copy, not a disk read. 32 MB cost ~17 MB of steady RSS at
  // 10k notes for no measurable gain in search latency, cold index or re-index.
  sqlite.pragma('cache_size = -8000');
  const orm = drizzle(sqlite, { schema });
  migrate(orm, { migrationsFolder: MIGRATIONS_FOLDER });
  const stopCheckpoints = options.checkpointInBackground && file !== ':memory:' ? checkpointInBackground(sqlite, file) : () => {};
  return {
    sqlite,
    orm,
    close: () => {
      stopCheckpoints();
      sqlite.close();
    },
  };
}

/** Starts the checkpoint thread; returns what stops it. If the thread fails, commits checkpoint again. */
function checkpointInBackground(sqlite: BetterSqlite3.Database, file: string): () => void {
  /** Set to 1 by the thread once its connection is closed. */
  const closed = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./checkpoint-worker.js', import.meta.url), {
    workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS, closed: closed.buffer },
  });
  worker.unref();
  let stopped = false;
  let exited = false;
  const fallBack = () => {
    exited = true;
    if (!stopped && sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  sqlite.pragma('wal_autocheckpoint = 0');
  return () => {
    stopped = true;
    if (exited) return;
    worker.postMessage('stop');
    // Closing must not return while the thread still has the file open: whoever removes the
    // folder next (a test, a user) would race its last checkpoint. It answers within a round.
    Atomics.wait(closed, 0, 0, 2000);
  };
}
