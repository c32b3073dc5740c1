/**
 * After a cold index, the posting lists are made on a worker thread while the
 * engine makes the rest (`postings-build.ts`): the engine must answer exactly as
 * one that made them itself, and make them itself when the worker cannot.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { Indexer } from '../../server/indexer/indexer.ts';
import { newPostings } from '../../server/search/fts.ts';
import { SearchEngine } from '../../server/search/index.ts';
import { startFedPostingsBuild, startPostingsBuild } from '../../server/search/postings-build.ts';
import { generateVault } from '../bench/generate-vault.ts';

let dir: string;
let synced: string;
let titles: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scholium-postings-build-'));
  const vault = generateVault(join(dir, 'notes'), { notes: 300, seed: 5 });
  titles = vault.titles;
  synced = join(dir, 'synced.db');
  const db = openDatabase(synced);
  await new Indexer({ notesDir: join(dir, 'notes'), db, workers: 1 }).syncAll();
  // One file, as the indexer left it: the search tables still empty.
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Opens the search engine over a fresh copy of the indexed database. */
function openCopy(name: string, postingsWorkerFrom: number) {
  const file = join(dir, `${name}.db`);
  copyFileSync(synced, file);
  const db = openDatabase(file);
  const engine = new SearchEngine(db, { postingsWorkerFrom });
  return { db, engine, opened: engine.open() };
}

