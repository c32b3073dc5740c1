/**
 * Warm start and search latency in a fresh process over an already indexed
 * vault. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../server/db/connection.ts';
import { benchLocalGraph, sampleCenters } from '../../server/graph/bench.ts';
import { syncFollowing } from '../../server/indexer/follow.ts';
import { Indexer } from '../../server/indexer/indexer.ts';
import { SearchEngine } from '../../server/search/index.ts';

const [notesDir, dbFile, queriesFile] = process.argv.slice(2);
if (!notesDir || !dbFile || !queriesFile) throw new Error('usage: search-child.ts NOTES_DIR DB_FILE QUERIES_JSON');
const { queries, prefixes } = JSON.parse(readFileSync(queriesFile, 'utf8')) as { queries: string[]; prefixes: string[] };

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};

// Warm start, as the server makes it: open, compare the folder with the index (on a worker thread)
// while the search index loads, confirm nothing changed, answer one query.
const started = performance.now();
const db = openDatabase(dbFile);
const {
  search: { engine },
} = await syncFollowing(new Indexer({ notesDir, db }), new SearchEngine(db));
engine.search(queries[0] as string, { limit: 20, offset: 0 });
const warmStartMs = performance.now() - started;
// Nothing changed on disk, so nothing is left to do; were something stale, the measures below wait
// until it is applied and its merges done (their turns would otherwise fall among the graph's).
await engine.idle();

const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};
// One pass to warm caches, then the measured pass.
for (const q of queries) engine.search(q, { limit: 20, offset: 0 });
const searchMs = queries.map((q) => time(() => engine.search(q, { limit: 20, offset: 0 })));
const suggestMs = prefixes.map((q) => time(() => engine.suggest(q)));
const slowest = queries
  .map((q, i) => ({ q, ms: searchMs[i] as number }))
  .sort((a, b) => b.ms - a.ms)
  .slice(0, 5);

// Local graph around 200 notes, depth 2 (the harder case), then depth 1 (the API's default and the
// note page's graph) on a second connection, so that its snapshot and texts start cold too.
const graph = benchLocalGraph(db, sampleCenters(db, 200), { depth: 2 });
// Steady state: one connection with its search index and graph snapshot (the second one below is the benchmark's).
const steadyRssMb = process.memoryUsage().rss / 1024 / 1024;
const secondDb = openDatabase(dbFile);
const graphDepth1 = benchLocalGraph(secondDb, sampleCenters(secondDb, 200), { depth: 1 });
secondDb.close();

process.stdout.write(
  `${JSON.stringify({
    warmStartMs,
    graph: { p50: graph.p50, p99: graph.p99, depth1P50: graphDepth1.p50, depth1P99: graphDepth1.p99 },
    search: { count: queries.length, p50: percentile(searchMs, 50), p99: percentile(searchMs, 99), slowest },
    suggest: { count: prefixes.length, p50: percentile(suggestMs, 50), p99: percentile(suggestMs, 99) },
    steadyRssMb,
  })}\n`,
);
db.close();
