/**
 * Shared pieces of the real-browser tests: a throwaway copy of the starter
 * vault served by the real server, a watcher for console errors, axe-core, and
 * the `[browser]` report lines.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Locator, Page } from 'playwright-core';
import { startServer } from '../../server/http/server.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const STARTER_VAULT = join(REPO, 'notes');
/** Git-ignored; CI keeps it as an artefact. */
export const SCREENSHOTS = join(REPO, 'test-results', 'screenshots');

/** One line of the suite's report: numbers a person reads, not assertions. */
export function report(...parts: unknown[]): void {
  console.info('[browser]', ...parts);
}

export interface TempVault {
  /** The temp folder; the notes are in `notesDir`, databases beside them. */
  root: string;
  notesDir: string;
  write(path: string, content: string): void;
  cleanup(): void;
}

/** A copy of the bundled starter vault in a temp dir, so author-mode watching can never touch the repo. */
export function copyStarterVault(extra: Record<string, string> = {}): TempVault {
  const root = mkdtempSync(join(tmpdir(), 'scholium-browser-'));
  const notesDir = join(root, 'notes');
  cpSync(STARTER_VAULT, notesDir, { recursive: true });
  const vault: TempVault = {
    root,
    notesDir,
    write(path, content) {
      mkdirSync(dirname(join(notesDir, path)), { recursive: true });
      writeFileSync(join(notesDir, path), content);
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  for (const [path, content] of Object.entries(extra)) vault.write(path, content);
  return vault;
}

export type Server = Awaited<ReturnType<typeof startServer>>;

/** The real server on a free port; the index lives in `dbDir`, never in the notes folder. */
export function serve(notesDir: string, dbDir: string, options: { publicOnly?: boolean; watch?: boolean } = {}): Promise<Server> {
  const name = options.publicOnly ? 'public' : 'author';
  return startServer({ notesDir, dbFile: join(dbDir, `${name}-${Date.now()}.db`), port: 0, host: '127.0.0.1', ...options });
}

/** Console errors and uncaught exceptions of every page it watches, with the page they happened on. */
export class ConsoleWatch {
  readonly problems: string[] = [];
  readonly pages: string[] = [];

  watch(page: Page): Page {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location().url;
      this.problems.push(`${path(page.url())}: console error: ${message.text()}${where ? ` (${where})` : ''}`);
    });
    page.on('pageerror', (error) => this.problems.push(`${path(page.url())}: uncaught ${error.name}: ${error.message}`));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && !this.pages.includes(path(frame.url()))) this.pages.push(path(frame.url()));
    });
    return page;
  }
}

/** An element's text, trimmed ('' when there is none). */
export async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** A URL without its origin, for messages. */
export function path(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}${u.hash}` || url;
  } catch {
    return url;
  }
}

/** The bytes of a response body as sent to a browser that accepts Brotli and gzip (not decoded). */
export function compressedSize(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      res.on('end', () => resolve(size));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** Waits until the page's graph (if it has one) is laid out and drawn. */
export async function waitForGraph(page: Page, timeout = 15_000): Promise<{ renderMs: number; nodes: number } | null> {
  const canvas = page.locator('#graph-canvas');
  if ((await canvas.count()) === 0) return null;
  await page.waitForSelector('#graph-canvas[data-render-ms]', { timeout });
  return { renderMs: Number(await canvas.getAttribute('data-render-ms')), nodes: Number(await canvas.getAttribute('data-nodes')) };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page. It is evaluated through the DevTools protocol,
 * which the page's Content-Security-Policy does not apply to, so the page
 * is tested exactly as served.
 */
export async function runAxe(page: Page): Promise<AxeResults> {
  await page.evaluate(AXE_SOURCE);
  const options: RunOptions = { resultTypes: ['violations'] };
  return page.evaluate((o) => (globalThis as unknown as { axe: { run(options: RunOptions): Promise<AxeResults> } }).axe.run(o), options);
}

/** axe's serious and critical violations, one readable line each. */
export function seriousViolations(results: AxeResults): string[] {
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help}: ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')}${n.failureSummary ? ` [${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}]` : ''}`)
          .join('; ')}`,
    );
}
