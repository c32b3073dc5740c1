import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MAX_QUERY_LENGTH, type SearchEngine, SearchQueryError } from '../../search/index.ts';
import { HttpError } from '../errors.ts';
import { decodeCursor, encodeCursor } from '../paging.ts';
import { errors, SearchResponse } from '../schemas.ts';

export const SEARCH_PAGE_DEFAULT = 20;
export const SEARCH_PAGE_MAX = 100;
export const SUGGESTIONS = 8;

/** A `next` token is only good for the query that produced it. */
const queryId = (q: string) => createHash('sha1').update(q).digest('base64url').slice(0, 10);
const isSearchCursor = (v: Record<string, unknown>): v is { o: number; q: string } => Number.isInteger(v.o) && (v.o as number) >= 0 && typeof v.q === 'string';

export const searchRoutes: FastifyPluginAsyncTypebox<{ search: SearchEngine; publicOnly: boolean }> = async (app, { search, publicOnly }) => {
  app.get(
    '/api/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search notes and papers (query language: docs/search.md)',
        response: { 200: SearchResponse, ...errors },
        querystring: Type.Object({
          q: Type.String({ maxLength: MAX_QUERY_LENGTH * 2, description: 'The query: words, "phrases", -exclusions, OR, field:value filters' }),
          limit: Type.Integer({ minimum: 1, maximum: SEARCH_PAGE_MAX, default: SEARCH_PAGE_DEFAULT }),
          next: Type.Optional(Type.String({ maxLength: 512 })),
        }),
      },
    },
    async (request, reply) => {
      const { q, limit, next } = request.query;
      const cursor = decodeCursor(next, isSearchCursor);
      if (cursor && cursor.q !== queryId(q)) throw new HttpError(400, 'invalid `next` token: it belongs to another query');
      const offset = cursor?.o ?? 0;
      let result: ReturnType<SearchEngine['search']>;
      try {
        result = search.search(q, { limit, offset, publicOnly });
      } catch (error) {
        if (error instanceof SearchQueryError) throw new HttpError(400, `invalid query: ${error.message}`);
        throw error;
      }
      const nextOffset = offset + result.hits.length;
      const nextToken = nextOffset < result.total ? encodeCursor({ o: nextOffset, q: queryId(q) }) : null;
      if (nextToken) {
        const url = new URL(request.url, 'http://local');
        url.searchParams.set('next', nextToken);
        reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
      }
      return { query: q, total: result.total, hits: result.hits, facets: result.facets, corrections: result.corrections, next: nextToken };
    },
  );

  app.get('/api/suggest', { schema: { querystring: Type.Object({ q: Type.String({ maxLength: MAX_QUERY_LENGTH }) }) } }, async (request) => ({
    query: request.query.q,
    suggestions: search.suggest(request.query.q, SUGGESTIONS, publicOnly),
  }));
};
