/**
 * Server-rendered pages. Each page has a JSON twin with the same data
 * (Datasette's convention): append `.json` to the path, or send
 * `Accept: application/json`.
 */

import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/connection.ts';
import type { NoteQueries } from '../../db/queries.ts';
import { backlinks, paperDetail, replicationsOf, selectPapers, toBibtex, unlinkedMentions } from '../../graph/index.ts';
import { type SearchEngine, SearchQueryError } from '../../search/index.ts';
import { notFound } from '../errors.ts';
import type { NoteRenderer } from '../note-renderer.ts';
import { graphPage } from '../pages/graph.ts';
import { homePage } from '../pages/home.ts';
import type { Html } from '../pages/html.ts';
import { layout, type PageContext } from '../pages/layout.ts';
import { PAPER_SORTS, type PaperListRow, type PaperSort, papersPage, problemsPage, replicationsPage, tagPage, tagsPage } from '../pages/listings.ts';
import { type NotePageData, notePage } from '../pages/note.ts';
import { paperPage } from '../pages/paper.ts';
import { searchPage } from '../pages/search.ts';
import { decodeCursor, encodeCursor } from '../paging.ts';
import { noteJson } from '../present.ts';

export interface PageDeps {
  db: Database;
  notesDir: string;
  renderer: NoteRenderer;
  queries: NoteQueries;
  search: SearchEngine;
  publicMode: boolean;
  /** Papers cited by the notes but without a note, best first (from the graph). */
  readingQueue: (limit: number) => { id: string; title: string | null; citedBy: number }[];
}

