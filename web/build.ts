/**
 * Builds the browser assets into web/dist/assets: the client scripts (esbuild),
 * the stylesheet, and KaTeX's CSS and fonts. Everything is served locally;
 * nothing comes from a CDN.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WEB = dirname(fileURLToPath(import.meta.url));
export const ASSETS = join(WEB, 'dist', 'assets');
const katexDist = join(dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist');

export async function buildAssets(): Promise<void> {
  rmSync(ASSETS, { recursive: true, force: true });
  mkdirSync(ASSETS, { recursive: true });
  await build({
    entryPoints: { app: join(WEB, 'src', 'app.ts'), graph: join(WEB, 'src', 'graph-page.ts'), 'layout-worker': join(WEB, 'src', 'layout-worker.ts') },
    outdir: ASSETS,
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    sourcemap: true,
    target: ['es2022'],
    logLevel: 'warning',
  });
  cpSync(join(WEB, 'styles', 'app.css'), join(ASSETS, 'app.css'));
  cpSync(join(WEB, 'styles', 'favicon.svg'), join(ASSETS, 'favicon.svg'));
  mkdirSync(join(ASSETS, 'katex'), { recursive: true });
  cpSync(join(katexDist, 'katex.min.css'), join(ASSETS, 'katex', 'katex.min.css'));
  cpSync(join(katexDist, 'fonts'), join(ASSETS, 'katex', 'fonts'), { recursive: true });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  await buildAssets();
  process.stderr.write(`web assets built in ${Math.round(performance.now() - started)} ms\n`);
}
