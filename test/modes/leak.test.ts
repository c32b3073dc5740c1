/**
 * The leak test of public mode. Every hidden note (draft, private, unpublished) carries canary
 * words in its title, body, headings, tags, aliases and front matter, and is linked from, embedded
 * in and cited by public notes. A crawler follows every link public mode offers (pages, their JSON
 * twins, the API listings, feeds, the sitemap), asks directly for the hidden slugs and searches for
 * the canary words, and checks that no canary reaches a visitor and that a hidden note answers
 * exactly like a note that never existed.
 *
 * A second, control vault — the same files without the hidden notes — is crawled the same way: a
 * visitor should not be able to tell the two sites apart.
 */
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/http/app.ts';
import { makeIndex, makeVault, type TestVault } from '../helpers/vault.ts';

// ---------------------------------------------------------------------------
// The fixture

/** Hidden notes, by path. Every word containing "canary" lives only in these files. */
const HIDDEN: Record<string, string> = {
  'drafts/bluejay-draft.md': `---
title: Bluejay draft BLUEJAYCANARY
draft: true
tags: [bluejaytagcanary, backdoors, secret/nestedtagcanary]
aliases: [Bluejayaliascanary]
secret_field: bluejayfrontmattercanary
created: 2024-01-01
updated: 2030-01-01
---
# Bluejay draft BLUEJAYCANARY

Bluejaybodycanary thoughts. This extends the Public survey of backdoors, see [[public-survey]] and [[quiet-note]].
It cites [@ibexcanary2023] and [@sharedbib2022], and arXiv:2412.88888 and https://doi.org/10.9999/quokkacanary.2024.

## Secret section

Secretsectioncanary: the part a public note embeds.

## Bluejayheadingcanary

- a list item with listitemcanary
`,
  'private/redfox-log.md': `---
type: replication
title: Redfox replication REDFOXCANARY
private: true
replicates: publicpaper2023
status: done
verdict: not-reproduced
compute: redfoxcomputecanary
code: https://example.org/redfoxcodecanary
claims:
  - id: c1
    text: Redfoxclaimcanary text
    metric: redfoxmetriccanary
    paper: "0.9"
    ours: "0.1"
    verdict: not-reproduced
tags: [redfoxtagcanary, replication]
updated: 2029-06-01
---
Redfoxbodycanary. Replicates [[publicpaper2023]] [@publicpaper2023] and mentions Public survey of backdoors.
`,
  'unpub/greenowl.md': `---
title: Greenowl GREENOWLCANARY
publish: false
tags: [greenowltagcanary]
---
Greenowlbodycanary, embedded whole in a public note. Cites [@publicbib2021].
`,
  'papers/whiteelk2024.md': `---
type: paper
title: "Whiteelk paper WHITEELKCANARY"
authors: ["Canaryauthor, Whiteelk", "Second, Canaryperson"]
year: 2024
venue: Whiteelkvenuecanary
arxiv: 2411.99999
doi: 10.9999/hidden.paper.2024
citekey: whiteelk2024
url: https://example.org/whiteelkurlcanary
status: read
rating: 5
draft: true
tags: [whiteelktagcanary, poisoning]
---
## Summary

Whiteelkbodycanary summary of a paper that cites [@publicpaper2023].
`,
  'hidden/ibis-note.md': `---
title: Ibis IBISCANARY
private: true
publish: false
tags: [ibistagcanary]
---
Ibisbodycanary, reached from a public note by a Markdown link. See [[public-survey]].
`,
};

