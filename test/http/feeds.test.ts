import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/http/app.ts';
import { makeIndex, makeVault, type TestVault } from '../helpers/vault.ts';

const LONG_BODY = `Backdoors survive safety training. ${'Adversarial training hides the trigger rather than removing it. '.repeat(10)}`;

/** Public notes with known dates and tags; each hidden note carries a canary word that must never reach a visitor. */
const FILES = {
  'alpha.md': `---\ntitle: "Tom & Jerry <b>bold</b> \\"quoted\\" it's"\ntags: [safety/evals, backdoors]\nupdated: 2024-03-01\n---\n# Heading\n\n${LONG_BODY}\n`,
  'beta.md': '---\ntitle: Beta note\ntags: [safety]\nupdated: 2024-05-01T12:00:00Z\n---\nBeta body. Cites [@jones2023].\n',
  // No `updated`: the file's time (set below to 2024-04-01) stands in.
  'gamma.md': '---\ntitle: Gamma note\ntags: [interp]\n---\nGamma body.\n',
  'papers/smith2024.md': '---\ntype: paper\ntitle: Smith paper\ncitekey: smith2024\nupdated: 2024-01-15\n---\nA paper note.\n',
  'refs.bib': '@article{jones2023, title={Jones paper}, author={Jones, Ann}, year={2023}}\n',
  'draft-idea.md':
    '---\ntitle: Draft BLUEJAYCANARY\ndraft: true\ntags: [safety, bluejaycanary]\nupdated: 2025-01-01\n---\nBLUEJAYCANARY thoughts on doi:10.1234/bluejaycanary.1 and arXiv:2402.99999.\n',
  'private-log.md': '---\ntitle: Private REDFOXCANARY\nprivate: true\ntags: [safety]\nupdated: 2025-01-02\n---\nREDFOXCANARY.\n',
  'unpublished.md': '---\ntitle: Unpublished GREENOWLCANARY\npublish: false\ntags: [safety/evals]\nupdated: 2025-01-03\n---\nGREENOWLCANARY.\n',
  'quiet-note.md': '---\ntitle: Quiet GREYSEALCANARY\nunlisted: true\ntags: [safety, greysealcanary]\nupdated: 2025-01-04\n---\nGREYSEALCANARY.\n',
};
const CANARIES = /BLUEJAY|REDFOX|GREENOWL|GREYSEAL|draft-idea|private-log|unpublished|quiet-note/i;
const HOST = 'notes.example.org';
const BASE = `http://${HOST}`;

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  isArray: (name) => ['entry', 'category', 'link', 'url'].includes(name),
});

interface AtomEntry {
  id: string;
  title: { '#text': string; type: string };
  updated: string;
  link: { rel: string; href: string }[];
  summary?: { '#text': string };
  category?: { term: string }[];
}
interface JsonItem {
  id: string;
  url: string;
  title: string;
  summary?: string;
  content_text: string;
  date_modified: string;
  tags: string[];
}

function parseXml(body: string): Record<string, unknown> {
  expect(XMLValidator.validate(body)).toBe(true);
  return xml.parse(body) as Record<string, unknown>;
}
const atomEntries = (body: string) => ((parseXml(body).feed as { entry?: AtomEntry[] }).entry ?? []) as AtomEntry[];
const sitemapUrls = (body: string) => ((parseXml(body).urlset as { url?: { loc: string; lastmod?: string }[] }).url ?? []).map((u) => u);

