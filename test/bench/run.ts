/**
 * `npm run bench [-- --quick] [-- --sizes 1000,10000] [-- --runs 3,1]`: generates
 * seeded vaults and measures, each figure the median of several runs in fresh
 * processes: cold and warm index, warm start to the first search, search,
 * suggestion and local-graph latency in process, save → visible in a served
 * vault, the note/search/graph routes over HTTP, and the event loop during a
 * full re-index. Writes bench-results/<date>.json and, except with --quick,
 * the tables in docs/benchmarks.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Request } from 'autocannon';
import { buildServer } from '../../server/build.ts';
import { PROJECT_ROOT } from '../../server/project-root.ts';
import { generateVault } from './generate-vault.ts';
import { benchQueries, suggestPrefixes } from './queries.ts';

interface RunResult {
  ms: number;
  peakRssMb: number;
  summary: { notes: number; papers: number; links: number; unresolvedLinks: number; problems: number };
}

interface SearchRun {
  warmStartMs: number;
  search: { count: number; p50: number; p99: number; slowest: { q: string; ms: number }[] };
  suggest: { count: number; p50: number; p99: number };
  graph: { p50: number; p99: number; depth1P50: number; depth1P99: number };
  steadyRssMb: number;
}

interface HttpRun {
  route: 'note' | 'note-br' | 'search' | 'graph';
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

interface ReindexRun {
  reindexMs: number;
  files: number;
  loopDelayP50: number;
  loopDelayP99: number;
  loopDelayMax: number;
}

interface SizeResult {
  http: HttpRun[];
  reindex: ReindexRun;
  notes: number;
  files: number;
  megabytes: number;
  coldIndexMs: number;
  notesPerSecond: number;
  coldPeakRssMb: number;
  warmStartMs: number;
  warmToFirstSearchMs: number;
  serveToFirstSearchMs: number;
  searchP50: number;
  searchP99: number;
  suggestP99: number;
  steadyRssMb: number;
  slowestQueries: { q: string; ms: number }[];
  liveP50: number;
  liveP95: number;
  graphP50: number;
  graphP99: number;
  graphDepth1P50: number;
  graphDepth1P99: number;
  queries: number;
  runs: { cold: number[]; warm: number[] };
  runCount: number;
  summary: RunResult['summary'];
}

/**
 * The measured processes run bundled, as `npm start` runs the server (server/build.ts):
 * through tsx, each would also carry its compiler (~50 MB of resident memory at 10k notes).
 */
