/**
 * Live update latency in author mode, measured as an open page sees it: the
 * server (in its own process, watching the vault) announces a change on its
 * event stream, and the page fetches the note and re-runs its search. A note
 * file is rewritten with a new word; the time is from the write until both
 * /api/search and /api/notes/:slug return the new content (watcher debounce
 * included). The client asks only when the stream announces the note (or, should
 * an event be missed, after 250 ms): polling a server would slow what it measures.
 * Prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const [notesDir, dbFile, editsText, serverScript] = process.argv.slice(2);
if (!notesDir || !dbFile) throw new Error('usage: live-child.ts NOTES_DIR DB_FILE [EDITS] [SERVER_SCRIPT]');
const edits = Number(editsText ?? 50);
/** The server's process: the benchmark passes its built form; from the sources, through tsx. */
const serverCommand = serverScript ? [serverScript] : ['--import', 'tsx', fileURLToPath(new URL('./live-server-child.ts', import.meta.url))];

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = spawn(process.execPath, [...serverCommand, notesDir, dbFile], { stdio: ['pipe', 'pipe', 'inherit'] });
const firstLine = await createInterface({ input: server.stdout })[Symbol.asyncIterator]().next();
if (firstLine.done) throw new Error('live-server-child exited early');
const { url } = JSON.parse(firstLine.value) as { url: string };

/** Slugs announced on the event stream since the last `takeAnnounced`, and a wake-up for waiters. */
let announced = new Set<string>();
let wake: (() => void) | null = null;
const stream = get(`${url}/api/events`, (res) => {
  res.setEncoding('utf8');
  let buffered = '';
  res.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = event.split('\n').find((line) => line.startsWith('data: '));
      if (!data) continue;
      const { changed } = JSON.parse(data.slice(6)) as { changed: { slug: string }[] };
      for (const note of changed) announced.add(note.slug);
      wake?.();
    }
  });
});
await sleep(100);

/** Waits until the stream announces `slug` (or a fallback period passes). */
async function announcedOrTick(slug: string): Promise<void> {
  if (announced.has(slug)) return;
  await new Promise<void>((resolve) => {
    wake = resolve;
    setTimeout(resolve, 250);
  });
  wake = null;
}

async function visible(slug: string, word: string): Promise<{ inSearch: boolean; inNote: boolean }> {
  const [search, note] = await Promise.all([
    fetch(`${url}/api/search?q=${word}`).then((r) => r.json() as Promise<{ total: number }>),
    fetch(`${url}/api/notes/${slug}`).then((r) => r.json() as Promise<{ body?: string }>),
  ]);
  return { inSearch: search.total > 0, inNote: note.body?.includes(word) ?? false };
}

const WARM_UP_EDITS = 3;
const topics = readdirSync(join(notesDir, 'ideas')).filter((f) => f.endsWith('.md'));
const latencies: number[] = [];
try {
  for (let i = 0; i < WARM_UP_EDITS + edits; i++) {
    const file = join(notesDir, 'ideas', topics[i % topics.length] as string);
    const slug = `ideas/${(topics[i % topics.length] as string).replace(/\.md$/, '')}`;
    const word = `zqxlive${i}w${Date.now().toString(36)}`;
    const original = readFileSync(file, 'utf8');
    announced = new Set();
    const started = performance.now();
    writeFileSync(file, `${original}\nEdited: ${word}.\n`);
    for (;;) {
      await announcedOrTick(slug);
      const seen = await visible(slug, word);
      if (seen.inSearch && seen.inNote) break;
      if (performance.now() - started > 10_000) throw new Error(`edit ${i} not visible after 10 s`);
      announced.delete(slug);
    }
    if (i >= WARM_UP_EDITS) latencies.push(performance.now() - started);
    writeFileSync(file, original);
    // Each edit is timed alone: the undo must be indexed before the next write, or the next
    // edit would also wait for it (the indexer runs one batch at a time).
    for (const undoStarted = performance.now(); ; ) {
      await sleep(10);
      const seen = await visible(slug, word);
      if (!seen.inSearch && !seen.inNote) break;
      if (performance.now() - undoStarted > 10_000) throw new Error(`undo of edit ${i} not visible after 10 s`);
    }
    // Past the watcher's re-check of the undo (60 ms after its batch), so that pass is not timed.
    await sleep(70);
  }
} finally {
  stream.destroy();
  server.stdin?.end();
  await new Promise((resolve) => server.once('exit', resolve));
}
process.stdout.write(`${JSON.stringify({ edits, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) })}\n`);
process.exit(0);
