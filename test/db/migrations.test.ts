import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { PROJECT_ROOT } from '../../server/project-root.ts';

describe('the migrated schema', () => {
  it('gives the search table a 64 MB write buffer, so that a full build writes few segments', () => {
    // Measured at 50k notes: the full build's inserts took 22.2 s with FTS5's default (1 MB), 16.4 s with this.
    const db = openDatabase(':memory:');
    try {
      const hashsize = db.sqlite.prepare(`SELECT v FROM search_fts_config WHERE k = 'hashsize'`).pluck().get();
      expect(hashsize).toBe(64 * 1024 * 1024);
    } finally {
      db.close();
    }
  });

  it('never drops the search documents table: emptied, it keeps its rowid sequence', () => {
    // The search fingerprint and the in-step marker (server/search/fts.ts) take any change of the
    // documents to move their count or largest rowid; a table made again would reuse rowids.
    const folder = join(PROJECT_ROOT, 'migrations');
    const dropping = readdirSync(folder).filter(
      (file) => file.endsWith('.sql') && /DROP TABLE\s+[`"]?search_docs\b/i.test(readFileSync(join(folder, file), 'utf8')),
    );
    expect(dropping).toEqual([]);
    const db = openDatabase(':memory:');
    try {
      expect(db.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'search_docs'`).pluck().get()).toMatch(/AUTOINCREMENT/);
    } finally {
      db.close();
    }
  });
});