export function wantsJson(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (path.endsWith('.json')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

interface PageResult {
  title: string;
  kind: string;
  data: unknown;
  body: Html;
  status?: number;
  autofocusSearch?: boolean;
  query?: string;
  /** The note shown, so live reload knows which page to refresh. */
  slug?: string;
}

export function sendPage(request: FastifyRequest, reply: FastifyReply, context: PageContext, page: PageResult) {
  reply.status(page.status ?? 200);
  if (wantsJson(request)) return reply.type('application/json; charset=utf-8').send(page.data);
  const path = (request.url.split('?')[0] ?? '/').replace(/\/$/, '') || '/index';
  return reply.type('text/html; charset=utf-8').send(
    layout({
      title: page.title,
      kind: page.kind,
      body: page.body,
      context: { ...context, query: page.query },
      autofocusSearch: page.autofocusSearch,
      slug: page.slug,
      alternates: [{ type: 'application/json', href: `${path}.json${request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''}` }],
    }).toString(),
  );
}

/** The editor link of author mode: `SCHOLIUM_EDITOR_URL` with `{path}` (default: VS Code). */
function editorUrl(absolutePath: string): string {
  const template = process.env.SCHOLIUM_EDITOR_URL ?? 'vscode://file/{path}';
  return template.replace('{path}', encodeURI(absolutePath));
}

function replicatedPaper(deps: PageDeps, paperId: string | null): NotePageData['replicatedPaper'] {
  if (!paperId) return null;
  const detail = paperDetail(deps.db, paperId);
  if (!detail) return null;
  const slug = detail.note && deps.queries.noteVisible(detail.note.path) ? detail.note.slug : null;
  return { id: detail.paper.id, title: detail.paper.title, slug };
}

const isSearchCursor = (v: Record<string, unknown>): v is { o: number } => Number.isInteger(v.o) && (v.o as number) >= 0;

export async function pageRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  const { queries, search, publicMode } = deps;
  const context: PageContext = { publicMode };
  const both = (path: string) => [path, `${path === '/' ? '/index' : path}.json`];

  for (const path of both('/')) {
    app.get(path, async (request, reply) => {
      const replicationResult = search.search('type:replication', { limit: 1, offset: 0, publicOnly: publicMode });
      const data = {
        counts: {
          notes: queries.countNotes(),
          papers: queries.countPapers(),
          replications: replicationResult.total,
        },
        recent: queries.recentNotes(10),
        verdicts: replicationResult.facets.verdict,
        readingQueue: deps.readingQueue(5),
      };
      return sendPage(request, reply, context, { title: 'Home', kind: 'home', data, body: homePage(data), autofocusSearch: true });
    });
  }

  for (const path of both('/search')) {
    app.get(path, async (request, reply) => {
      const params = request.query as { q?: string; next?: string; limit?: string };
      const query = (params.q ?? '').trim();
      const limit = Math.min(100, Math.max(1, Number(params.limit) || 20));
      let offset = 0;
      try {
        offset = decodeCursor(params.next, isSearchCursor)?.o ?? 0;
      } catch {
        offset = 0;
      }
      let result = null;
      let error: string | null = null;
      if (query) {
        try {
          result = search.search(query, { limit, offset, publicOnly: publicMode });
        } catch (e) {
          if (!(e instanceof SearchQueryError)) throw e;
          error = `This query cannot be read: ${e.message}.`;
        }
      }
      const nextOffset = offset + (result?.hits.length ?? 0);
      const next = result && nextOffset < result.total ? encodeCursor({ o: nextOffset, q: '' }) : null;
      const data = { query, result, error, next, limit };
      return sendPage(request, reply, context, {
        title: query ? `${query} – search` : 'Search',
        kind: 'search',
        data,
        body: searchPage(data),
        status: error ? 400 : 200,
        query,
      });
    });
  }

  for (const path of both('/tags')) {
    app.get(path, async (request, reply) => {
      const tags = queries.tagCounts();
      return sendPage(request, reply, context, { title: 'Tags', kind: 'tags', data: { tags }, body: tagsPage(tags) });
    });
  }

  app.get('/tags/*', async (request, reply) => {
    const tag = decodeURIComponent((request.params as { '*': string })['*'])
      .replace(/\.json$/, '')
      .toLowerCase();
    const notes = queries.notesTagged(tag);
    return sendPage(request, reply, context, {
      title: `#${tag}`,
      kind: 'tag',
      data: { tag, notes },
      body: tagPage(tag, notes),
      status: notes.length ? 200 : 404,
    });
  });

  for (const path of both('/papers')) {
    app.get(path, async (request, reply) => {
      const params = request.query as { sort?: string; dir?: string; filter?: string };
      const sort: PaperSort = (PAPER_SORTS as readonly string[]).includes(params.sort ?? '') ? (params.sort as PaperSort) : 'year';
      const dir = params.dir === 'asc' ? 'asc' : 'desc';
      const filter = (params.filter ?? '').trim().toLowerCase();
      const verdicts = new Map(queries.listReplications().map((r) => [r.paperId, r.verdict]));
      let papers: PaperListRow[] = queries.listPapers().map((p) => ({ ...p, verdict: verdicts.get(p.id) ?? null }));
      if (filter) papers = papers.filter((p) => [p.title, p.authors.join(' '), p.venue, p.year, p.id].join(' ').toLowerCase().includes(filter));
      const key = (p: PaperListRow): string | number =>
        sort === 'title' ? (p.title ?? p.id).toLowerCase() : sort === 'year' ? (p.year ?? 0) : sort === 'cited' ? p.citedBy : (p.verdict ?? '');
      papers.sort((a, b) => {
        const ka = key(a);
        const kb = key(b);
        const order = ka < kb ? -1 : ka > kb ? 1 : 0;
        return (dir === 'asc' ? order : -order) || a.id.localeCompare(b.id);
      });
      return sendPage(request, reply, context, {
        title: 'Papers',
        kind: 'papers',
        data: { sort, dir, filter, papers },
        body: papersPage(papers, sort, dir, filter),
      });
    });
  }

  app.get('/graph', async (request, reply) =>
    sendPage(request, reply, context, { title: 'Graph', kind: 'graph', data: { graph: '/api/graph' }, body: graphPage() }),
  );

  app.get('/notes/*', async (request, reply) => {
    const raw = (request.params as { '*': string })['*'];
    const asJson = raw.endsWith('.json') && !queries.noteBySlug(raw);
    const slug = asJson ? raw.slice(0, -'.json'.length) : raw;
    const detail = queries.noteBySlug(slug);
    if (!detail) throw notFound(`note "${slug}"`);
    const rendered = await (deps.renderer.render(detail.path) ?? Promise.resolve({ html: '', toc: [] }));
    // What links here is a listing: unlisted notes stay out of it, as hidden ones do.
    const visible = (path: string) => queries.noteListed(path);
    const paperId = detail.paper?.id ?? null;
    const data: NotePageData = {
      note: noteJson(detail),
      backlinks: backlinks(deps.db, detail.path).filter((b) => visible(b.path)),
      mentions: unlinkedMentions(deps.db, { path: detail.path, title: detail.title, aliases: detail.row.aliases, paperId }, {}, (terms) =>
        deps.search.notesWithPhrase(terms),
      ).filter((m) => visible(m.path)),
      replications: paperId
        ? replicationsOf(deps.db, paperId)
            .filter((r) => visible(r.path))
            .map((r) => ({ slug: r.note.slug, title: r.note.title, status: r.status, verdict: r.verdict }))
        : [],
      replicatedPaper: replicatedPaper(deps, detail.replication?.paperId ?? null),
      bibtex: paperId ? toBibtex(selectPapers(deps.db).filter((p) => p.paper.id === paperId)) || null : null,
      editorUrl: publicMode ? null : editorUrl(join(deps.notesDir, detail.path)),
    };
    if (asJson) return reply.type('application/json; charset=utf-8').send(data);
    return sendPage(request, reply, context, { title: detail.title, kind: 'note', data, body: notePage(data, rendered), slug: detail.slug });
  });

  app.get('/papers/*', async (request, reply) => {
    const raw = decodeURIComponent((request.params as { '*': string })['*']);
    const id = raw.endsWith('.json') && !paperDetail(deps.db, raw) ? raw.slice(0, -'.json'.length) : raw;
    const detail = paperDetail(deps.db, id);
    if (!detail || !queries.paperVisible(detail.paper.id)) throw notFound(`paper "${id}"`);
    // A paper with a visible note is shown on the note's page.
    if (detail.note && queries.noteVisible(detail.note.path) && !wantsJson(request)) return reply.redirect(`/notes/${detail.note.slug}`, 301);
    const visible = (path: string) => queries.noteListed(path);
    const shown = {
      ...detail,
      note: detail.note && visible(detail.note.path) ? detail.note : null,
      citedBy: detail.citedBy.filter((b) => visible(b.path)),
      replications: detail.replications.filter((r) => visible(r.path)),
    };
    const bibtex = toBibtex(selectPapers(deps.db).filter((p) => p.paper.id === detail.paper.id)) || null;
    return sendPage(request, reply, context, {
      title: detail.paper.title ?? detail.paper.id,
      kind: 'paper',
      data: { ...shown, bibtex },
      body: paperPage(shown, bibtex),
    });
  });

  if (!publicMode) {
    for (const path of both('/problems')) {
      app.get(path, async (request, reply) => {
        const problems = queries.listProblems();
        return sendPage(request, reply, context, { title: 'Problems', kind: 'problems', data: { problems }, body: problemsPage(problems) });
      });
    }
  }

  for (const path of both('/replications')) {
    app.get(path, async (request, reply) => {
      const logs = queries.listReplications();
      return sendPage(request, reply, context, { title: 'Replications', kind: 'replications', data: { replications: logs }, body: replicationsPage(logs) });
    });
  }
}
