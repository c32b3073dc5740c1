import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/http/app.ts';
import { makeIndex, makeVault, type TestVault } from '../helpers/vault.ts';

/** Each hidden note carries a canary word that must never reach a visitor. */
const FILES = {
  'public.md':
    '---\ntitle: Backdoor survey\ntags: [backdoors]\n---\nSee [[draft-idea]], [[private-log]] and [[unpublished]], and [[quiet-note]]. Cites [@canarypaper2024].\n',
  'draft-idea.md':
    '---\ntitle: Draft idea BLUEJAYCANARY\ndraft: true\ntags: [bluejaycanary]\n---\nBLUEJAYCANARY thoughts, see https://doi.org/10.9999/BLUEJAY.2024 and arXiv:2411.99999.\n',
  'private-log.md': '---\ntitle: Private REDFOXCANARY\nprivate: true\n---\nREDFOXCANARY.\n',
  'unpublished.md': '---\ntitle: Unpublished GREENOWLCANARY\npublish: false\n---\nGREENOWLCANARY.\n',
  'hidden-paper.md': '---\ntype: paper\ntitle: Paper WHITEELKCANARY\ncitekey: canarypaper2024\ndraft: true\n---\nWHITEELKCANARY.\n',
  'quiet-note.md': '---\ntitle: Quiet note\nunlisted: true\n---\nReachable by its URL only.\n',
};
const CANARIES = /BLUEJAY|REDFOX|GREENOWL|WHITEELK|2411\.99999/i;

describe('public mode', () => {
  let vault: TestVault;
  let app: FastifyInstance;
  let close: () => void;
  beforeAll(async () => {
    vault = makeVault(FILES);
    const index = makeIndex(vault.dir, 1, 'public');
    close = index.close;
    await index.indexer.syncAll();
    app = await buildApp({ db: index.db, indexer: index.indexer, publicOnly: true });
  });
  afterAll(async () => {
    await app.close();
    close();
    vault.cleanup();
  });
  const get = (url: string) => app.inject(url);

  it('answers a hidden note exactly like a note that never existed', async () => {
    for (const slug of ['draft-idea', 'private-log', 'unpublished', 'hidden-paper']) {
      const hidden = await get(`/api/notes/${slug}`);
      const missing = await get(`/api/notes/never-${slug}`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body.replace(slug, 'X')).toBe(missing.body.replace(`never-${slug}`, 'X'));
    }
  });

  it('resolves a link to a hidden note to nothing, without its title', async () => {
    const note = (await get('/api/notes/public')).json() as { links: { target: string; resolved: unknown }[]; citations: { paperId: string | null }[] };
    expect(note.links.map((l) => [l.target, l.resolved])).toEqual([
      ['draft-idea', null],
      ['private-log', null],
      ['unpublished', null],
      ['quiet-note', { slug: 'quiet-note', path: 'quiet-note.md', title: 'Quiet note' }],
    ]);
    expect(note.citations[0]?.paperId).toBeNull();
  });

  it('keeps an unlisted note reachable by its URL but out of listings and search', async () => {
    expect((await get('/api/notes/quiet-note')).statusCode).toBe(200);
    const listed = (await get('/api/notes')).json() as { notes: { slug: string }[] };
    expect(listed.notes.map((n) => n.slug)).toEqual(['public']);
    expect(((await get('/api/search?q=reachable')).json() as { total: number }).total).toBe(0);
  });

  it("finds nothing for a hidden note's words, and corrects nothing towards them", async () => {
    for (const q of ['redfoxcanary', 'redfoxcanarx', 'greenowlcanary', 'tag:bluejaycanary', 'whiteelkcanary']) {
      const body = (await get(`/api/search?q=${encodeURIComponent(q)}`)).json() as { total: number; corrections: unknown[]; facets: unknown };
      expect([q, body.total, body.corrections]).toEqual([q, 0, []]);
    }
  });

  it('never shows a canary on the listing, search and paper routes', async () => {
    for (const url of [
      '/',
      '/index.json',
      '/api/notes',
      '/api/papers',
      '/papers',
      '/tags',
      '/tags.json',
      '/replications',
      '/api/search?q=canary',
      '/api/search?q=type:paper',
      '/api/suggest?q=blue',
      '/api/suggest?q=redf',
      '/api/search?q=bluejaxcanary',
    ]) {
      const res = await get(url);
      expect([url, res.body]).not.toEqual([url, expect.stringMatching(CANARIES)]);
    }
  });
});
