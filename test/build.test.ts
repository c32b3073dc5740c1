/**
 * The bundle `npm start` runs (server/build.ts) behaves as the sources do: from
 * wherever it is built, it finds the migrations, the web assets and the files of
 * the threads it starts (parsing, the folder comparison, checkpoints, posting lists).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../server/build.ts';
import { openDatabase } from '../server/db/connection.ts';
import { type CompareRequest, type PackedComparison, unpackComparison } from '../server/indexer/compare.ts';
import { Indexer } from '../server/indexer/indexer.ts';
import { MIN_FILES_FOR_WORKERS } from '../server/indexer/parse-pool.ts';
import { PROJECT_ROOT } from '../server/project-root.ts';
import { COLUMNS, loadPostingsFrom, newPostings } from '../server/search/fts.ts';
import { SearchEngine } from '../server/search/index.ts';
import {
  BUILD_DONE,
  BUILD_STARTED,
  type FedDocuments,
  FLAG,
  type PostingsBuildRequest,
  type PostingsBuildResult,
  STATE_BYTES,
} from '../server/search/postings-build.ts';
import { generateVault } from './bench/generate-vault.ts';
import { STARTER_NOTES, scholium, serveChild } from './modes/helpers.ts';

/** Below the project (packages resolve from its node_modules), one folder deeper than `npm run build` puts it. */
const OUT = join(PROJECT_ROOT, 'server', 'dist', `test-${process.pid}`);
const BUILT = join(OUT, 'scholium.js');
let work = '';

beforeAll(async () => {
  await buildServer(OUT);
  work = mkdtempSync(join(tmpdir(), 'scholium-build-'));
}, 60_000);

afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the built server', () => {
  it('contains every file its threads are started from', () => {
    const started = readdirSync(OUT)
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) => [...readFileSync(join(OUT, file), 'utf8').matchAll(/new URL\(\s*["']\.\/([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g)])
      .map((match) => match[1] as string);
    expect(started.sort()).toEqual(['checkpoint-worker.js', 'compare-worker-loader.js', 'parse-worker-loader.js', 'postings-worker-loader.js']);
    for (const file of started) expect(existsSync(join(OUT, file)), file).toBe(true);
  });

  it('indexes a vault as the sources do, parsing on worker threads', async () => {
    const vault = join(work, 'vault');
    const spec = generateVault(vault, { notes: MIN_FILES_FOR_WORKERS + 50, seed: 7 });
    const built = await scholium(['index', '--notes', vault, '--db', join(work, 'built.db')], 120_000, BUILT);
    const sources = await scholium(['index', '--notes', vault, '--db', join(work, 'sources.db')]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(sources.code).toBe(0);
    const summary = (out: string) => out.split('\n')[0];
    expect(summary(built.stdout)).toMatch(new RegExp(`^notes: ${spec.noteCount} `));
    expect(summary(built.stdout)).toBe(summary(sources.stdout));
    // The thread a full sync compares the folder on, as built (a failing one would be replaced in process, unseen).
    rmSync(join(vault, 'references.bib'));
    const packed = await new Promise<PackedComparison>((resolve, reject) => {
      const request: CompareRequest = { root: vault, dbFile: join(work, 'built.db'), everyFileChanged: false };
      const worker = new Worker(join(OUT, 'compare-worker-loader.js'), { workerData: request });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const comparison = unpackComparison(packed);
    expect(comparison.removed).toEqual(['references.bib']);
    expect(comparison.unchanged + comparison.candidates.length).toBe(spec.files - 1);
  });

  it('makes the posting lists on a worker thread, as built, byte for byte as in process: read from the database, or fed', async () => {
    const file = join(work, 'postings.db');
    const db = openDatabase(file);
    await new Indexer({ notesDir: STARTER_NOTES, db, workers: 1 }).syncAll();
    new SearchEngine(db).open();
    const inProcess = newPostings();
    loadPostingsFrom(db.sqlite, inProcess);
    const documents = (
      db.sqlite
        .prepare(`SELECT rowid, ${COLUMNS.join(', ')} FROM search_fts`)
        .raw()
        .all() as [number, ...string[]][]
    ).map(([rowid, ...columns]) => ({ rowid, columns: columns.map((c) => c ?? '') }));
    db.close();
    expect(inProcess.documents).toBeGreaterThan(10);
    const expected = inProcess.serialize('built');
    for (const fed of [false, true]) {
      const state = new Int32Array(new SharedArrayBuffer(STATE_BYTES));
      const { port1, port2 } = new MessageChannel();
      const request: PostingsBuildRequest = { file: fed ? null : file, token: 'built', state: state.buffer as SharedArrayBuffer, port: port2 };
      const worker = new Worker(join(OUT, 'postings-worker-loader.js'), { workerData: request, transferList: [port2] });
      if (fed) {
        port1.postMessage({ added: documents.slice(0, 5) } satisfies FedDocuments);
        port1.postMessage({ added: documents.slice(5) } satisfies FedDocuments);
        port1.postMessage({ end: true, fingerprint: 'built' } satisfies FedDocuments);
      }
      const result = await new Promise<PostingsBuildResult>((resolve, reject) => {
        port1.once('message', resolve);
        worker.once('error', reject);
      });
      // The worker says it is done just after posting (`finish` relies on that order): wait for it, as
      // `finish` does, before stopping it (stopped first, it could be stopped in between).
      Atomics.wait(state, FLAG, BUILD_STARTED, 5_000);
      expect(Atomics.load(state, FLAG)).toBe(BUILD_DONE);
      port1.close();
      await worker.terminate();
      expect('bytes' in result && Buffer.from(result.bytes).equals(expected), fed ? 'fed' : 'read').toBe(true);
    }
  });

  it('serves the API and the web assets', async () => {
    const served = await serveChild(['--notes', STARTER_NOTES, '--db', join(work, 'served.db'), '--port', '0', '--host', '127.0.0.1'], 60_000, BUILT);
    try {
      const health = await fetch(`${served.url}/api/health`);
      expect(health.status).toBe(200);
      const search = (await (await fetch(`${served.url}/api/search?q=refusal`)).json()) as { total: number };
      expect(search.total).toBeGreaterThan(0);
      const home = await (await fetch(`${served.url}/`)).text();
      const stylesheet = /href="(\/assets\/app\.css[^"]*)"/.exec(home)?.[1];
      expect(stylesheet).toBeDefined();
      expect((await fetch(`${served.url}${stylesheet}`)).status).toBe(200);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
