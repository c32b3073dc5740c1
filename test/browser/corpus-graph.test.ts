/**
 * The pages over a real, larger vault: the Dendron documentation in
 * ../shared/corpora (present in CI, absent in a fresh clone, where this skips
 * and says why): the graph (its render time and node count), search while
 * typing, a note page with its backlinks, and accessibility.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../server/http/server.ts';
import type { IndexSummary } from '../../server/indexer/indexer.ts';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { decodePng, pixelStats } from './png.ts';
import { ConsoleWatch, path, REPO, report, runAxe, type Server, seriousViolations, text, waitForGraph } from './support.ts';

const VAULT = join(REPO, '..', 'shared', 'corpora', 'dendron', 'vault');
const present = existsSync(VAULT);
if (!present) console.warn(`[browser] dendron pages skipped: ${VAULT} not found (it ships beside the repo in CI, not in a fresh clone)`);

/** Dendron's note on lookup: linked from dozens of other notes. */
const LOOKUP = '/notes/dendron.topic.lookup';

describe.skipIf(!present || !browserAvailable())('the pages of the dendron corpus', () => {
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

  it('finds a note while typing, opens it from the keyboard, and shows its backlinks with their sentences', async () => {
    const page = consoleWatch.watch(await browser.newPage({ viewport: { width: 1280, height: 800 } }));
    await page.goto(`${server.url}/`);
    await page.locator('#q').pressSequentially('lookup', { delay: 40 });
    const options = page.locator('#search-popup [role="option"]');
    await options.first().waitFor({ state: 'visible' });
    // Dendron has several notes titled "Lookup" (a template, tag notes): all of them come first.
    const titles = await options.locator('.popup-title').allInnerTexts();
    const hrefs = await options.evaluateAll((all) => all.map((o) => o.getAttribute('href')));
    report(`dendron popup for "lookup": ${titles.map((t, i) => `${t} <${hrefs[i]}>`).join(' | ')}`);
    // A result links to the heading its snippet sits under.
    const position = hrefs.findIndex((href) => href?.split('#')[0] === LOOKUP);
    expect(position, 'the lookup note is among the completions').toBeGreaterThanOrEqual(0);
    for (const title of titles.slice(0, position + 1)) expect(title).toBe('Lookup');
    const marks = await page.locator('#search-popup [role="option"] mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark).toMatch(/^lookup/i);
    for (let i = 0; i <= position; i++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('#q').getAttribute('aria-activedescendant')).toBe(`popup-${position}`);
    await Promise.all([page.waitForURL((url) => url.pathname === LOOKUP), page.keyboard.press('Enter')]);
    expect(path(page.url())).toBe(hrefs[position]);
    expect(await text(page.locator('h1').first())).toBe('Lookup');

    const listed = Number(await text(page.locator('#backlinks-h .count')));
    const contexts = await page.locator('ul.backlinks').first().locator('.backlink-context').allInnerTexts();
    report(`dendron ${LOOKUP}: ${listed} notes link here, ${contexts.length} context sentences shown`);
    expect(listed).toBeGreaterThan(10);
    expect(await page.locator('ul.backlinks').first().locator(':scope > li').count()).toBe(listed);
    for (const context of contexts) expect(context.trim().length, `backlink context "${context}"`).toBeGreaterThan(0);
    expect(contexts.some((c) => /lookup/i.test(c))).toBe(true);
    // The note shows an image from another site, which a machine without internet cannot load.
    const offline = /Failed to load resource: net::ERR_NAME_NOT_RESOLVED \(https:\/\/(?!127\.0\.0\.1)/;
    expect(consoleWatch.problems.filter((p) => !p.includes('/favicon.ico') && !offline.test(p))).toEqual([]);
    await page.close();
  }, 30_000);

  it('axe-core reports no serious or critical violations on its pages', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const found: string[] = [];
    for (const url of ['/', '/search?q=lookup', LOOKUP, '/papers', '/tags']) {
      await page.goto(`${server.url}${url}`);
      await waitForGraph(page, 60_000);
      const serious = seriousViolations(await runAxe(page));
      report(`axe dendron ${url}: ${serious.length} serious or critical`);
      found.push(...serious.map((s) => `${url}: ${s}`));
    }
    expect(found).toEqual([]);
    await page.close();
  }, 90_000);
});