/** What visitors may see: public notes, an unlisted note and a bibliography. No "canary" anywhere. */
const PUBLIC: Record<string, string> = {
  'public-survey.md': `---
title: Public survey of backdoors
tags: [backdoors, surveys]
updated: 2024-05-01
---
# Public survey of backdoors

Drafts: [[bluejay-draft]], [[drafts/bluejay-draft#Secret section]], [[redfox-log|a private log]], [[greenowl]],
[[whiteelk2024]] and [a Markdown link](hidden/ibis-note.md). The quiet one: [[quiet-note]]. Also [[Alpha topic]].

The hidden paper [@whiteelk2024], also arXiv:2411.99999 and [its DOI](https://doi.org/10.9999/hidden.paper.2024).
Public papers: [@publicpaper2023] and the bibliography's [@sharedbib2022; @publicbib2021].

![[greenowl]]

![[bluejay-draft#Secret section]]

## Findings

Backdoors persist.
`,
  'papers/publicpaper2023.md': `---
type: paper
title: Public paper on poisoning
authors: ["Doe, Jane"]
year: 2023
arxiv: 2301.00001
citekey: publicpaper2023
tags: [poisoning]
updated: 2023-03-01
---
## Summary

A public paper. Compare [@whiteelk2024] and [[public-survey]].
`,
  'replications/public-rep.md': `---
type: replication
title: Public replication of the poisoning paper
replicates: publicpaper2023
status: done
verdict: reproduced
claims:
  - id: c1
    text: Poisoning works
    metric: attack success rate
    paper: "0.9"
    ours: "0.88"
    verdict: reproduced
tags: [replication, poisoning]
updated: 2024-02-01
---
Log for [[publicpaper2023]] [@publicpaper2023].
`,
  'topics/alpha.md': `---
title: Alpha topic
tags: [backdoors/alpha]
updated: 2024-01-15
---
Links [[public-survey]], [[quiet-note]], [[bluejay-draft]] and [[greenowl#Whatever]].
`,
  'quiet-note.md': `---
title: Quiet note
unlisted: true
tags: [hushtagmarker]
updated: 2024-04-01
---
Hushbodymarker: reachable by its URL only. Links [[public-survey]] and [[bluejay-draft]].
`,
  'references.bib': `@article{sharedbib2022,
  title = {A shared bibliography paper},
  author = {Roe, Richard},
  year = {2022},
  journal = {Journal of Tests}
}

@inproceedings{publicbib2021,
  title = {A public bibliography paper},
  author = {Poe, Edgar},
  year = {2021},
  booktitle = {Proceedings of Tests}
}

@misc{orphanbib2020,
  title = {Nobody cites this},
  author = {Moe, Maria},
  year = {2020}
}
`,
};

const CANARY = /canary|2412\.88888/i;
const HIDDEN_SLUGS = ['drafts/bluejay-draft', 'private/redfox-log', 'unpub/greenowl', 'papers/whiteelk2024', 'hidden/ibis-note'];
const HIDDEN_TAGS = ['bluejaytagcanary', 'secret', 'secret/nestedtagcanary', 'redfoxtagcanary', 'greenowltagcanary', 'whiteelktagcanary', 'ibistagcanary'];
/** Search words, one from each place a canary sits. */
const CANARY_WORDS = [
  'bluejaycanary',
  'bluejaybodycanary',
  'bluejayaliascanary',
  'bluejayfrontmattercanary',
  'bluejayheadingcanary',
  'secretsectioncanary',
  'listitemcanary',
  'bluejaytagcanary',
  'nestedtagcanary',
  'ibexcanary2023',
  'quokkacanary',
  'redfoxcanary',
  'redfoxbodycanary',
  'redfoxclaimcanary',
  'redfoxmetriccanary',
  'redfoxcomputecanary',
  'greenowlcanary',
  'greenowlbodycanary',
  'whiteelkcanary',
  'whiteelkbodycanary',
  'whiteelkvenuecanary',
  'canaryauthor',
  'canaryperson',
  'ibiscanary',
  'ibisbodycanary',
  'canary',
];
const UNLISTED_SLUG = 'quiet-note';
const UNLISTED_MARKER = /hushbodymarker/i;
const MAX_REQUESTS = 2000;
/** All files get this time, so the vault and its control copy have the same dates. */
const FIXED_TIME = new Date('2024-06-01T12:00:00Z');

// ---------------------------------------------------------------------------
// The crawler

