/**
 * A batch of many notes (a first start, a parser upgrade) reaches the search engine in slices
 * between event-loop turns: the server answers meanwhile, a note saved meanwhile is found at once,
 * and the engine ends where one opened afresh over the same index starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../server/db/connection.ts';
import { buildApp } from '../../server/http/app.ts';
import { followIndex, syncFollowing } from '../../server/indexer/follow.ts';
import { Indexer } from '../../server/indexer/indexer.ts';
import { SearchEngine } from '../../server/search/index.ts';
import { makeVault, type TestVault } from '../helpers/vault.ts';

const NOTES = 120;

/** Topic notes citing one of a few papers; one paper note and its replication log; a bibliography. */
function vaultFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'papers/turner2021optimal.md': `---
type: paper
title: Optimal Policies Tend to Seek Power
authors: ["Turner, Alexander Matt"]
year: 2021
arxiv: 1912.01683
citekey: turner2021optimal
tags: [power-seeking]
---
Most reward functions make keeping options open optimal.
`,
    'replications/power-gridworld.md': `---
type: replication
title: Power-seeking in a small gridworld
replicates: turner2021optimal
verdict: reproduced
tags: [power-seeking]
---
Random rewards over a gridworld: the agent keeps its options open, as claimed [@turner2021optimal].
`,
    'references.bib': `@article{krakovna2020specification,
  title = {Specification gaming: the flip side of AI ingenuity},
  author = {Krakovna, Victoria},
  year = {2020}
}
`,
  };
  for (let i = 0; i < NOTES; i++) {
    files[`topics/t${String(i).padStart(3, '0')}.md`] = `---
title: Reading group ${i}
tags: [reading-group, week-${i % 7}]
---
# Session ${i}

We discussed corrigibility and power seeking [@turner2021optimal]; specification gaming [@krakovna2020specification] came up in week ${i % 7}.
`;
  }
  return files;
}

const QUERIES = [
  'corrigibility',
  'reading group 42',
  'power seeking',
  'Specification gaming',
  'verdict:reproduced',
  'tag:week-3 corrigibility',
  'turner2021optimal',
];

function answers(engine: SearchEngine) {
  return QUERIES.map((q) => {
    const result = engine.search(q, { limit: 200, offset: 0 });
    return { q, total: result.total, hits: result.hits.map((h) => `${h.slug ?? h.paperId} ${h.verdict ?? ''}`).sort(), facets: result.facets };
  });
}