describe('feeds and discovery', () => {
  let vault: TestVault;
  let author: FastifyInstance;
  let visitor: FastifyInstance;
  let close: () => void;
  beforeAll(async () => {
    vault = makeVault(FILES);
    const april = new Date('2024-04-01T08:00:00Z');
    utimesSync(join(vault.dir, 'gamma.md'), april, april);
    const authorIndex = makeIndex(vault.dir);
    const publicIndex = makeIndex(vault.dir, 1, 'public');
    close = () => {
      authorIndex.close();
      publicIndex.close();
    };
    await authorIndex.indexer.syncAll();
    await publicIndex.indexer.syncAll();
    author = await buildApp({ db: authorIndex.db, indexer: authorIndex.indexer });
    visitor = await buildApp({ db: publicIndex.db, indexer: publicIndex.indexer, publicOnly: true });
  });
  afterAll(async () => {
    await author.close();
    await visitor.close();
    close();
    vault.cleanup();
  });
  const get = (app: FastifyInstance, url: string) => app.inject({ method: 'GET', url, headers: { host: HOST } });

  describe('Atom feed', () => {
    it('lists the listed notes newest first, with absolute links, summaries and tags as categories', async () => {
      const res = await get(visitor, '/feed.xml');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      const feed = parseXml(res.body).feed as { id: string; title: { '#text': string }; updated: string; link: { rel: string; href: string }[] };
      expect(feed.id).toBe(`${BASE}/feed.xml`);
      expect(feed.link).toContainEqual(expect.objectContaining({ rel: 'self', href: `${BASE}/feed.xml` }));
      const entries = atomEntries(res.body);
      expect(entries.map((e) => e.id)).toEqual(['beta', 'gamma', 'alpha', 'papers/smith2024'].map((slug) => `${BASE}/notes/${slug}`));
      expect(entries.map((e) => e.updated)).toEqual([
        '2024-05-01T12:00:00.000Z',
        '2024-04-01T08:00:00.000Z',
        '2024-03-01T00:00:00.000Z',
        '2024-01-15T00:00:00.000Z',
      ]);
      expect(feed.updated).toBe('2024-05-01T12:00:00.000Z');
      const alpha = entries[2] as AtomEntry;
      expect(alpha.link).toEqual([expect.objectContaining({ rel: 'alternate', href: `${BASE}/notes/alpha` })]);
      expect(alpha.category?.map((c) => c.term)).toEqual(['safety/evals', 'backdoors']);
      const summary = alpha.summary?.['#text'] ?? '';
      expect(summary.startsWith('Heading Backdoors survive safety training.')).toBe(true);
      expect(summary.length).toBeLessThanOrEqual(301);
      expect(summary.endsWith('…')).toBe(true);
    });

    it('escapes titles with &, < and quotes', async () => {
      const res = await get(visitor, '/feed.xml');
      expect(res.body).toContain('Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot; it&apos;s');
      expect(res.body).not.toContain('<b>');
      expect(atomEntries(res.body)[2]?.title['#text']).toBe(`Tom & Jerry <b>bold</b> "quoted" it's`);
    });
  });

  describe('JSON Feed', () => {
    it('carries the same items as the Atom feed', async () => {
      const res = await get(visitor, '/feed.json');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
      const feed = res.json() as { version: string; title: string; home_page_url: string; feed_url: string; items: JsonItem[] };
      expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', home_page_url: `${BASE}/`, feed_url: `${BASE}/feed.json` });
      const atom = atomEntries((await get(visitor, '/feed.xml')).body);
      expect(feed.items.map((i) => [i.id, i.url, i.title, i.date_modified, i.tags, i.summary])).toEqual(
        atom.map((e) => [e.id, e.id, e.title['#text'], e.updated, e.category?.map((c) => c.term) ?? [], e.summary?.['#text']]),
      );
      for (const item of feed.items) expect(item.content_text).toBe(item.summary);
    });
  });

  describe('tag feeds', () => {
    it('lists only notes with the tag or a tag below it', async () => {
      const res = await get(visitor, '/tags/safety/feed.xml');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      const feed = parseXml(res.body).feed as { id: string; title: { '#text': string } };
      expect(feed.id).toBe(`${BASE}/tags/safety/feed.xml`);
      expect(feed.title['#text']).toContain('#safety');
      expect(atomEntries(res.body).map((e) => e.id)).toEqual([`${BASE}/notes/beta`, `${BASE}/notes/alpha`]);
    });

    it('serves a nested tag, by path or with an encoded slash, without taking over the tag page', async () => {
      for (const url of ['/tags/safety/evals/feed.xml', '/tags/safety%2Fevals/feed.xml', '/tags/Safety/Evals/feed.xml']) {
        const res = await get(visitor, url);
        expect(res.statusCode, url).toBe(200);
        expect(atomEntries(res.body).map((e) => e.id)).toEqual([`${BASE}/notes/alpha`]);
      }
      const page = await get(visitor, '/tags/safety/evals');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect((await get(visitor, '/tags/safety/evals.json')).json()).toMatchObject({ tag: 'safety/evals' });
    });

    it('serves a JSON Feed per tag too', async () => {
      const res = await get(visitor, '/tags/safety/evals/feed.json');
      expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
      const feed = res.json() as { feed_url: string; items: JsonItem[] };
      expect(feed.feed_url).toBe(`${BASE}/tags/safety/evals/feed.json`);
      expect(feed.items.map((i) => i.title)).toEqual([`Tom & Jerry <b>bold</b> "quoted" it's`]);
    });

    it('answers 404 for a tag no listed note carries', async () => {
      expect((await get(visitor, '/tags/nothing-here/feed.xml')).statusCode).toBe(404);
      expect((await get(visitor, '/tags/bluejaycanary/feed.xml')).statusCode).toBe(404);
      expect((await get(visitor, '/tags/bluejaycanary/feed.json')).statusCode).toBe(404);
    });
  });

  describe('sitemap and robots.txt', () => {
    it('lists the pages, every listed note, each tag and papers without a note, with lastmod', async () => {
      const res = await get(visitor, '/sitemap.xml');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      const urls = sitemapUrls(res.body);
      expect(urls.map((u) => u.loc).sort()).toEqual(
        [
          '/',
          '/papers',
          '/replications',
          '/tags',
          '/notes/alpha',
          '/notes/beta',
          '/notes/gamma',
          '/notes/papers/smith2024',
          '/tags/backdoors',
          '/tags/interp',
          '/tags/safety',
          '/tags/safety/evals',
          '/papers/jones2023',
        ]
          .map((p) => BASE + p)
          .sort(),
      );
      const lastmod = new Map(urls.map((u) => [u.loc.slice(BASE.length), u.lastmod]));
      expect(lastmod.get('/')).toBe('2024-05-01T12:00:00.000Z');
      expect(lastmod.get('/notes/gamma')).toBe('2024-04-01T08:00:00.000Z');
      expect(lastmod.get('/tags/safety')).toBe('2024-05-01T12:00:00.000Z');
      expect(lastmod.get('/tags/safety/evals')).toBe('2024-03-01T00:00:00.000Z');
      expect(lastmod.get('/replications')).toBeUndefined();
      for (const [loc, date] of lastmod) if (loc !== '/replications') expect(date, loc).toMatch(/^\d{4}-\d\d-\d\dT/);
    });

    it('allows everything and points to the sitemap', async () => {
      const res = await get(visitor, '/robots.txt');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toMatch(/^User-agent: \*\nAllow: \/\n/);
      expect(res.body).toContain(`Sitemap: ${BASE}/sitemap.xml\n`);
    });
  });

  describe('visibility', () => {
    const URLS = ['/feed.xml', '/feed.json', '/sitemap.xml', '/robots.txt', '/tags/safety/feed.xml', '/tags/safety/feed.json', '/tags/safety/evals/feed.xml'];

    it('never lets a draft, private, unpublished or unlisted note reach a visitor', async () => {
      for (const url of URLS) {
        const res = await get(visitor, url);
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).not.toMatch(CANARIES);
      }
    });

    it('shows the author everything, drafts included', async () => {
      const atom = atomEntries((await get(author, '/feed.xml')).body);
      expect(atom.map((e) => e.id.slice(`${BASE}/notes/`.length)).slice(0, 4)).toEqual(['quiet-note', 'unpublished', 'private-log', 'draft-idea']);
      expect(atom).toHaveLength(8);
      const tagged = atomEntries((await get(author, '/tags/safety/evals/feed.xml')).body).map((e) => e.title['#text']);
      expect(tagged).toEqual(['Unpublished GREENOWLCANARY', `Tom & Jerry <b>bold</b> "quoted" it's`]);
      const locs = sitemapUrls((await get(author, '/sitemap.xml')).body).map((u) => u.loc);
      expect(locs).toEqual(expect.arrayContaining([`${BASE}/notes/draft-idea`, `${BASE}/notes/quiet-note`, `${BASE}/tags/bluejaycanary`]));
    });
  });

  it('builds absolute URLs from the request', async () => {
    const res = await author.inject({ url: '/robots.txt', headers: { host: 'localhost:3000' } });
    expect(res.body).toContain('Sitemap: http://localhost:3000/sitemap.xml');
    const forged = await author.inject({ url: '/feed.xml', headers: { host: 'evil"><x' } });
    expect(forged.body).not.toContain('evil');
    expect(XMLValidator.validate(forged.body)).toBe(true);
  });
});
