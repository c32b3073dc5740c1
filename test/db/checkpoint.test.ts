import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scholium-wal-'));
  dirs.push(dir);
  return join(dir, 'index.db');
}

/** Writes ~6 MB in one transaction: more pages than an automatic checkpoint waits for. */
function writeMegabytes(db: ReturnType<typeof openDatabase>): void {
  db.sqlite.exec('CREATE TABLE IF NOT EXISTS filler (text TEXT)');
  const insert = db.sqlite.prepare('INSERT INTO filler (text) VALUES (?)');
  db.sqlite.transaction(() => {
    for (let i = 0; i < 1500; i++) insert.run(`${i} ${'x'.repeat(4000)}`);
  })();
}

describe('checkpointing the write-ahead log on its own thread', () => {
  it('leaves commits without checkpoints, and the pages still reach the database file', async () => {
    const file = freshFile();
    const db = openDatabase(file, { checkpointInBackground: true });
    try {
      expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const before = statSync(file).size;
      writeMegabytes(db);
      // The commit left everything in the log: the writer no longer checkpoints.
      expect(statSync(file).size).toBe(before);
      const deadline = Date.now() + 5000;
      while (statSync(file).size < before + 5_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(statSync(file).size).toBeGreaterThan(before + 5_000_000);
    } finally {
      db.close();
    }
    // Closed means closed: the thread let go first, so the last close emptied and removed the log
    // (removing the folder right after raced the thread's own last checkpoint).
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('is off unless asked for: SQLite checkpoints in the commits as usual', () => {
    const file = freshFile();
    const db = openDatabase(file);
    try {
      expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      const before = statSync(file).size;
      writeMegabytes(db);
      expect(statSync(file).size).toBeGreaterThan(before + 5_000_000);
    } finally {
      db.close();
    }
  });
});
