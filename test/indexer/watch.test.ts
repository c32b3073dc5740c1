import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { startServer } from '../../server/http/server.ts';
import { SearchEngine } from '../../server/search/index.ts';
import { makeVault, type TestVault } from '../helpers/vault.ts';

/** Polls until `check` passes or the time is up; returns the milliseconds it took. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`not within ${timeoutMs} ms`);
}

describe('author mode', () => {
  let vault: TestVault;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    vault.cleanup();
  });

  it('shows what is saved without a restart: add, change, rename and delete', async () => {
    vault = makeVault({ 'a.md': '# Alpha\n\nLinks to [[beta]].\n' });
    server = await startServer({ notesDir: vault.dir, dbFile: join(vault.dir, '.scholium', 'i.db'), port: 0, host: '127.0.0.1' });
    const base = server.url;
    const json = async (path: string) => {
      const res = await fetch(`${base}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const hits = async (q: string) => ((await json(`/api/search?q=${encodeURIComponent(q)}`)).body.hits as { slug: string }[]).map((h) => h.slug);

    vault.write('beta.md', '# Beta\n\nThe wombat result.\n');
    await eventually(async () => (await hits('wombat')).includes('beta'));
    const alpha = await json('/api/notes/a');
    expect((alpha.body.links as { resolved: { slug: string } | null }[])[0]?.resolved?.slug).toBe('beta');

    vault.write('beta.md', '# Beta\n\nThe platypus result.\n');
    await eventually(async () => (await hits('platypus')).includes('beta'));
    expect(await hits('wombat')).toEqual([]);

    vault.rename('beta.md', 'archive/beta.md');
    await eventually(async () => (await json('/api/notes/archive/beta')).status === 200 && (await json('/api/notes/beta')).status === 404);
    expect(await hits('platypus')).toEqual(['archive/beta']);

    vault.remove('archive/beta.md');
    await eventually(async () => (await json('/api/notes/archive/beta')).status === 404);
    expect(await hits('platypus')).toEqual([]);
  });

  it('saves its search indexes when stopped, so the next start restores them instead of rebuilding them', async () => {
    vault = makeVault({ 'a.md': '# Alpha\n\nThe first note.\n' });
    const dbFile = join(vault.dir, '.scholium', 'i.db');
    server = await startServer({ notesDir: vault.dir, dbFile, port: 0, host: '127.0.0.1' });
    const base = server.url;
    vault.write('b.md', '# Beta\n\nThe numbat result.\n');
    await eventually(async () => ((await (await fetch(`${base}/api/search?q=numbat`)).json()) as { total: number }).total === 1);
    await server.close();
    server = undefined;
    const db = openDatabase(dbFile);
    try {
      expect(new SearchEngine(db).open()).toEqual({
        reindexed: 0,
        fuzzyRestored: true,
        vocabularyRestored: true,
        postingsRestored: true,
        postingsBuiltOnWorker: false,
        postingsFed: false,
        fuzzyFed: false,
        attributesRestored: true,
        namesRestored: true,
      });
    } finally {
      db.close();
    }
  });

  it('sends the security headers on its event stream too', async () => {
    vault = makeVault({ 'a.md': '# Alpha\n\nThe first note.\n' });
    server = await startServer({ notesDir: vault.dir, dbFile: join(vault.dir, '.scholium', 'i.db'), port: 0, host: '127.0.0.1' });
    const stream = new AbortController();
    const res = await fetch(`${server.url}/api/events`, { signal: stream.signal });
    try {
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      stream.abort();
    }
  });

  it('refuses requests addressed to another name, as a page rebinding its own name to 127.0.0.1 sends', async () => {
    vault = makeVault({ 'a.md': '---\ndraft: true\n---\n# Alpha\n\nA draft.\n' });
    server = await startServer({ notesDir: vault.dir, dbFile: join(vault.dir, '.scholium', 'i.db'), port: 0, host: '127.0.0.1' });
    const { port } = new URL(server.url);
    const { request } = await import('node:http');
    const get = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/notes/a', headers: { host } }, (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const host of ['attacker.example', `attacker.example:${port}`, `127.0.0.1.nip.io:${port}`, `localhost.example:${port}`]) {
      const res = await get(host);
      expect(res.status, host).toBe(403);
      expect(res.body, host).not.toContain('A draft');
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
      const res = await get(host);
      expect(res.status, host).toBe(200);
      expect(res.body, host).toContain('A draft');
    }
  });

  it('indexes a second save made right after the first (the watcher drops changes 50 ms apart)', async () => {
    vault = makeVault({ 'a.md': '# Alpha\n\nFirst draft.\n' });
    server = await startServer({ notesDir: vault.dir, dbFile: join(vault.dir, '.scholium', 'i.db'), port: 0, host: '127.0.0.1' });
    const base = server.url;
    const body = async () => ((await (await fetch(`${base}/api/notes/a`)).json()) as { body: string }).body;
    for (const [first, second] of [
      ['wombat', 'platypus'],
      ['echidna', 'quokka'],
    ] as const) {
      vault.write('a.md', `# Alpha\n\nThe ${first} draft.\n`);
      await eventually(async () => (await body()).includes(first));
      // Within chokidar's 50 ms window after the change it reported.
      vault.write('a.md', `# Alpha\n\nThe ${second} draft.\n`);
      await eventually(async () => (await body()).includes(second), 2000);
    }
  });

  it('tells open pages what changed over server-sent events', async () => {
    vault = makeVault({ 'a.md': '# Alpha\n' });
    server = await startServer({ notesDir: vault.dir, dbFile: join(vault.dir, '.scholium', 'i.db'), port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    vault.write('a.md', '# Alpha, edited\n');
    let text = '';
    while (!text.includes('event: change')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const data = JSON.parse(text.split('data: ')[1]?.split('\n')[0] ?? '{}');
    expect(data.changed).toEqual([{ slug: 'a', path: 'a.md', title: 'Alpha, edited' }]);
  });
});