interface Fetched {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

const ORIGIN_HOSTS = new Set(['localhost', 'localhost:80', '127.0.0.1']);

/** A same-origin path+query for a link found in a response, or null for other origins, fragments, mailto: and such. */
function sameOrigin(raw: string, base: string): string | null {
  const value = raw.trim();
  if (!value || value.startsWith('#') || value.startsWith('//') || /^(mailto|javascript|data|vscode|tel):/i.test(value)) return null;
  let parsed: URL;
  try {
    parsed = new URL(value, `http://localhost${base}`);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(parsed.protocol) || !ORIGIN_HOSTS.has(parsed.host)) return null;
  return `${parsed.pathname}${parsed.search}`;
}

const decodeEntities = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const seg = (s: string) => s.split('/').map(encodeURIComponent).join('/');

/** URLs a note slug, a paper id or a tag opens, in pages and API. */
const slugUrls = (slug: string) => [
  `/notes/${seg(slug)}`,
  `/notes/${seg(slug)}.json`,
  `/api/notes/${seg(slug)}`,
  `/api/notes/${seg(slug)}/backlinks`,
  `/api/graph?center=${encodeURIComponent(slug)}&depth=3`,
];
const paperUrls = (id: string) => [
  `/api/papers/${seg(id)}`,
  `/papers/${encodeURIComponent(id)}`,
  `/papers/${encodeURIComponent(id)}.json`,
  `/api/graph?center=${encodeURIComponent(id)}&depth=3`,
];
const tagUrls = (tag: string) => [
  `/tags/${seg(tag)}`,
  `/tags/${seg(tag)}.json`,
  `/tags/${seg(tag)}/feed.xml`,
  `/tags/${seg(tag)}/feed.json`,
  `/api/papers.bib?tag=${encodeURIComponent(tag)}`,
  `/api/papers.csl.json?tag=${encodeURIComponent(tag)}`,
];

/** Every URL mentioned by a JSON value: route-like strings, slugs, paper ids, tags, paging tokens. */
function linksInJson(value: unknown, url: string, out: string[]): void {
  if (typeof value === 'string') {
    if (/^\/[a-z]/i.test(value)) out.push(value);
    else if (/^https?:\/\//.test(value)) out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) linksInJson(item, url, out);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  if (typeof obj.slug === 'string' && obj.slug) out.push(...slugUrls(obj.slug));
  if (typeof obj.paperId === 'string') out.push(...paperUrls(obj.paperId));
  if (typeof obj.id === 'string' && ('citekey' in obj || 'arxiv' in obj || 'source' in obj)) out.push(...paperUrls(obj.id));
  if (typeof obj.id === 'string' && /^(note|paper):/.test(obj.id)) out.push(`/api/graph?center=${encodeURIComponent(obj.id)}&depth=3`);
  if (typeof obj.tag === 'string') out.push(...tagUrls(obj.tag));
  if (Array.isArray(obj.tags)) for (const t of obj.tags) if (typeof t === 'string') out.push(...tagUrls(t));
  if (typeof obj.next === 'string' && url.startsWith('/api/')) {
    const next = new URL(url, 'http://localhost');
    next.searchParams.set('next', obj.next);
    out.push(`${next.pathname}${next.search}`);
  }
  for (const v of Object.values(obj)) linksInJson(v, url, out);
}

function linksIn(fetched: Fetched): string[] {
  const found: string[] = [];
  const type = fetched.headers['content-type'] ?? '';
  const { body, url } = fetched;
  const path = url.split('?')[0] ?? '/';
  if (type.includes('html')) {
    for (const m of body.matchAll(/\s(?:href|src|action)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) found.push(decodeEntities(m[1] ?? m[2] ?? ''));
    for (const m of body.matchAll(/\sdata-(?:center|slug)\s*=\s*"([^"]*)"/gi)) {
      const v = decodeEntities(m[1] ?? '');
      found.push(`/api/graph?center=${encodeURIComponent(v)}&depth=3`);
    }
    if (fetched.status === 200 && !path.startsWith('/api/') && !path.startsWith('/assets/') && !path.endsWith('.json')) {
      const query = url.includes('?') ? url.slice(url.indexOf('?')) : '';
      found.push(`${path === '/' ? '/index' : path.replace(/\/$/, '')}.json${query}`);
    }
  } else if (type.includes('xml')) {
    for (const m of body.matchAll(/<loc>([^<]*)<\/loc>|<id>([^<]*)<\/id>|\shref="([^"]*)"/g)) found.push(decodeEntities(m[1] ?? m[2] ?? m[3] ?? ''));
  } else if (type.includes('json')) {
    try {
      linksInJson(JSON.parse(body), url, found);
    } catch {
      // not JSON after all
    }
  }
  const link = fetched.headers.link;
  if (link) for (const m of link.matchAll(/<([^>]+)>/g)) found.push(m[1] ?? '');
  const location = fetched.headers.location;
  if (location) found.push(location);
  return found.map((f) => sameOrigin(f, path)).filter((f): f is string => f !== null);
}

/** Search pages link every facet value, and each result page links more: follow queries of at most two terms. */
function tooManyFilters(url: string): boolean {
  if (!/^\/(api\/)?search(\.json)?\?/.test(url)) return false;
  const q = new URL(url, 'http://localhost').searchParams.get('q') ?? '';
  return q.trim().split(/\s+/).length > 2;
}

class Site {
  private requests = 0;
  constructor(readonly app: FastifyInstance) {}

  /** One request; each from its own client address, so the rate limit of public mode never interferes. */
  async get(url: string, accept?: string): Promise<Fetched> {
    this.requests++;
    const n = this.requests;
    const res = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      headers: accept ? { accept } : {},
    });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    return { url, status: res.statusCode, headers, body: res.body };
  }

  /** Breadth-first over every same-origin link, from the seeds, at most `limit` URLs. */
  async crawl(seeds: string[], limit = MAX_REQUESTS): Promise<Map<string, Fetched>> {
    const seen = new Map<string, Fetched>();
    const queued = new Set<string>(seeds);
    const queue = [...seeds];
    while (queue.length && seen.size < limit) {
      const url = queue.shift() as string;
      const isPage = !url.startsWith('/api/') && !/\.(json|xml|bib|txt|js|css)(\?|$)/.test(url);
      const fetched = await this.get(url, isPage ? 'text/html,application/xhtml+xml,*/*;q=0.8' : undefined);
      seen.set(url, fetched);
      for (const next of linksIn(fetched)) {
        if (queued.has(next) || tooManyFilters(next)) continue;
        queued.add(next);
        queue.push(next);
      }
    }
    return seen;
  }
}

const SEEDS = [
  '/',
  '/sitemap.xml',
  '/robots.txt',
  '/feed.xml',
  '/feed.json',
  '/api/health',
  '/api/notes',
  '/api/notes?limit=2',
  '/api/papers',
  '/api/graph',
  '/api/graph?depth=3',
  '/api/reading-queue',
  '/api/reading-queue?limit=500',
  '/api/papers.bib',
  '/api/papers.csl.json',
  '/api/openapi.json',
  '/tags',
  '/papers',
  '/papers?sort=cited',
  '/replications',
  '/graph',
  '/search',
  '/search?q=backdoors',
  '/api/search?q=backdoors',
  '/api/search?q=type:paper',
  '/api/search?q=type:replication',
  '/api/search?q=verdict:not-reproduced',
  '/api/search?q=tag:backdoors',
  '/api/search?q=survey&limit=1',
  // Direct requests for everything hidden.
  ...HIDDEN_SLUGS.flatMap(slugUrls),
  ...['whiteelk2024', 'arxiv:2411.99999', 'doi:10.9999/hidden.paper.2024', 'arxiv:2412.88888', 'doi:10.9999/quokkacanary.2024', 'ibexcanary2023'].flatMap(
    paperUrls,
  ),
  ...HIDDEN_TAGS.flatMap(tagUrls),
];

// ---------------------------------------------------------------------------

/** A string of the same shape that names nothing: letters and digits replaced, separators kept. */
const neverExisted = (s: string) => s.replace(/[a-z]/gi, 'q').replace(/[0-9]/g, '7');

const withoutVolatile = (headers: Record<string, string>) => {
  const { date, 'x-ratelimit-reset': _reset, 'x-ratelimit-remaining': _remaining, ...rest } = headers;
  return rest;
};

/** The canary-bearing words a request itself names (`/tags/bluejaytagcanary`): a response may echo those back. */
function echoedWords(url: string): string[] {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // keep it encoded
  }
  return decoded
    .split(/[/?&=:#\s"]+/)
    .map((w) => w.replace(/\.(json|xml)$/, ''))
    .filter((w) => CANARY.test(w))
    .sort((a, b) => b.length - a.length);
}

const maskWords = (text: string, words: string[]) =>
  words.reduce((t, w) => t.replace(new RegExp(w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '<echo>'), text);

/** Where a canary shows in a response, beyond the words its own URL names. */
function leaks(fetched: Fetched): string[] {
  const found: string[] = [];
  const echo = echoedWords(fetched.url);
  const around = new RegExp(`.{0,60}(?:${CANARY.source}).{0,60}`, 'i');
  const body = maskWords(fetched.body, echo).match(around);
  if (body) found.push(`${fetched.url} body: …${body[0]}…`);
  const headers = maskWords(JSON.stringify(fetched.headers), echo).match(around);
  if (headers) found.push(`${fetched.url} headers: …${headers[0]}…`);
  return found;
}

async function siteOf(files: Record<string, string>): Promise<{ vault: TestVault; site: Site; close(): Promise<void> }> {
  const vault = makeVault(files);
  for (const path of Object.keys(files)) utimesSync(join(vault.dir, path), FIXED_TIME, FIXED_TIME);
  const index = makeIndex(vault.dir, 1, 'public');
  await index.indexer.syncAll();
  const app = await buildApp({ db: index.db, indexer: index.indexer, publicOnly: true });
  return {
    vault,
    site: new Site(app),
    close: async () => {
      await app.close();
      index.close();
      vault.cleanup();
    },
  };
}

describe('public mode leaks nothing of hidden notes', () => {
  let main: Awaited<ReturnType<typeof siteOf>>;
  let control: Awaited<ReturnType<typeof siteOf>>;
  let crawled: Map<string, Fetched>;

  beforeAll(async () => {
    main = await siteOf({ ...PUBLIC, ...HIDDEN });
    control = await siteOf(PUBLIC);
    crawled = await main.site.crawl(SEEDS);
    const kinds = new Map<string, number>();
    for (const url of crawled.keys()) {
      const kind =
        (url.match(/^\/(api\/[a-z-]+(\.[a-z.]+)?|[a-z-]+(\.[a-z]+)?)/)?.[0] ?? url) +
        (/\.json(\?|$)/.test(url) && !url.startsWith('/api/') && !url.includes('feed.json') ? ' (json twin)' : '');
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    console.info(`[leak] crawled ${crawled.size} URLs (limit ${MAX_REQUESTS}): ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }, 300_000);
  afterAll(async () => {
    await main?.close();
    await control?.close();
  });

  it('the fixture really hides something: the author sees every canary', async () => {
    const index = makeIndex(main.vault.dir);
    await index.indexer.syncAll();
    const author = await buildApp({ db: index.db, indexer: index.indexer, publicOnly: false });
    try {
      for (const slug of HIDDEN_SLUGS) {
        const res = await author.inject(`/api/notes/${slug}`);
        expect([slug, res.statusCode, CANARY.test(res.body)]).toEqual([slug, 200, true]);
      }
      expect((await author.inject('/api/search?q=bluejaybodycanary')).json()).toMatchObject({ total: 1 });
    } finally {
      await author.close();
      index.close();
    }
  });

  it('crawls the whole public site within the request budget', () => {
    expect(crawled.size).toBeGreaterThan(150);
    expect(crawled.size).toBeLessThan(MAX_REQUESTS);
    // Every public note was reached, and the crawl went through pages, JSON twins, API, feeds and the sitemap.
    for (const url of ['/notes/public-survey', '/notes/public-survey.json', '/api/notes/topics/alpha', '/notes/quiet-note', '/feed.xml', '/index.json']) {
      expect(crawled.has(url), url).toBe(true);
    }
    const statuses = [...crawled.values()].map((f) => f.status);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });

  it('no crawled response body or header contains a canary', () => {
    const found = [...crawled.values()].flatMap(leaks);
    expect(found).toEqual([]);
  });

  it('searching for canary words finds nothing, suggests nothing and corrects nothing', async () => {
    const found: string[] = [];
    const probes: string[] = [];
    for (const word of CANARY_WORDS) {
      probes.push(word, `tag:${word}`, `author:${word}`, `venue:${word}`, `cites:${word}`, `${word.slice(0, -1)}x`, `"${word}"`, `${word} OR backdoors`);
    }
    // Filters that only hidden notes would match.
    probes.push('cites:arxiv:2412.88888', 'cites:doi:10.9999/quokkacanary.2024', 'path:drafts/', 'path:private/', 'path:unpub/', 'path:hidden/');
    probes.push('verdict:not-reproduced', 'type:replication verdict:not-reproduced', 'has:replication verdict:not-reproduced', 'tag:secret');
    for (const q of probes) {
      const res = await main.site.get(`/api/search?q=${encodeURIComponent(q)}`);
      const parsed = JSON.parse(res.body) as { query: string; total: number; hits: unknown[]; corrections: unknown[]; facets: unknown };
      const { query: _echo, ...rest } = parsed;
      if (res.status !== 200) found.push(`${q}: status ${res.status} ${res.body.slice(0, 200)}`);
      const onlyHidden = !q.includes(' OR ');
      if (onlyHidden && (parsed.total !== 0 || parsed.corrections?.length))
        found.push(`${q}: total ${parsed.total}, corrections ${JSON.stringify(parsed.corrections)}`);
      found.push(...leaks({ ...res, body: JSON.stringify(rest) }).map((l) => `search ${q}: ${l}`));
    }
    for (const word of CANARY_WORDS) {
      for (let n = 3; n <= word.length; n++) {
        const q = word.slice(0, n);
        const res = await main.site.get(`/api/suggest?q=${encodeURIComponent(q)}`);
        const { query: _echo, ...rest } = JSON.parse(res.body) as { query: string; suggestions: unknown[] };
        found.push(...leaks({ ...res, body: JSON.stringify(rest) }).map((l) => `suggest ${q}: ${l}`));
      }
    }
    expect(found).toEqual([]);
  });

  it('a search page for a canary word is the page for a word that never existed', async () => {
    const differences: string[] = [];
    for (const word of CANARY_WORDS) {
      const other = neverExisted(word);
      for (const route of ['/search', '/search.json', '/api/search']) {
        const hidden = await main.site.get(`${route}?q=${word}`, route === '/search' ? 'text/html' : undefined);
        const missing = await main.site.get(`${route}?q=${other}`, route === '/search' ? 'text/html' : undefined);
        const a = hidden.body.split(word).join('<q>');
        const b = missing.body.split(other).join('<q>');
        if (hidden.status !== missing.status || a !== b)
          differences.push(`${route}?q=${word}: ${hidden.status} ${a.slice(0, 200)} vs ${missing.status} ${b.slice(0, 200)}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('hidden slugs, citekeys, ids and tags answer exactly like ones that never existed', async () => {
    const differences: string[] = [];
    const compare = async (real: string, fake: string, urlsOf: (s: string) => string[]) => {
      for (const [i, url] of urlsOf(real).entries()) {
        const fakeUrl = urlsOf(fake)[i] as string;
        for (const accept of [undefined, 'text/html', 'application/json']) {
          const hidden = await main.site.get(url, accept);
          const missing = await main.site.get(fakeUrl, accept);
          const norm = (f: Fetched, s: string) => ({
            status: f.status,
            headers: withoutVolatile(f.headers),
            body: f.body.split(s).join('<id>').split(encodeURIComponent(s)).join('<id>').split(JSON.stringify(s).slice(1, -1)).join('<id>'),
          });
          const a = norm(hidden, real);
          const b = norm(missing, fake);
          if (JSON.stringify(a) !== JSON.stringify(b))
            differences.push(`${url} [${accept ?? 'no accept'}]: ${JSON.stringify(a).slice(0, 300)} vs ${JSON.stringify(b).slice(0, 300)}`);
        }
      }
    };
    for (const slug of HIDDEN_SLUGS) await compare(slug, neverExisted(slug), slugUrls);
    for (const id of ['whiteelk2024', 'arxiv:2412.88888', 'doi:10.9999/quokkacanary.2024']) await compare(id, neverExisted(id), paperUrls);
    for (const tag of HIDDEN_TAGS) await compare(tag, neverExisted(tag), tagUrls);
    expect(differences).toEqual([]);
  });

  it('a hidden note is reported exactly like a note that never existed by every hidden-slug route', async () => {
    // The brief's exact list, each as status + body with the slug text masked.
    for (const slug of HIDDEN_SLUGS) {
      const fake = neverExisted(slug);
      for (const make of [
        (s: string) => `/api/notes/${s}`,
        (s: string) => `/notes/${s}`,
        (s: string) => `/notes/${s}.json`,
        (s: string) => `/api/notes/${s}/backlinks`,
      ]) {
        const hidden = await main.site.get(make(slug));
        const missing = await main.site.get(make(fake));
        expect([make(slug), hidden.status, hidden.body.split(slug).join('<slug>')]).toEqual([
          make(slug),
          missing.status,
          missing.body.split(fake).join('<slug>'),
        ]);
        expect(hidden.status).toBe(404);
      }
    }
    const hiddenPaper = await main.site.get('/api/papers/whiteelk2024');
    const missingPaper = await main.site.get('/api/papers/qqqqqqqq7777');
    expect([hiddenPaper.status, hiddenPaper.body.replace('whiteelk2024', '<id>')]).toEqual([
      missingPaper.status,
      missingPaper.body.replace('qqqqqqqq7777', '<id>'),
    ]);
  });

  it('keeps the unlisted note reachable by URL but out of listings, search, graph, feeds and the sitemap', async () => {
    for (const url of [`/notes/${UNLISTED_SLUG}`, `/api/notes/${UNLISTED_SLUG}`, `/notes/${UNLISTED_SLUG}.json`]) {
      const res = await main.site.get(url);
      expect([url, res.status, UNLISTED_MARKER.test(res.body)]).toEqual([url, 200, true]);
    }
    const slugPattern = new RegExp(`(^|[/"'>:])${UNLISTED_SLUG}([/"'<.?#]|$)`);
    const listings = [
      '/api/notes',
      '/api/notes?limit=500',
      '/index.json',
      '/tags.json',
      '/tags/hushtagmarker.json',
      '/api/graph',
      '/api/graph?depth=3',
      '/api/graph?center=public-survey&depth=3',
      '/api/graph?center=topics/alpha&depth=3',
      '/api/notes/public-survey/backlinks',
      '/feed.xml',
      '/feed.json',
      '/sitemap.xml',
      '/api/search?q=hushbodymarker',
      '/api/search?q=quiet',
      '/api/search?q=tag:hushtagmarker',
      '/api/suggest?q=hush',
      '/api/suggest?q=quie',
    ];
    const present: string[] = [];
    for (const url of listings) {
      const { body } = await main.site.get(url);
      let checked = body;
      if (url.startsWith('/api/search') || url.startsWith('/api/suggest')) {
        const { query: _echo, ...rest } = JSON.parse(body) as { query: string };
        checked = JSON.stringify(rest);
      }
      if (url === '/tags/hushtagmarker.json') checked = JSON.stringify((JSON.parse(body) as { notes: unknown }).notes);
      if (slugPattern.test(checked) || UNLISTED_MARKER.test(checked) || /hushtagmarker/i.test(checked)) present.push(url);
    }
    // A public note's links may name it (it is reachable by URL), but its backlinks list it no more than the API's do.
    const api = (await main.site.get('/api/notes/public-survey')).body;
    if (slugPattern.test(JSON.stringify((JSON.parse(api) as { backlinks: unknown }).backlinks))) present.push('/api/notes/public-survey (backlinks)');
    const twin = (await main.site.get('/notes/public-survey.json')).body;
    const twinData = JSON.parse(twin) as { backlinks: unknown; mentions: unknown };
    if (slugPattern.test(JSON.stringify(twinData.backlinks))) present.push('/notes/public-survey.json (backlinks)');
    if (slugPattern.test(JSON.stringify(twinData.mentions))) present.push('/notes/public-survey.json (mentions)');
    expect(present).toEqual([]);
    // Its words appear only on its own URLs (or echoed by a URL that names its tag).
    const elsewhere = [...crawled.values()]
      .filter((f) => !f.url.includes(UNLISTED_SLUG) && !f.url.includes('hushtagmarker') && UNLISTED_MARKER.test(f.body))
      .map((f) => f.url);
    expect(elsewhere).toEqual([]);
  });

  describe('compared with the same vault without the hidden notes', () => {
    let controlCrawl: Map<string, Fetched>;
    beforeAll(async () => {
      controlCrawl = await control.site.crawl(SEEDS);
    }, 300_000);

    const same = async (urls: string[]) => {
      const differences: string[] = [];
      for (const url of urls) {
        const a = await main.site.get(url);
        const b = await control.site.get(url);
        if (a.status !== b.status || a.body !== b.body)
          differences.push(`${url}: ${a.status} ${a.body.slice(0, 400)}\n  vs ${b.status} ${b.body.slice(0, 400)}`);
      }
      return differences;
    };

    // A public index never holds a hidden note (see `Audience` in the indexer), so nothing derived from one
    // (paper records and their merging, counts, bm25 statistics) can tell the two sites apart.
    it('a paper public notes cite by arXiv id or DOI does not vanish because a hidden note describes it', async () => {
      expect(
        await same([
          '/api/papers/arxiv:2411.99999',
          '/api/papers/doi:10.9999/hidden.paper.2024',
          '/api/graph?center=arxiv:2411.99999',
          '/api/papers',
          '/api/reading-queue',
          '/api/papers.bib',
          '/api/papers.csl.json',
          '/api/search?q=type:paper',
        ]),
      ).toEqual([]);
    });

    it('/api/health counts only what visitors may see', async () => {
      expect(await same(['/api/health'])).toEqual([]);
    });

    it('search scores do not depend on hidden notes (bm25 document frequencies)', async () => {
      expect(await same(['/api/search?q=backdoors', '/api/search?q=survey', '/api/search?q=public'])).toEqual([]);
    });

    it('no crawled URL answers differently (the whole public site cannot be told apart)', () => {
      const differences: string[] = [];
      for (const u of crawled.keys()) if (!controlCrawl.has(u)) differences.push(`only with hidden notes: ${u}`);
      for (const u of controlCrawl.keys()) if (!crawled.has(u)) differences.push(`only without hidden notes: ${u}`);
      for (const [url, a] of crawled) {
        const b = controlCrawl.get(url);
        if (!b) continue;
        if (a.status !== b.status || a.body !== b.body || a.headers['content-type'] !== b.headers['content-type']) {
          let at = 0;
          while (at < a.body.length && a.body[at] === b.body[at]) at++;
          differences.push(
            `${url}: ${a.status} vs ${b.status}; at ${at}: …${a.body.slice(Math.max(0, at - 60), at + 60)}… vs …${b.body.slice(Math.max(0, at - 60), at + 60)}…`,
          );
        }
      }
      if (differences.length) console.info(`[leak] ${differences.length} of ${crawled.size} crawled URLs differ from the control vault`);
      expect(differences).toEqual([]);
    });
  });
});
