/**
 * Live update latency in author mode: a running server watching the vault; a
 * note file is rewritten with a new word; time until both /api/search and
 * /api/notes/:slug return the new content (watcher debounce included).
 * Prints one JSON line.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../server/http/server.ts';
import { warmUpHighlighter } from '../../server/render/index.ts';

const [notesDir, dbFile, editsText] = process.argv.slice(2);
if (!notesDir || !dbFile) throw new Error('usage: live-child.ts NOTES_DIR DB_FILE [EDITS]');
const edits = Number(editsText ?? 50);

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};

const server = await startServer({ notesDir, dbFile, port: 0, host: '127.0.0.1' });
// Steady state: the code grammars compiled (the server starts that in the background) and a
// few unmeasured edits made, so the first timed save does not pay for start-up work.
await warmUpHighlighter();
const WARM_UP_EDITS = 3;
const topics = readdirSync(join(notesDir, 'ideas')).filter((f) => f.endsWith('.md'));
const latencies: number[] = [];
try {
  for (let i = 0; i < WARM_UP_EDITS + edits; i++) {
    const file = join(notesDir, 'ideas', topics[i % topics.length] as string);
    const slug = `ideas/${(topics[i % topics.length] as string).replace(/\.md$/, '')}`;
    const word = `zqxlive${i}w${Date.now().toString(36)}`;
    const original = readFileSync(file, 'utf8');
    const started = performance.now();
    writeFileSync(file, `${original}\nEdited: ${word}.\n`);
    for (;;) {
      const [search, note] = await Promise.all([
        fetch(`${server.url}/api/search?q=${word}`).then((r) => r.json() as Promise<{ total: number }>),
        fetch(`${server.url}/api/notes/${slug}`).then((r) => r.json() as Promise<{ body?: string }>),
      ]);
      if (search.total > 0 && note.body?.includes(word)) break;
      if (performance.now() - started > 10_000) throw new Error(`edit ${i} not visible after 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    if (i >= WARM_UP_EDITS) latencies.push(performance.now() - started);
    writeFileSync(file, original);
    // Each edit is timed alone: the undo must be indexed before the next write, or the next
    // edit would also wait for it (the indexer runs one batch at a time).
    for (const undoStarted = performance.now(); ; ) {
      const [search, note] = await Promise.all([
        fetch(`${server.url}/api/search?q=${word}`).then((r) => r.json() as Promise<{ total: number }>),
        fetch(`${server.url}/api/notes/${slug}`).then((r) => r.json() as Promise<{ body?: string }>),
      ]);
      if (search.total === 0 && !note.body?.includes(word)) break;
      if (performance.now() - undoStarted > 10_000)
        throw new Error(`undo of edit ${i} not visible after 10 s: search ${JSON.stringify(search).slice(0, 600)} note has word: ${note.body?.includes(word)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
} finally {
  await server.close();
}
process.stdout.write(`${JSON.stringify({ edits, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) })}\n`);
