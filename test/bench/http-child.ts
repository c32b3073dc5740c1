/**
 * The server side of the HTTP benchmark: an author-mode server over an
 * already indexed vault, in its own process, so the load generator (the
 * benchmark's main process) never shares its event loop. Prints its URL and a
 * few note slugs as one JSON line, then waits for `reindex` on stdin: it then
 * forgets every file's hash (as a parser upgrade does), re-indexes the whole
 * vault while serving, and prints the event-loop delay measured meanwhile.
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { openDatabase } from '../../server/db/connection.ts';
import { buildApp } from '../../server/http/app.ts';
import { followIndex } from '../../server/indexer/follow.ts';
import { Indexer } from '../../server/indexer/indexer.ts';
import { SearchEngine } from '../../server/search/index.ts';

const [notesDir, dbFile] = process.argv.slice(2);
if (!notesDir || !dbFile) throw new Error('usage: http-child.ts NOTES_DIR DB_FILE');

// As the server and `scholium index` open it.
const db = openDatabase(dbFile, { checkpointInBackground: true });
const indexer = new Indexer({ notesDir, db });
await indexer.syncAll();
const search = followIndex(indexer, new SearchEngine(db));
const app = await buildApp({ db, indexer, search });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const slugs = db.sqlite.prepare(`SELECT slug FROM notes ORDER BY path LIMIT 2000`).pluck().all() as string[];
// Every 20th note: spread over the folders, with and without links.
process.stdout.write(`${JSON.stringify({ url, slugs: slugs.filter((_, i) => i % 20 === 0) })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'reindex') continue;
  db.sqlite.prepare(`UPDATE files SET hash = ''`).run();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const summary = await indexer.syncAll();
  // The search index follows the batch in slices after it: the re-index ends when it has settled
  // and FTS5 has merged what it wrote (in turns of their own), and a timer's turn after that (a last
  // stall before it would otherwise fall outside the measure).
  await search.engine.idle();
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  process.stdout.write(
    `${JSON.stringify({ reindexMs: Math.round(performance.now() - started), files: summary.changed + summary.added, loopDelayP50: ms(delay.percentile(50)), loopDelayP99: ms(delay.percentile(99)), loopDelayMax: ms(delay.max) })}\n`,
  );
  break;
}
await app.close();
db.close();
process.exit(0);
