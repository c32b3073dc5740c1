import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpanningTransaction } from '../../server/db/spanning-transaction.ts';

describe('SpanningTransaction', () => {
  let dir: string;
  let writer: BetterSqlite3.Database;
  let reader: BetterSqlite3.Database;
  const rows = (db: BetterSqlite3.Database) => db.prepare('SELECT n FROM t ORDER BY n').pluck().all();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scholium-spanning-'));
    writer = new BetterSqlite3(join(dir, 'index.db'));
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    reader = new BetterSqlite3(join(dir, 'index.db'), { readonly: true });
  });
  afterEach(() => {
    reader.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows writes at once on its own connection, to others only once committed', () => {
    const writes = new SpanningTransaction(writer, 60_000);
    const insert = writer.prepare('INSERT INTO t (n) VALUES (?)');
    writes.run(() => insert.run(1));
    writes.run(() => insert.run(2));
    expect(rows(writer)).toEqual([1, 2]);
    expect(rows(reader)).toEqual([]);
    writes.commit();
    expect(rows(reader)).toEqual([1, 2]);
    expect(writer.inTransaction).toBe(false);
  });

  it('commits by itself once it has been open long enough', async () => {
    const writes = new SpanningTransaction(writer, 20);
    const insert = writer.prepare('INSERT INTO t (n) VALUES (?)');
    writes.run(() => insert.run(1));
    expect(rows(reader)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    writes.run(() => insert.run(2));
    expect(rows(reader)).toEqual([1, 2]);
    expect(writer.inTransaction).toBe(false);
  });

  it('rolls back what it has not committed when a write throws, and keeps what it has', () => {
    const writes = new SpanningTransaction(writer, 60_000);
    const insert = writer.prepare('INSERT INTO t (n) VALUES (?)');
    writes.run(() => insert.run(1));
    writes.commit();
    writes.run(() => insert.run(2));
    expect(() => writes.run(() => insert.run(2))).toThrow(/UNIQUE/);
    expect(writer.inTransaction).toBe(false);
    expect(rows(writer)).toEqual([1]);
    // And it opens a new transaction for the next write.
    writes.run(() => insert.run(3));
    writes.commit();
    expect(rows(reader)).toEqual([1, 3]);
  });
});
