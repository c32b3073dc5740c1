/**
 * The citation graph, papers and their bibliography: `/api/graph`,
 * `/api/reading-queue`, `/api/papers/:id`, `/api/papers.bib`,
 * `/api/papers.csl.json`. (A note's backlinks are served under its own route,
 * `/api/notes/<slug>/backlinks`.) Handlers parse and check parameters and call
 * server/graph; no SQL here.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EDGE_KINDS, type EdgeKind, type GraphQueries, NODE_TYPES, type NoteType, parseYearRange } from '../../graph/index.ts';
import { HttpError, notFound } from '../errors.ts';
import { paperDetailJson, queuedPaperJson } from '../present.ts';
import { CslItems, ErrorRef, errors, GraphResponse, PaperDetailResponse, ReadingQueueResponse } from '../schemas.ts';

export const READING_QUEUE_DEFAULT = 50;
export const READING_QUEUE_MAX = 500;

/** Values given as repeated parameters, comma-separated, or both: `kind=links&kind=cites`, `kind=links,cites`. */
const ListParam = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { description, maxItems: 20 }));

/** Checks a list parameter against the values it may take. */
function oneOf<T extends string>(name: string, values: string[] | undefined, allowed: readonly T[]): T[] | undefined {
  if (!values) return undefined;
  const items = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  const wrong = items.find((v) => !(allowed as readonly string[]).includes(v));
  if (wrong !== undefined) throw new HttpError(400, `invalid request: unknown ${name} "${wrong}" (one of ${allowed.join(', ')})`);
  return items.length ? (items as T[]) : undefined;
}

const exportQuery = Type.Object({
  tag: Type.Optional(Type.String({ maxLength: 200, description: 'Papers whose note has this tag, or that notes with this tag cite' })),
  q: Type.Optional(Type.String({ maxLength: 500, description: 'Words that must all appear in the title, authors, citekey or venue' })),
});

export const graphRoutes: FastifyPluginAsyncTypebox<{ graph: GraphQueries }> = async (app, { graph }) => {
  app.get(
    '/api/graph',
    {
      schema: {
        tags: ['graph'],
        summary: 'The citation graph: around a center (a slug or paper id) to a depth, or whole; filtered by edge kind, node type, tag and year',
        querystring: Type.Object({
          center: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'A note slug, a paper id (citekey, arxiv:ID, doi:…) or a node id' })),
          depth: Type.Integer({ minimum: 1, maximum: 3, default: 1, description: 'Hops from the center' }),
          kind: ListParam(`Edge kinds: ${EDGE_KINDS.join(', ')}`),
          type: ListParam(`Node types: ${NODE_TYPES.join(', ')}`),
          tag: Type.Optional(Type.String({ maxLength: 200 })),
          year: Type.Optional(Type.String({ maxLength: 20, description: 'A year or a range: 2020, 2020-2024, 2020-, -2024' })),
        }),
        response: { 200: GraphResponse, ...errors },
      },
    },
    async (request) => {
      const { center, depth, tag, year } = request.query;
      const years = year?.trim() ? parseYearRange(year) : undefined;
      if (years === null) throw new HttpError(400, `invalid request: year "${year}" is not a year or a range like 2020-2024`);
      const result = graph.graph({
        center,
        depth,
        kinds: oneOf<EdgeKind>('edge kind', request.query.kind, EDGE_KINDS),
        types: oneOf<NoteType>('node type', request.query.type, NODE_TYPES),
        tag: tag?.trim().replace(/^#/, '').toLowerCase() || undefined,
        years,
      });
      if (!result) throw notFound(`note or paper "${center}"`);
      return result;
    },
  );

  app.get(
    '/api/reading-queue',
    {
      schema: {
        tags: ['graph'],
        summary: 'Papers my notes cite that have no note yet, ranked by citing notes and co-citation with papers I have read',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: READING_QUEUE_MAX, default: READING_QUEUE_DEFAULT }) }),
        response: { 200: ReadingQueueResponse, ...errors },
      },
    },
    async (request) => ({ papers: graph.readingQueue(request.query.limit).map(queuedPaperJson) }),
  );

  app.get(
    '/api/papers.bib',
    {
      schema: {
        tags: ['papers'],
        summary: 'Papers as BibTeX, optionally only a tag’s or a query’s',
        querystring: exportQuery,
        response: { 200: Type.String({ description: 'BibTeX (UTF-8)' }), 400: ErrorRef },
      },
    },
    async (request, reply) => {
      reply.type('application/x-bibtex; charset=utf-8');
      return graph.bibtex(request.query);
    },
  );

  app.get(
    '/api/papers.csl.json',
    {
      schema: {
        tags: ['papers'],
        summary: 'Papers as CSL-JSON (for Zotero, pandoc, citeproc), optionally only a tag’s or a query’s',
        querystring: exportQuery,
        response: { 200: CslItems, 400: ErrorRef },
      },
    },
    async (request, reply) => {
      reply.type('application/vnd.citationstyles.csl+json; charset=utf-8');
      return graph.cslJson(request.query);
    },
  );

  app.get(
    '/api/papers/*',
    {
      schema: {
        tags: ['papers'],
        summary: 'One paper by id, citekey, arxiv:ID or doi:…: its metadata, note, citing notes with evidence, and replications',
        params: Type.Object({ '*': Type.String({ description: 'A paper id, citekey, arxiv:ID or doi:…' }) }),
        response: { 200: PaperDetailResponse, 404: ErrorRef },
      },
    },
    async (request) => {
      const id = request.params['*'];
      const paper = graph.paper(id);
      if (!paper) throw notFound(`paper "${id}"`);
      return paperDetailJson(paper);
    },
  );
};