describe('posting lists made on a worker thread', () => {
  it('answer every query as lists made in process do, scores included', () => {
    const onWorker = openCopy('worker', 0);
    const inProcess = openCopy('process', Number.POSITIVE_INFINITY);
    try {
      // Fed the documents as the opening wrote them into the empty search tables.
      // The fuzzy index too (typed words and misspellings go to it).
      expect(onWorker.opened).toMatchObject({ postingsRestored: false, postingsBuiltOnWorker: true, postingsFed: true, fuzzyFed: true });
      expect(inProcess.opened).toMatchObject({ postingsRestored: false, postingsBuiltOnWorker: false, postingsFed: false, fuzzyFed: false });
      // Papers known only from a bibliography are documents too, written after the notes.
      const paperTitles = onWorker.db.sqlite
        .prepare('SELECT title FROM papers WHERE note_path IS NULL AND title IS NOT NULL LIMIT 4')
        .pluck()
        .all() as string[];
      expect(paperTitles).toHaveLength(4);
      // Title words, a common word, a prefix, and words of the body.
      // A misspelled title word or two, as a visitor types them.
      const misspelled = titles
        .flatMap((title) => title.split(' ').filter((word) => /^[a-z]{7,}$/i.test(word)))
        .slice(0, 6)
        .map((word) => word.slice(0, 2) + word[3] + word[2] + word.slice(4));
      expect(misspelled).toHaveLength(6);
      const queries = [...titles.slice(0, 12), ...paperTitles, ...misspelled, 'the', 'learn', 'model training', 'reward hacking', 'alignment eval'];
      for (const q of queries) {
        const answer = (engine: SearchEngine) => engine.search(q, { limit: 20, offset: 0 });
        const expected = answer(inProcess.engine);
        expect(answer(onWorker.engine), q).toEqual(expected);
      }
      expect(inProcess.engine.search('the', { limit: 20, offset: 0 }).total).toBeGreaterThan(100);
      // The misspellings are found, through the fuzzy index.
      for (const q of misspelled) expect(inProcess.engine.search(q, { limit: 20, offset: 0 }).total, q).toBeGreaterThan(0);
      // And suggestions as one types, from its titles.
      for (const title of titles.slice(0, 6)) {
        const typed = title.slice(0, 5);
        expect(onWorker.engine.suggest(typed, 8), typed).toEqual(inProcess.engine.suggest(typed, 8));
      }
      // The worker's saved forms were saved as it made them: the next start restores them, and answers the same.
      onWorker.db.close();
      const reopened = openDatabase(join(dir, 'worker.db'));
      try {
        const engine = new SearchEngine(reopened, { postingsWorkerFrom: 0 });
        expect(engine.open()).toMatchObject({ reindexed: 0, postingsRestored: true, fuzzyRestored: true, postingsBuiltOnWorker: false });
        for (const q of queries) expect(engine.search(q, { limit: 20, offset: 0 }), q).toEqual(inProcess.engine.search(q, { limit: 20, offset: 0 }));
        expect(engine.suggest(titles[0]?.slice(0, 5) ?? '', 8)).toEqual(inProcess.engine.suggest(titles[0]?.slice(0, 5) ?? '', 8));
      } finally {
        reopened.close();
      }
    } finally {
      if (onWorker.db.sqlite.open) onWorker.db.close();
      inProcess.db.close();
    }
  });

  it('are read back from the database when its search tables were already filled', () => {
    const first = openCopy('refill', Number.POSITIVE_INFINITY);
    // The saved lists gone (as after a crash before saving): the tables are full, the lists must be made.
    first.db.sqlite.prepare(`DELETE FROM meta WHERE key = 'search-postings'`).run();
    first.db.close();
    const db = openDatabase(join(dir, 'refill.db'));
    const reference = openCopy('refill-reference', Number.POSITIVE_INFINITY);
    try {
      const engine = new SearchEngine(db, { postingsWorkerFrom: 0 });
      expect(engine.open()).toMatchObject({ reindexed: 0, postingsRestored: false, postingsBuiltOnWorker: true, postingsFed: false });
      for (const q of [...titles.slice(0, 6), 'the', 'model training']) {
        expect(engine.search(q, { limit: 20, offset: 0 }), q).toEqual(reference.engine.search(q, { limit: 20, offset: 0 }));
      }
    } finally {
      db.close();
      reference.db.close();
    }
  });

  it('come back from an index of one note too', async () => {
    const notes = join(dir, 'tiny');
    mkdirSync(notes);
    writeFileSync(join(notes, 'a.md'), '# Quokka census\n\nCounted on the island.\n');
    const db = openDatabase(join(dir, 'tiny.db'));
    try {
      await new Indexer({ notesDir: notes, db, workers: 1 }).syncAll();
      const engine = new SearchEngine(db, { postingsWorkerFrom: 0 });
      expect(engine.open()).toMatchObject({ postingsBuiltOnWorker: true });
      expect(engine.search('island', { limit: 5, offset: 0 }).hits.map((h) => h.title)).toEqual(['Quokka census']);
    } finally {
      db.close();
    }
  });

  it('leave the engine to make them when the documents fed cannot be made into lists', () => {
    const build = startFedPostingsBuild();
    // The same rowid twice: no list can hold both.
    build.add([{ rowid: 3, columns: ['Quokka census'] }]);
    build.add([{ rowid: 3, columns: ['Numbat census'] }]);
    build.end('fed');
    const postings = newPostings();
    expect(build.finish(postings)).toBe(false);
    expect(postings.documents).toBe(0);
  });

  it('are fed with at most a few batches waiting for the worker, the writer waiting meanwhile', () => {
    // Unbounded, every batch written while the worker loads (or lags) waited in memory.
    const build = startFedPostingsBuild({ maxQueuedBatches: 2 });
    const batches = Array.from({ length: 40 }, (_, b) =>
      Array.from({ length: 5 }, (_, d) => ({
        rowid: b * 5 + d + 1,
        columns: [`Quokka census ${b} ${d}`, '', '', '', '', '', '', '', 'counted on the island'],
      })),
    );
    let mostQueued = 0;
    for (const batch of batches) {
      build.add(batch);
      mostQueued = Math.max(mostQueued, build.queued());
    }
    build.end('fed');
    expect(mostQueued).toBeLessThanOrEqual(2);
    const postings = newPostings();
    expect(build.finish(postings)).toBe(true);
    expect(postings.documents).toBe(200);
  });

  it('leave the engine to make them when the worker takes no batch for too long', () => {
    // A worker that starts and never reads its port.
    const idle = new URL(`data:text/javascript,${encodeURIComponent('setInterval(() => {}, 1000);')}`);
    const build = startFedPostingsBuild({ maxQueuedBatches: 1, stallTimeoutMs: 300, workerUrl: idle });
    const started = performance.now();
    for (let b = 0; b < 5; b++) build.add([{ rowid: b + 1, columns: ['Quokka census'] }]);
    build.end('fed');
    const postings = newPostings();
    expect(build.finish(postings)).toBe(false);
    expect(postings.documents).toBe(0);
    // Given up once, after one wait: not once per batch, nor after the build's own long timeout.
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('leave the engine to make them when the worker cannot read the database', () => {
    const build = startPostingsBuild(join(dir, 'missing.db'), 'missing');
    const postings = newPostings();
    expect(build.finish(postings)).toBe(false);
    expect(postings.documents).toBe(0);
  });
});