const BUILD = join(PROJECT_ROOT, 'bench-results', 'build');
const CHILDREN = ['index-child', 'search-child', 'live-child', 'live-server-child', 'http-child'] as const;
const builtChild = (name: (typeof CHILDREN)[number] | 'scholium') => join(BUILD, `${name}.js`);
const CHILD = builtChild('index-child');
const SEARCH_CHILD = builtChild('search-child');
const LIVE_CHILD = builtChild('live-child');
const HTTP_CHILD = builtChild('http-child');
const CLI = builtChild('scholium');

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    runs: { type: 'string' },
  },
});
/** Seconds of load per route and connection count. */
const HTTP_SECONDS = values.quick ? 1 : 8;
const sizes = values.sizes ? values.sizes.split(',').map(Number) : values.quick ? [1000] : [1000, 10_000, 50_000];
/** Runs per figure, one number for every size or one per size (`--runs 3,3,1`: a 50k cold index takes minutes). */
const runsList = (values.runs ?? (values.quick ? '1' : '3')).split(',').map(Number);
const runsFor = (sizeIndex: number) => runsList[Math.min(sizeIndex, runsList.length - 1)] as number;
/** File saves timed for live update (author mode), per vault size. */
const LIVE_EDITS = 50;

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function child<T>(script: string, args: string[]): T {
  const out = execFileSync(process.execPath, [script, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as T;
}

const indexOnce = (notesDir: string, dbFile: string) => child<RunResult>(CHILD, [notesDir, dbFile]);

/**
 * Over HTTP: a server in its own process (author mode, already indexed), loaded
 * by autocannon from this one on loopback, route by route at 10 and 50
 * connections; then a full re-index in that server, timing its event loop.
 */
async function benchHttp(vaultDir: string, dbFile: string, queries: string[]): Promise<{ http: HttpRun[]; reindex: ReindexRun }> {
  const server = spawn(process.execPath, [HTTP_CHILD, vaultDir, dbFile], { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout })[Symbol.asyncIterator]();
  const nextLine = async <T>(): Promise<T> => {
    const { value, done } = await lines.next();
    if (done) throw new Error('http-child exited early');
    return JSON.parse(value) as T;
  };
  try {
    const { url, slugs } = await nextLine<{ url: string; slugs: string[] }>();
    const enc = (s: string) => s.split('/').map(encodeURIComponent).join('/');
    const routes: Record<HttpRun['route'], Request[]> = {
      note: slugs.map((s) => ({ method: 'GET', path: `/api/notes/${enc(s)}` })),
      // As a browser asks: compressed if the server will.
      'note-br': slugs.map((s) => ({ method: 'GET', path: `/api/notes/${enc(s)}`, headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } })),
      search: queries.map((q) => ({ method: 'GET', path: `/api/search?q=${encodeURIComponent(q)}` })),
      graph: slugs.map((s) => ({ method: 'GET', path: `/api/graph?center=${encodeURIComponent(s)}&depth=1` })),
    };
    const http: HttpRun[] = [];
    // Waits for the requests still queued in the server from the last run: each run starts idle.
    const drain = () => fetch(`${url}/api/health`).then((r) => r.arrayBuffer());
    for (const route of ['note', 'note-br', 'search', 'graph'] as const) {
      // Unmeasured: every URL once, one at a time, as the first visitors would (it fills the kept
      // responses and builds the graph snapshot), so each row measures a server in its steady state.
      await autocannon({ url, connections: 1, amount: routes[route].length, timeout: 20, requests: routes[route] });
      await drain();
      for (const connections of [10, 50]) {
        const r = await autocannon({ url, connections, duration: HTTP_SECONDS, timeout: 20, requests: routes[route] });
        await drain();
        http.push({
          route,
          connections,
          requestsPerSecond: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.timeouts,
          non2xx: r.non2xx,
        });
        process.stderr.write(`  http ${route} × ${connections}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms\n`);
      }
    }
    server.stdin.write('reindex\n');
    const reindex = await nextLine<ReindexRun>();
    return { http, reindex };
  } finally {
    server.kill();
  }
}

/**
 * As a user starts it: `scholium serve` in a new process (as `npm start` runs it, built; every
 * module loaded), polled every 10 ms until `/api/search` answers `query`. Nothing changed on disk.
 */
async function serveToFirstSearch(vaultDir: string, dbFile: string, query: string): Promise<number> {
  const port = await new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
  // The author's server on this host and port whatever the environment says (HOST, PORT, SCHOLIUM_*).
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(HOST|PORT|SCHOLIUM_)/.test(key)));
  const started = performance.now();
  const server = spawn(process.execPath, [CLI, 'serve', '--notes', vaultDir, '--db', dbFile, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: PROJECT_ROOT,
    env,
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  try {
    for (;;) {
      if (server.exitCode !== null || server.signalCode !== null) throw new Error(`scholium serve exited (${server.exitCode ?? server.signalCode})`);
      if (performance.now() - started > 180_000) throw new Error('scholium serve answered no search within 180 s');
      const answered = await fetch(`http://127.0.0.1:${port}/api/search?q=${encodeURIComponent(query)}`, { signal: AbortSignal.timeout(10_000) }).then(
        (r) => r.arrayBuffer().then(() => r.ok),
        () => false,
      );
      if (answered) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
    const stuck = setTimeout(() => server.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(stuck);
  }
}

async function benchSize(notes: number, runs: number): Promise<SizeResult> {
  const work = mkdtempSync(join(tmpdir(), `scholium-bench-${notes}-`));
  try {
    const vaultDir = join(work, 'vault');
    const phase = <T>(name: string, run: () => T): T => {
      const started = performance.now();
      const done = () => process.stderr.write(`  ${notes} notes: ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      const result = run();
      if (result instanceof Promise) void result.then(done, () => undefined);
      else done();
      return result;
    };
    const vault = phase('generate', () => generateVault(vaultDir, { notes, seed: 1 }));
    const cold: RunResult[] = [];
    const warm: RunResult[] = [];
    const dbFile = join(work, 'index.db');
    for (let i = 0; i < runs; i++) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
      cold.push(phase('cold index', () => indexOnce(vaultDir, dbFile)));
      // Warm start: the same database, nothing changed on disk.
      warm.push(phase('warm index', () => indexOnce(vaultDir, dbFile)));
    }
    const queriesFile = join(work, 'queries.json');
    const queries = benchQueries(vault.titles);
    writeFileSync(queriesFile, JSON.stringify({ queries, prefixes: suggestPrefixes(vault.titles) }));
    const searches = phase('search', () => Array.from({ length: runs }, () => child<SearchRun>(SEARCH_CHILD, [vaultDir, dbFile, queriesFile])));
    const served: number[] = [];
    for (let i = 0; i < runs; i++) served.push(await phase('serve to first search', () => serveToFirstSearch(vaultDir, dbFile, queries[0] as string)));
    const live = phase('live updates', () =>
      child<{ p50: number; p95: number; edits: number }>(LIVE_CHILD, [vaultDir, dbFile, String(LIVE_EDITS), builtChild('live-server-child')]),
    );
    const { http, reindex } = await phase('http and re-index', () => benchHttp(vaultDir, dbFile, queries));
    const coldMs = median(cold.map((r) => r.ms));
    const result: SizeResult = {
      notes,
      files: vault.files,
      megabytes: vault.bytes / 1e6,
      coldIndexMs: coldMs,
      notesPerSecond: notes / (coldMs / 1000),
      coldPeakRssMb: median(cold.map((r) => r.peakRssMb)),
      warmStartMs: median(warm.map((r) => r.ms)),
      warmToFirstSearchMs: median(searches.map((r) => r.warmStartMs)),
      serveToFirstSearchMs: median(served),
      searchP50: median(searches.map((r) => r.search.p50)),
      searchP99: median(searches.map((r) => r.search.p99)),
      suggestP99: median(searches.map((r) => r.suggest.p99)),
      graphP50: median(searches.map((r) => r.graph.p50)),
      graphP99: median(searches.map((r) => r.graph.p99)),
      graphDepth1P50: median(searches.map((r) => r.graph.depth1P50)),
      graphDepth1P99: median(searches.map((r) => r.graph.depth1P99)),
      steadyRssMb: median(searches.map((r) => r.steadyRssMb)),
      slowestQueries: (searches[0] as SearchRun).search.slowest,
      http,
      reindex,
      liveP50: live.p50,
      liveP95: live.p95,
      queries: queries.length,
      runs: { cold: cold.map((r) => Math.round(r.ms)), warm: warm.map((r) => Math.round(r.ms)) },
      runCount: runs,
      summary: (cold[0] as RunResult).summary,
    };
    process.stderr.write(
      `${notes} notes: cold ${(coldMs / 1000).toFixed(2)} s, warm ${result.warmStartMs.toFixed(0)} ms, peak RSS ${result.coldPeakRssMb.toFixed(0)} MB\n`,
    );
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function markdownTable(results: SizeResult[], machine: Record<string, string>): string {
  const rows = results.map(
    (r) =>
      `| ${r.notes.toLocaleString('en')} | ${r.megabytes.toFixed(1)} | ${(r.coldIndexMs / 1000).toFixed(2)} s | ${Math.round(r.notesPerSecond)} | ${Math.round(r.coldPeakRssMb)} MB | ${Math.round(r.warmStartMs)} ms | ${Math.round(r.warmToFirstSearchMs)} ms | ${(r.serveToFirstSearchMs / 1000).toFixed(2)} s | ${r.searchP50.toFixed(2)} / ${r.searchP99.toFixed(2)} ms | ${r.suggestP99.toFixed(2)} ms | ${r.graphDepth1P50.toFixed(1)} / ${r.graphDepth1P99.toFixed(1)} ms | ${r.graphP50.toFixed(1)} / ${r.graphP99.toFixed(1)} ms | ${Math.round(r.liveP50)} / ${Math.round(r.liveP95)} ms | ${Math.round(r.steadyRssMb)} MB |`,
  );
  return [
    '# Benchmarks',
    '',
    'Produced by `npm run bench` (medians of several runs; each run in a fresh process). Do not edit by hand.',
    '',
    `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memory}, Node ${machine.node}. Date: ${machine.date}. Runs per figure: ${sizes.map((n, i) => `${runsFor(i)} at ${n.toLocaleString('en')}`).join(', ')}.`,
    '',
    '| notes | MB | cold index | notes/s | peak RSS (cold) | warm index (nothing changed) | warm start to first search | `scholium serve` to first search | search p50 / p99 (in process) | suggest p99 | local graph p50 / p99 (depth 1) | local graph p50 / p99 (depth 2) | save → visible p50 / p95 | steady RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Cold index: an empty database to a complete index (scan, hash, parse on worker threads, write, derive, search index).',
    'Warm index: the same folder and database again, every file unchanged (scan, hash, compare, derive).',
    'Warm start to first search: a new process opens the database, compares the folder with the index on a worker thread while it loads the search index (as the server starts), and answers one query.',
    '`scholium serve` to first search: the same, as a user starts it: the CLI in a new process (built, as `npm start` runs it; the HTTP app built, listening), polled over HTTP with the same query until answered.',
    "Local graph: the local-graph query in process around 200 notes spread over the vault, each one the first query at its centre after the graph snapshot is built (its edges' sentences read from SQLite then); depth 1 is the API's default and the note page's graph.",
    `Save → visible: ${LIVE_EDITS} edits of a note in a served vault (author mode, its own process), from the file write until /api/search and /api/notes/:slug both return the new word, fetched by a client in another process when the event stream announces the note, as an open page does; watcher debounce included. ` +
      `Search: ${results[0]?.queries ?? 0} queries from test/bench/queries.ts (titles, title words, typos, phrases, prefixes, operators, filters, common words), each timed once after a warm-up pass; suggestions over 200 typed prefixes. Steady RSS: the search process after all queries.`,
    '',
    '## Over HTTP',
    '',
    `An author-mode server in its own process; autocannon in another, on loopback, ${HTTP_SECONDS} s per row, each route first requested once per URL (unmeasured, one at a time) and the server idle before each row. Note: \`/api/notes/:slug\` over every 20th note, asking for no compression (note) and with a browser's \`Accept-Encoding: gzip, deflate, br, zstd\` (note-br); search: the same queries as above through \`/api/search\`; graph: \`/api/graph?center=…&depth=1\`.`,
    '',
    '| notes | route | connections | req/s | p50 | p99 | errors | non-2xx |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...results.flatMap((r) =>
      r.http.map(
        (h) =>
          `| ${r.notes.toLocaleString('en')} | ${h.route} | ${h.connections} | ${Math.round(h.requestsPerSecond).toLocaleString('en')} | ${h.p50} ms | ${h.p99} ms | ${h.errors} | ${h.non2xx} |`,
      ),
    ),
    '',
    '## Event loop during a full re-index',
    '',
    'The same server forgets every file hash (as a parser upgrade does) and re-indexes the whole vault while serving; `monitorEventLoopDelay` (10 ms resolution) runs meanwhile, until the search index has followed the whole batch (in slices of ~10 ms since 2026-11-27; before, in one turn at the end of the batch, which was not measured until then) and merged what it wrote into FTS5 (in merge turns of their own since the same day; before, inside the commits), and a timer has run after it. Time: from the start to then.',
    '',
    '| notes | files re-indexed | time | event-loop delay p50 / p99 / max |',
    '|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.notes.toLocaleString('en')} | ${r.reindex.files.toLocaleString('en')} | ${(r.reindex.reindexMs / 1000).toFixed(1)} s | ${r.reindex.loopDelayP50} / ${r.reindex.loopDelayP99} / ${r.reindex.loopDelayMax} ms |`,
    ),
    '',
  ].join('\n');
}

const machine = {
  cpus: String(cpus().length),
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
};
await buildServer(BUILD, Object.fromEntries(CHILDREN.map((name) => [name, fileURLToPath(new URL(`./${name}.ts`, import.meta.url))])));
const results: SizeResult[] = [];
for (const [i, size] of sizes.entries()) results.push(await benchSize(size, runsFor(i)));
mkdirSync(join(PROJECT_ROOT, 'bench-results'), { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(
  join(PROJECT_ROOT, 'bench-results', `${stamp}.json`),
  `${JSON.stringify({ machine, runs: sizes.map((_, i) => runsFor(i)), results }, null, 2)}\n`,
);
if (!values.quick) writeFileSync(join(PROJECT_ROOT, 'docs', 'benchmarks.md'), markdownTable(results, machine));
process.stdout.write(markdownTable(results, machine));
