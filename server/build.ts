/**
 * Bundles the server into plain JavaScript (esbuild), which `npm start` runs: the
 * same modules as the sources, without tsx compiling them in the serving process
 * (~50 MB of its resident memory at 10k notes, and its start-up time).
 * Packages stay in node_modules; only the project's own modules are bundled.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { PROJECT_ROOT } from './project-root.ts';

export const SERVER_DIST = join(PROJECT_ROOT, 'server', 'dist');

/**
 * The threads the server starts, by the file names their starters look for next to
 * themselves (`new URL('./…', import.meta.url)`): in a bundle, that is the output folder.
 */
const WORKERS = {
  'parse-worker-loader': join(PROJECT_ROOT, 'server', 'indexer', 'parse-worker.ts'),
  'compare-worker-loader': join(PROJECT_ROOT, 'server', 'indexer', 'compare-worker.ts'),
  'postings-worker-loader': join(PROJECT_ROOT, 'server', 'search', 'postings-worker.ts'),
  'checkpoint-worker': join(PROJECT_ROOT, 'server', 'db', 'checkpoint-worker.js'),
};

/**
 * Builds the `scholium` command (`<outdir>/scholium.js`) and any `entries` besides (the
 * benchmark's processes), with the worker threads they start. `outdir` must be inside the
 * project, so that packages resolve from its node_modules.
 */
export async function buildServer(outdir = SERVER_DIST, entries: Record<string, string> = {}): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { scholium: join(PROJECT_ROOT, 'server', 'cli', 'entry.ts'), ...WORKERS, ...entries },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  await buildServer();
  process.stderr.write(`server built in ${Math.round(performance.now() - started)} ms\n`);
}
