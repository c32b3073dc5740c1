/**
 * Feeds and discovery: Atom and JSON Feed of the most recently updated notes
 * (all of them, or one tag and the tags below it), a sitemap and robots.txt.
 *
 * Everything listed here comes from `NoteQueries`, which already applies the
 * mode's visibility rule: in public mode only notes visible in listings appear
 * (never drafts, private, unpublished or unlisted notes). The database is read
 * directly only for the excerpt and file time of notes those queries returned.
 *
 * Absolute URLs are built from the request (protocol and Host header): there
 * is no configured base URL yet.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/connection.ts';
import type { NoteQueries, NoteSummary } from '../../db/queries.ts';
import { noteHref, paperHref, tagHref } from '../pages/components.ts';

export interface FeedDeps {
  queries: NoteQueries;
  db: Database;
}

/** How many notes a feed carries. */
export const FEED_SIZE = 50;
/** Length of an entry's plain-text summary, in characters (before the ellipsis). */
export const SUMMARY_LENGTH = 300;
/** Tags nest with `/`; the tag feed routes go this deep (`/tags/a/b/…/feed.xml`). */
export const MAX_TAG_DEPTH = 8;

const SITE_TITLE = 'Scholium';

interface FeedEntry {
  slug: string;
  title: string;
  tags: string[];
  /** ISO 8601, from front matter `updated`, else the file's modification time. */
  updated: string;
  summary: string;
}

interface FeedMeta {
  title: string;
  /** Site-relative paths. */
  selfAtom: string;
  selfJson: string;
  home: string;
}

// ---------------------------------------------------------------------------
// Text helpers

/** Characters XML 1.0 does not allow at all, even escaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to remove
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML content and attribute values, dropping characters XML cannot carry. */
export function xmlEscape(text: string): string {
  return text.replace(XML_INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The first `max` characters of plain text, whitespace collapsed, cut at a word boundary. */
export function excerpt(text: string, max = SUMMARY_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : flat.slice(0, max)).replace(/[\s.,;:!?-]+$/, '')}…`;
}

/** When a note last changed: front matter `updated` if it parses as a date, else the file's time. */
function updatedAt(updated: string | null, mtimeMs: number): Date {
  const parsed = updated ? Date.parse(updated) : Number.NaN;
  return new Date(Number.isNaN(parsed) ? mtimeMs : parsed);
}

/** `protocol://host` of this request; the Host header is checked, so a forged one cannot inject markup. */
function origin(request: FastifyRequest): string {
  const host = request.host;
  const safeHost = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host) ? host : 'localhost';
  return `${request.protocol === 'https' ? 'https' : 'http'}://${safeHost}`;
}

// ---------------------------------------------------------------------------
// Data

interface NoteTimes {
  mtimeMs: number;
  plainText: string;
}

