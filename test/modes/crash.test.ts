/**
 * The crash test: `scholium index` is killed (SIGKILL) in the middle of indexing a generated vault,
 * twice; the next run must leave a consistent database that holds exactly what a fresh index of the
 * same folder holds, so nothing half-indexed is ever served.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { SearchEngine } from '../../server/search/index.ts';
import { type GeneratedVault, generateVault } from '../bench/generate-vault.ts';
import { BIN, cliEnv, scholium, sleep } from './helpers.ts';

const NOTES = Number(process.env.CRASH_NOTES ?? 1500);

/** Rows of the `files` table right now, read through a separate connection (0 while the database does not exist yet). */
function filesIndexed(dbFile: string): number {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 1000');
    return db.prepare('SELECT count(*) FROM files').pluck().get() as number;
  } catch {
    return 0;
  } finally {
    db?.close();
  }
}

interface Killed {
  /** Rows in `files` when the kill was sent. */
  filesAtKill: number;
  signal: NodeJS.Signals | null;
  code: number | null;
  ms: number;
}

/** Starts `scholium index` and SIGKILLs it once at least `minFiles` more files are stored than `before` (and `minMs` have passed). */
async function indexAndKill(notesDir: string, dbFile: string, before: number, minFiles: number, minMs: number): Promise<Killed> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'index', '--notes', notesDir, '--db', dbFile], { env: cliEnv(), stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => {
    done = true;
  });
  let count = before;
  const deadline = started + 240_000;
  while (!done && performance.now() < deadline) {
    count = filesIndexed(dbFile);
    if (count >= before + minFiles && performance.now() - started >= minMs) break;
    await sleep(25);
  }
  if (!done) child.kill('SIGKILL');
  const result = await exited;
  return { filesAtKill: count, ...result, ms: Math.round(performance.now() - started) };
}

