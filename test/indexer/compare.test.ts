import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { readStoredFiles } from '../../server/db/note-store.ts';
import { compareFolder, compareFolderOnWorker, packComparison, unpackComparison } from '../../server/indexer/compare.ts';
import { Indexer } from '../../server/indexer/indexer.ts';
import { makeVault, type TestVault } from '../helpers/vault.ts';

const note = (title: string, words = 'Backdoors survive safety training.') => `---\ntitle: ${title}\n---\n${words}\n`;

/** Dates every file an hour back, so that its size and time can vouch for it (see `unchangedByStat`). */
function age(vault: TestVault, paths: string[]): void {
  const past = new Date(Date.now() - 3600_000);
  for (const path of paths) utimesSync(join(vault.dir, path), past, past);
}

describe('comparing the folder with the index', () => {
  let vault: TestVault;
  let dir: string;
  let dbFile: string;
  const paths = ['a.md', 'b.md', 'c.md', 'topics/d.md', 'refs.bib'];

  beforeEach(async () => {
    vault = makeVault({
      'a.md': note('Alpha'),
      'b.md': note('Beta'),
      'c.md': note('Gamma'),
      'topics/d.md': note('Delta'),
      'refs.bib': '@article{kaplan2020scaling, title = {Scaling Laws}, year = {2020}}\n',
    });
    age(vault, paths);
    dir = mkdtempSync(join(tmpdir(), 'scholium-compare-'));
    dbFile = join(dir, 'index.db');
    const db = openDatabase(dbFile);
    await new Indexer({ notesDir: vault.dir, db, workers: 1 }).syncAll();
    db.close();
  });
  afterEach(() => {
    vault.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = () => {
    const db = new BetterSqlite3(dbFile, { readonly: true });
    try {
      return readStoredFiles(db);
    } finally {
      db.close();
    }
  };

  it('reads none of the files whose size and time are as stored, and names the new, changed and removed ones', () => {
    expect(compareFolder(vault.dir, stored(), false)).toMatchObject({ candidates: [], removed: [], unchanged: 5 });
    vault.write('b.md', note('Beta', 'A longer body than before, so the size differs.'));
    vault.write('e.md', note('Epsilon'));
    vault.remove('topics/d.md');
    const comparison = compareFolder(vault.dir, stored(), false);
    expect(comparison.candidates.map((f) => f.path).sort()).toEqual(['b.md', 'e.md']);
    expect(comparison.removed).toEqual(['topics/d.md']);
    expect(comparison.unchanged).toBe(3);
    // Only what the indexer will look at is kept of the stored records.
    expect([...comparison.stored.keys()].sort()).toEqual(['b.md', 'topics/d.md']);
  });

  it('takes every file as changed, with its stored hash forgotten, for records made by another parser', () => {
    const comparison = compareFolder(vault.dir, stored(), true);
    expect(comparison.candidates).toHaveLength(5);
    expect(comparison.unchanged).toBe(0);
    expect([...comparison.stored.values()].map((s) => s.hash)).toEqual(['', '', '', '', '']);
  });

  it('gives the same comparison on a worker thread, reading the records on its own connection', async () => {
    vault.write('c.md', note('Gamma', 'Rewritten with other words entirely.'));
    vault.remove('a.md');
    const onWorker = await compareFolderOnWorker({ root: vault.dir, dbFile, everyFileChanged: false });
    expect(onWorker).toEqual(compareFolder(vault.dir, stored(), false));
    expect(onWorker?.candidates.map((f) => f.path)).toEqual(['c.md']);
  });

  it('crosses threads in columns and comes back the same: new, changed, removed, a bibliography, a backslash in a name', () => {
    vault.write('b.md', note('Beta', 'A longer body than before, so the size differs.'));
    vault.write('Odd\\Folder.md', note('Made on Windows'));
    vault.remove('refs.bib');
    vault.write('more.bib', '@misc{x2020, title = {X}}\n');
    for (const everyFileChanged of [false, true]) {
      const comparison = compareFolder(vault.dir, stored(), everyFileChanged);
      expect(unpackComparison(structuredClone(packComparison(comparison)))).toEqual(comparison);
    }
    const empty = compareFolder(vault.dir, stored(), false);
    empty.candidates = [];
    empty.removed = [];
    empty.stored = new Map();
    expect(unpackComparison(packComparison(empty))).toEqual(empty);
  });

  it('answers null, for the caller to compare in process, when the thread cannot read the index', async () => {
    expect(await compareFolderOnWorker({ root: vault.dir, dbFile: join(dir, 'missing.db'), everyFileChanged: false })).toBeNull();
  });

  it('syncs a database file with the comparison made on the thread', async () => {
    vault.write('b.md', note('Beta', 'A longer body than before, so the size differs.'));
    vault.write('e.md', note('Epsilon'));
    vault.remove('topics/d.md');
    const db = openDatabase(dbFile);
    try {
      const summary = await new Indexer({ notesDir: vault.dir, db, workers: 1 }).syncAll();
      expect({ ...summary }).toMatchObject({ added: 1, changed: 1, removed: 1, unchanged: 3, notes: 4 });
      expect(db.sqlite.prepare('SELECT path FROM notes ORDER BY path').pluck().all()).toEqual(['a.md', 'b.md', 'c.md', 'e.md']);
      expect(db.sqlite.prepare(`SELECT path FROM notes WHERE plain_text LIKE '%longer body%'`).pluck().all()).toEqual(['b.md']);
    } finally {
      db.close();
    }
  });
});