describe('a batch of many notes', () => {
  let vault: TestVault;
  let dir: string;
  const open: Database[] = [];
  const openDb = () => {
    const db = openDatabase(join(dir, 'index.db'));
    open.push(db);
    return db;
  };
  afterEach(() => {
    for (const db of open.splice(0)) if (db.sqlite.open) db.close();
    rmSync(dir, { recursive: true, force: true });
    vault.cleanup();
  });

  /** A first start: the engine opens over an empty index, and the whole vault reaches it as one batch. */
  async function firstStart(sliceMs: number) {
    vault = makeVault(vaultFiles());
    dir = mkdtempSync(join(tmpdir(), 'scholium-batch-'));
    const db = openDb();
    const indexer = new Indexer({ notesDir: vault.dir, db, workers: 1 });
    const { search } = await syncFollowing(indexer, new SearchEngine(db, { sliceMs }));
    return { db, indexer, engine: search.engine };
  }

  it('answers while the batch is applied, then as an engine opened afresh over the same index', async () => {
    const { db, engine } = await firstStart(0);
    // The batch is written and announced; its notes are not all searchable yet, but search answers.
    expect(engine.backlogSize).toBeGreaterThan(0);
    const during = engine.search('corrigibility', { limit: 10, offset: 0 }).total;
    expect(during).toBeLessThan(NOTES);
    await engine.settled();
    expect(engine.backlogSize).toBe(0);
    const settled = answers(engine);
    expect(settled[0]?.total).toBe(NOTES);
    // The replication log's verdict reached its paper, and the bibliography's paper has its document.
    expect(settled[4]?.hits).toEqual(['papers/turner2021optimal reproduced', 'replications/power-gridworld reproduced']);
    expect(settled[3]?.hits).toContain('krakovna2020specification ');
    const fresh = new SearchEngine(db);
    fresh.open();
    expect(answers(fresh)).toEqual(settled);
  });

  it('finds a note saved during a long batch at once, before the batch is done', async () => {
    const { indexer, engine } = await firstStart(0);
    vault.write('topics/t007.md', '---\ntitle: Reading group 7, rewritten\n---\nThe quokka session.\n');
    await indexer.syncPaths(['topics/t007.md']);
    expect(engine.backlogSize).toBeGreaterThan(0);
    expect(engine.search('quokka', { limit: 5, offset: 0 }).hits.map((h) => h.slug)).toEqual(['topics/t007']);
    await engine.settled();
    // The batch reached the note again afterwards, and kept its new text.
    expect(engine.search('quokka', { limit: 5, offset: 0 }).hits.map((h) => h.title)).toEqual(['Reading group 7, rewritten']);
    expect(engine.search('corrigibility', { limit: 5, offset: 0 }).total).toBe(NOTES - 1);
  });

  it('applies a small batch whole before the indexer returns', async () => {
    const { indexer, engine } = await firstStart(20);
    await engine.settled();
    vault.write('topics/new.md', '---\ntitle: Wombat notes\n---\nA wombat.\n');
    vault.remove('topics/t001.md');
    await indexer.syncPaths(['topics/new.md', 'topics/t001.md']);
    expect(engine.backlogSize).toBe(0);
    expect(engine.search('wombat', { limit: 5, offset: 0 }).total).toBe(1);
    expect(engine.search('"Reading group 1"', { limit: 5, offset: 0 }).hits.map((h) => h.slug)).not.toContain('topics/t001');
  });

  it('is complete after a restart that cut a batch short', async () => {
    const { db, engine } = await firstStart(0);
    expect(engine.backlogSize).toBeGreaterThan(0);
    // As the server stops: the engine saves what it holds, the database closes under the backlog.
    engine.save();
    db.close();
    await new Promise((resolve) => setImmediate(resolve));
    const reopened = openDb();
    const restarted = new SearchEngine(reopened);
    restarted.open();
    const built = openDb();
    built.sqlite.exec(`DELETE FROM meta WHERE key LIKE 'search-%'`);
    const rebuilt = new SearchEngine(built);
    rebuilt.open();
    expect(answers(restarted)[0]?.total).toBe(NOTES);
    expect(answers(restarted)).toEqual(answers(rebuilt));
  });

  it('merges what the batch wrote to FTS5 in turns of its own, and leaves no merge undone', async () => {
    const { db, indexer, engine } = await firstStart(0);
    const config = (key: string) => db.sqlite.prepare(`SELECT v FROM search_fts_config WHERE k = ?`).pluck().get(key);
    // Commits no longer merge: each slice left a segment of its own.
    expect(config('automerge')).toBe(0);
    // A large transaction buffers 16 MB of terms before writing a segment, not 1 MB.
    expect(config('hashsize')).toBe(16 * 1024 * 1024);
    // Nor does a level of 16 segments make a commit merge them all: only 1,000 would.
    expect(config('crisismerge')).toBe(1000);
    const rows = () => db.sqlite.prepare('SELECT count(*) FROM search_fts_data').pluck().get() as number;
    await engine.settled();
    // Then a few small batches, as a watcher sends them: one commit each.
    for (let i = 0; i < 6; i++) {
      vault.write(`topics/t00${i}.md`, `---\ntitle: Reading group ${i}\n---\nThe axolotl session ${i}.\n`);
      await indexer.syncPaths([`topics/t00${i}.md`]);
    }
    const unmerged = rows();
    await engine.idle();
    expect(rows()).toBeLessThan(unmerged);
    // FTS5 itself finds nothing left to merge, and its index is sound.
    const changes = db.sqlite.prepare('SELECT total_changes()').pluck();
    const before = changes.get() as number;
    db.sqlite.prepare(`INSERT INTO search_fts (search_fts, rank) VALUES ('merge', 500)`).run();
    expect((changes.get() as number) - before).toBeLessThan(2);
    db.sqlite.prepare(`INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`).run();
    expect(engine.search('"axolotl session"', { limit: 10, offset: 0 }).total).toBe(6);
    expect(engine.search('corrigibility', { limit: 200, offset: 0 }).total).toBe(NOTES - 6);
  });

  it('follows a full re-index of notes mostly unchanged with the vocabulary FTS5 counts', async () => {
    const { db, indexer, engine } = await firstStart(0);
    await engine.idle();
    // One note's words change; every other note is written again as it was (as a parser upgrade does).
    vault.write('topics/t003.md', '---\ntitle: Reading group 3\n---\nThe axolotl session: gradient hacking, briefly.\n');
    db.sqlite.prepare(`UPDATE files SET hash = ''`).run();
    await indexer.syncAll();
    await engine.idle();
    // Typos are corrected, and prefixes completed, from the vocabulary's counts.
    const queries = ['corrigibilty', 'axolotl', 'axolo', 'gradiant hacking', 'specificaton gaming', 'sesion'];
    const ask = (e: SearchEngine) =>
      queries.map((q) => {
        const result = e.search(q, { limit: 200, offset: 0 });
        return { q, total: result.total, corrections: result.corrections, hits: result.hits.map((h) => h.slug ?? h.paperId).sort() };
      });
    const built = openDb();
    built.sqlite.exec(`DELETE FROM meta WHERE key LIKE 'search-%'`);
    const rebuilt = new SearchEngine(built);
    rebuilt.open();
    const followed = ask(engine);
    expect(followed).toEqual(ask(rebuilt));
    expect(followed.map((a) => a.total)).toEqual([NOTES - 1, 1, 1, 1, NOTES, NOTES]);
  });

  it('writes a slice of many notes to FTS5 as one segment, not one per note', async () => {
    vault = makeVault(vaultFiles());
    dir = mkdtempSync(join(tmpdir(), 'scholium-batch-'));
    const db = openDb();
    await new Indexer({ notesDir: vault.dir, db, workers: 1 }).syncAll();
    // One slice takes the whole batch.
    const engine = new SearchEngine(db, { sliceMs: 60_000 });
    engine.open();
    await engine.idle();
    const dataRows = () => db.sqlite.prepare('SELECT count(*) FROM search_fts_data').pluck().get() as number;
    const before = dataRows();
    const paths = Array.from({ length: 40 }, (_, i) => `topics/t${String(i).padStart(3, '0')}.md`);
    engine.update({ notePaths: paths, papersChanged: false });
    expect(engine.backlogSize).toBe(0);
    // Written note by note (a delete, then an insert), each note was a segment of its own: 40 or more
    // rows. As one segment, these short notes take a few pages.
    expect(dataRows() - before).toBeLessThan(10);
    expect(engine.search('"Reading group 7"', { limit: 5, offset: 0 }).hits.map((h) => h.slug)).toContain('topics/t007');
    expect(engine.search('corrigibility', { limit: 200, offset: 0 }).total).toBe(NOTES);
  });

  it('tells open pages of a large batch once search has it all, and says meanwhile how much is left', async () => {
    vault = makeVault(vaultFiles());
    dir = mkdtempSync(join(tmpdir(), 'scholium-batch-'));
    const db = openDb();
    const indexer = new Indexer({ notesDir: vault.dir, db, workers: 1 });
    await indexer.syncAll();
    const search = followIndex(indexer, new SearchEngine(db, { sliceMs: 0 }));
    const app = await buildApp({ db, indexer, search });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const stream = new AbortController();
    try {
      const res = await fetch(`${url}/api/events`, { signal: stream.signal });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      // Every note rewritten with a new word, as an editor's search-and-replace does.
      for (let i = 0; i < NOTES; i++) vault.write(`topics/t${String(i).padStart(3, '0')}.md`, `---\ntitle: Reading group ${i}\n---\nThe narwhal session.\n`);
      await indexer.syncAll();
      const health = (await (await fetch(`${url}/api/health`)).json()) as { searchBacklog: number };
      expect(health.searchBacklog).toBeGreaterThan(0);
      let text = '';
      while (!text.includes('event: change')) text += new TextDecoder().decode((await reader.read()).value);
      // The page re-runs its query on the event: every rewritten note is found.
      const found = (await (await fetch(`${url}/api/search?q=narwhal&limit=5`)).json()) as { total: number };
      expect(found.total).toBe(NOTES);
      expect(((await (await fetch(`${url}/api/health`)).json()) as { searchBacklog: number }).searchBacklog).toBe(0);
    } finally {
      stream.abort();
      await app.close();
    }
  });
});