export async function feedRoutes(app: FastifyInstance, deps: FeedDeps): Promise<void> {
  const { queries, db } = deps;

  /** File time and text of notes the queries already returned (and so already filtered for this mode). */
  const timesOf = (paths: readonly string[]): Map<string, NoteTimes> => {
    if (paths.length === 0) return new Map();
    const rows = db.sqlite
      .prepare(`SELECT path, mtime_ms AS mtimeMs, plain_text AS plainText FROM notes WHERE path IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(paths)) as (NoteTimes & { path: string })[];
    return new Map(rows.map((r) => [r.path, r]));
  };

  const toEntries = (notes: readonly NoteSummary[]): FeedEntry[] => {
    const times = timesOf(notes.map((n) => n.path));
    return notes
      .map((n) => {
        const t = times.get(n.path);
        return {
          slug: n.slug,
          title: n.title,
          tags: n.tags,
          date: updatedAt(n.updated, t?.mtimeMs ?? 0),
          summary: excerpt(t?.plainText ?? ''),
          path: n.path,
        };
      })
      .sort((a, b) => b.date.getTime() - a.date.getTime() || a.path.localeCompare(b.path))
      .slice(0, FEED_SIZE)
      .map(({ slug, title, tags, date, summary }) => ({ slug, title, tags, updated: date.toISOString(), summary }));
  };

  const recentEntries = () => toEntries(queries.recentNotes(FEED_SIZE));

  /** Notes with the tag or a tag below it, like the tag page; null when there are none. */
  const tagEntries = (tag: string) => {
    const notes = queries.notesTagged(tag);
    return notes.length ? toEntries(notes) : null;
  };

  // -------------------------------------------------------------------------
  // Rendering

  const atom = (base: string, meta: FeedMeta, entries: FeedEntry[]): string => {
    // Entries are newest first.
    const updated = entries[0]?.updated ?? new Date(0).toISOString();
    const lines = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      `  <id>${xmlEscape(base + meta.selfAtom)}</id>`,
      `  <title type="text">${xmlEscape(meta.title)}</title>`,
      `  <updated>${updated}</updated>`,
      `  <link rel="self" type="application/atom+xml" href="${xmlEscape(base + meta.selfAtom)}"/>`,
      `  <link rel="alternate" type="text/html" href="${xmlEscape(base + meta.home)}"/>`,
      `  <link rel="alternate" type="application/feed+json" href="${xmlEscape(base + meta.selfJson)}"/>`,
      `  <author><name>${xmlEscape(SITE_TITLE)}</name></author>`,
      `  <generator>${xmlEscape(SITE_TITLE)}</generator>`,
    ];
    for (const e of entries) {
      const url = xmlEscape(base + noteHref(e.slug));
      lines.push(
        '  <entry>',
        `    <id>${url}</id>`,
        `    <title type="text">${xmlEscape(e.title)}</title>`,
        `    <updated>${e.updated}</updated>`,
        `    <link rel="alternate" type="text/html" href="${url}"/>`,
        ...(e.summary ? [`    <summary type="text">${xmlEscape(e.summary)}</summary>`] : []),
        ...e.tags.map((t) => `    <category term="${xmlEscape(t)}" scheme="${xmlEscape(`${base}/tags/`)}"/>`),
        '  </entry>',
      );
    }
    lines.push('</feed>', '');
    return lines.join('\n');
  };

  const jsonFeed = (base: string, meta: FeedMeta, entries: FeedEntry[]) => ({
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    home_page_url: base + meta.home,
    feed_url: base + meta.selfJson,
    authors: [{ name: SITE_TITLE }],
    items: entries.map((e) => {
      const url = base + noteHref(e.slug);
      return {
        id: url,
        url,
        title: e.title,
        content_text: e.summary,
        ...(e.summary ? { summary: e.summary } : {}),
        date_modified: e.updated,
        tags: e.tags,
      };
    }),
  });

  const sendAtom = (reply: FastifyReply, body: string) => reply.type('application/atom+xml; charset=utf-8').send(body);
  const sendJsonFeed = (reply: FastifyReply, body: unknown) => reply.type('application/feed+json; charset=utf-8').send(JSON.stringify(body));

  // -------------------------------------------------------------------------
  // Routes

  const siteMeta: FeedMeta = { title: SITE_TITLE, selfAtom: '/feed.xml', selfJson: '/feed.json', home: '/' };
  app.get('/feed.xml', async (request, reply) => sendAtom(reply, atom(origin(request), siteMeta, recentEntries())));
  app.get('/feed.json', async (request, reply) => sendJsonFeed(reply, jsonFeed(origin(request), siteMeta, recentEntries())));

  // `/tags/*` (the tag page) is a wildcard, and a route parameter never spans a `/`, so a nested tag such as
  // `safety/evals` needs a route with one parameter per level: these beat the wildcard for paths ending in the
  // feed's name. (`/tags/safety%2Fevals/feed.xml` also works: the parameter is decoded after matching.)
  const tagMeta = (tag: string): FeedMeta => ({
    title: `${SITE_TITLE} · #${tag}`,
    selfAtom: `${tagHref(tag)}/feed.xml`,
    selfJson: `${tagHref(tag)}/feed.json`,
    home: tagHref(tag),
  });
  const tagOf = (request: FastifyRequest): string =>
    Object.entries(request.params as Record<string, string>)
      .sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)))
      .map(([, v]) => v)
      .join('/')
      .toLowerCase();
  for (let depth = 1; depth <= MAX_TAG_DEPTH; depth++) {
    const prefix = `/tags/${Array.from({ length: depth }, (_, i) => `:t${i}`).join('/')}`;
    app.get(`${prefix}/feed.xml`, async (request, reply) => {
      const tag = tagOf(request);
      const entries = tagEntries(tag);
      if (!entries) return reply.callNotFound();
      return sendAtom(reply, atom(origin(request), tagMeta(tag), entries));
    });
    app.get(`${prefix}/feed.json`, async (request, reply) => {
      const tag = tagOf(request);
      const entries = tagEntries(tag);
      if (!entries) return reply.callNotFound();
      return sendJsonFeed(reply, jsonFeed(origin(request), tagMeta(tag), entries));
    });
  }

  app.get('/sitemap.xml', async (request, reply) => {
    const base = origin(request);
    // Every note this mode lists, newest first (a limit no vault reaches).
    const notes = queries.recentNotes(1_000_000).map((n) => ({ ...n, lastmod: updatedAt(n.updated, n.mtimeMs).toISOString() }));
    const latest = (list: readonly { lastmod: string }[]) => list.reduce<string | null>((max, n) => (max === null || n.lastmod > max ? n.lastmod : max), null);
    const siteLatest = latest(notes);
    const urls: { loc: string; lastmod: string | null }[] = [
      { loc: '/', lastmod: siteLatest },
      { loc: '/papers', lastmod: siteLatest },
      { loc: '/replications', lastmod: latest(notes.filter((n) => n.type === 'replication')) },
      { loc: '/tags', lastmod: siteLatest },
    ];
    for (const n of notes) urls.push({ loc: noteHref(n.slug), lastmod: n.lastmod });
    for (const { tag } of queries.tagCounts()) {
      // A tag page lists the tag and the tags below it.
      const tagged = notes.filter((n) => n.tags.some((t) => t === tag || t.startsWith(`${tag}/`)));
      urls.push({ loc: tagHref(tag), lastmod: latest(tagged) });
    }
    // Papers without a note have a page of their own; their content comes from the notes that cite them. A paper
    // known only from a link that no visible note makes (`citedBy` leaves hidden notes out) would reveal what a
    // hidden note cites, so it stays out.
    for (const paper of queries.listPapers()) {
      if (paper.noteSlug === null && (paper.source !== 'link' || paper.citedBy > 0)) urls.push({ loc: paperHref(paper.id), lastmod: siteLatest });
    }
    const body = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
      ...urls.map((u) => `  <url><loc>${xmlEscape(base + u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`),
      '</urlset>',
      '',
    ].join('\n');
    return reply.type('application/xml; charset=utf-8').send(body);
  });

  app.get('/robots.txt', async (request, reply) =>
    reply.type('text/plain; charset=utf-8').send(`User-agent: *\nAllow: /\n\nSitemap: ${origin(request)}/sitemap.xml\n`),
  );
}
