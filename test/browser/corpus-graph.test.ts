/**
 * The /graph page over a real, larger vault: the Dendron documentation in
 * ../shared/corpora (present in CI, absent in a fresh clone, where this skips
 * and says why). Reports its render time and node count.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/http/server.ts';
import type { IndexSummary } from '../../server/indexer/indexer.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { decodePng, pixelStats } from './png.ts';
import { ConsoleWatch, REPO, report, type Server, text, waitForGraph } from './support.ts';

const VAULT = join(REPO, '..', 'shared', 'corpora', 'dendron', 'vault');
const present = existsSync(VAULT);
if (!present) console.warn(`[browser] dendron graph skipped: ${VAULT} not found (it ships beside the repo in CI, not in a fresh clone)`);

describe.skipIf(!present || !browserAvailable())('the graph of the dendron corpus', () => {
  let server: Server;
  let browser: Browser;
  let summary: IndexSummary | undefined;
  let startMs = 0;
  const consoleWatch = new ConsoleWatch();

  beforeAll(async () => {
    const started = performance.now();
    // An in-memory index, not watched: the shared corpus is only read.
    [server, browser] = await Promise.all([
      startServer({
        notesDir: VAULT,
        dbFile: ':memory:',
        port: 0,
        host: '127.0.0.1',
        watch: false,
        onIndexed: (s) => {
          summary = s;
        },
      }).then((s) => {
        startMs = performance.now() - started;
        return s;
      }),
      launchBrowser(),
    ]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lays out and draws the whole graph', async () => {
    const page = consoleWatch.watch(await browser.newPage({ viewport: { width: 1280, height: 800 } }));
    const started = performance.now();
    await page.goto(`${server.url}/graph`);
    const drawn = await waitForGraph(page, 60_000);
    const wall = performance.now() - started;
    const status = await text(page.locator('#graph-status'));
    report(
      `/graph (dendron corpus): ${drawn?.nodes} nodes, data-render-ms ${drawn?.renderMs} ms (fetch + layout + draw), ${Math.round(wall)} ms from navigation;`,
      `"${status}"; ${summary?.notes} notes indexed in ${summary?.ms} ms, server up in ${Math.round(startMs)} ms`,
    );
    expect(drawn?.nodes).toBeGreaterThan(500);
    const stats = pixelStats(decodePng(await page.locator('#graph-canvas').screenshot()));
    expect(stats.nonBackground).toBeGreaterThan(0.01);
    // The missing /favicon.ico is asserted once, by ui.test.ts; here only the graph's own errors count.
    expect(consoleWatch.problems.filter((p) => !p.includes('/favicon.ico'))).toEqual([]);
    await page.close();
  }, 60_000);
});