/** Per-table row counts and the rows that matter, ids and times left out, sorted. */
function snapshot(dbFile: string) {
  const db = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = (sql: string) => (db.prepare(sql).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
    const tables = (
      db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name`)
        .pluck()
        .all() as string[]
    ).filter((t) => !['meta', '__drizzle_migrations'].includes(t));
    const counts = Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
    return {
      counts,
      files: rows('SELECT path, kind, hash, size FROM files'),
      notes: rows('SELECT path, slug, type, title, tags, aliases, draft, private, publish, unlisted, word_count FROM notes'),
      links: rows('SELECT source_path, kind, target, anchor, label, line, target_path FROM links'),
      citations: rows('SELECT source_path, key, mode, locator, line FROM citations'),
      identifiers: rows('SELECT source_path, kind, value, line FROM identifier_refs'),
      tags: rows('SELECT note_path, tag FROM tags'),
      papers: rows('SELECT id, citekey, title, year, arxiv, doi, note_path, source FROM papers'),
      paperIds: rows('SELECT * FROM paper_ids'),
      replications: rows('SELECT note_path, paper_id, status, verdict FROM replications'),
      problems: rows('SELECT path, line, code, message FROM problems'),
      integrity: db.prepare('PRAGMA integrity_check').pluck().get() as string,
      foreignKeys: db.prepare('PRAGMA foreign_key_check').all(),
    };
  } finally {
    db.close();
  }
}

/** Paths in per-file tables without a `files` row: what a half-written file would leave. */
function orphans(dbFile: string): string[] {
  const db = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (
      [
        ['notes', 'path'],
        ['note_keys', 'path'],
        ['links', 'source_path'],
        ['citations', 'source_path'],
        ['identifier_refs', 'source_path'],
        ['tags', 'note_path'],
        ['paper_notes', 'note_path'],
        ['bib_entries', 'source_path'],
      ] as const
    ).flatMap(([table, column]) =>
      (db.prepare(`SELECT DISTINCT ${column} FROM ${table} WHERE ${column} NOT IN (SELECT path FROM files)`).pluck().all() as string[]).map(
        (p) => `${table}: ${p}`,
      ),
    );
  } finally {
    db.close();
  }
}

describe('the indexer killed mid-run', () => {
  let work: string;
  let notesDir: string;
  let vault: GeneratedVault;
  const crashedDb = () => join(work, 'crashed', 'index.db');
  const freshDb = () => join(work, 'fresh', 'index.db');
  const kills: Killed[] = [];
  let resumed: Awaited<ReturnType<typeof scholium>>;
  let fresh: Awaited<ReturnType<typeof scholium>>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'scholium-crash-'));
    notesDir = join(work, 'notes');
    vault = generateVault(notesDir, { notes: NOTES, seed: 20_241_125 });
    // Killed once some files are stored and at least a second has passed; then killed again in the middle of the next run.
    kills.push(await indexAndKill(notesDir, crashedDb(), 0, 50, 1000));
    kills.push(await indexAndKill(notesDir, crashedDb(), filesIndexed(crashedDb()), 50, 1000));
    console.info(
      `[crash] killed twice: ${kills.map((k) => `${k.signal ?? `exit ${k.code}`} after ${k.ms} ms with ${k.filesAtKill}/${vault.files} files stored`).join('; ')}`,
    );
    // The run that finishes the job, and a fresh index of the same folder to compare with, side by side.
    [resumed, fresh] = await Promise.all([
      scholium(['index', '--notes', notesDir, '--db', crashedDb()], 400_000),
      scholium(['index', '--notes', notesDir, '--db', freshDb()], 400_000),
    ]);
    console.info(`[crash] resumed run:\n${resumed.stdout}[crash] fresh run:\n${fresh.stdout}`);
  }, 900_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('was really killed in the middle, with some files stored and some not', () => {
    for (const kill of kills) {
      expect(kill.signal).toBe('SIGKILL');
      expect(kill.filesAtKill).toBeGreaterThan(0);
      expect(kill.filesAtKill).toBeLessThan(vault.files);
    }
  });

  it('the next run exits 0 and says it finished', () => {
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`notes: ${vault.noteCount}\\b`));
  });

  it('leaves a consistent database: integrity ok, no foreign key errors, nothing half-written', () => {
    const s = snapshot(crashedDb());
    expect(s.integrity).toBe('ok');
    expect(s.foreignKeys).toEqual([]);
    expect(orphans(crashedDb())).toEqual([]);
  });

  it('holds exactly what a fresh index of the same folder holds', () => {
    const a = snapshot(crashedDb());
    const b = snapshot(freshDb());
    expect(a.counts).toEqual(b.counts);
    expect(a.files.length).toBe(vault.files);
    for (const key of ['files', 'notes', 'links', 'citations', 'identifiers', 'tags', 'papers', 'paperIds', 'replications', 'problems'] as const) {
      const onlyCrashed = a[key].filter((r) => !b[key].includes(r));
      const onlyFresh = b[key].filter((r) => !a[key].includes(r));
      expect({ table: key, onlyCrashed: onlyCrashed.slice(0, 5), onlyFresh: onlyFresh.slice(0, 5) }).toEqual({ table: key, onlyCrashed: [], onlyFresh: [] });
    }
  });

  it('search finds notes by their title words, as over the fresh index', () => {
    const open = (file: string) => {
      const db = openDatabase(file);
      const search = new SearchEngine(db);
      search.open();
      return { search, close: () => db.close() };
    };
    const recovered = open(crashedDb());
    const reference = open(freshDb());
    try {
      const titles = vault.titles.slice(0, 12);
      expect(titles.length).toBeGreaterThan(0);
      const missed: string[] = [];
      for (const title of titles) {
        const words = title
          .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
          .split(/\s+/)
          .filter((w) => w.length > 2);
        const q = words.join(' ');
        const got = recovered.search.search(q, { limit: 100, offset: 0 });
        const want = reference.search.search(q, { limit: 100, offset: 0 });
        if (!got.hits.some((h) => h.title === title)) missed.push(`${title} (searched "${q}": ${got.total} hits)`);
        expect(got.hits.map((h) => [h.slug, h.paperId])).toEqual(want.hits.map((h) => [h.slug, h.paperId]));
      }
      expect(missed).toEqual([]);
    } finally {
      recovered.close();
      reference.close();
    }
  });

  it('a second run over the recovered database changes nothing', async () => {
    const again = await scholium(['index', '--notes', notesDir, '--db', crashedDb()], 400_000);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`0 added, 0 changed, 0 removed, ${vault.files} unchanged`));
  }, 400_000);
});
