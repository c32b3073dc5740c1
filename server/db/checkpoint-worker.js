// Checkpoints the index database's write-ahead log on a thread of its own (see
// `openDatabase`): copying pages back into the database and flushing them takes
// tens of milliseconds a time, which on the main thread stalled the server
// while it re-indexed. Plain JavaScript: it needs only better-sqlite3.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const db = new BetterSqlite3(workerData.file);
db.pragma('busy_timeout = 1000');

// PASSIVE never waits for the writer or for readers: it copies what it can now.
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next round tries again.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);

// Stopping: close this connection and say so; the main thread waits for that, so that
// its own close is the last one (SQLite then checkpoints and removes the log at once).
parentPort?.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  const closed = new Int32Array(workerData.closed);
  Atomics.store(closed, 0, 1);
  Atomics.notify(closed, 0);
  parentPort?.close();
});
