import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NoteQueries } from '../../db/queries.ts';
import { paperJson } from '../present.ts';
import { PapersList } from '../schemas.ts';

export const paperRoutes: FastifyPluginAsyncTypebox<{ queries: NoteQueries }> = async (app, { queries }) => {
  app.get(
    '/api/papers',
    { schema: { tags: ['papers'], summary: 'Every paper, with its note if any and how many notes cite it', response: { 200: PapersList } } },
    async () => {
      const papers = queries.listPapers();
      return {
        total: papers.length,
        papers: papers.map((p) => ({ ...paperJson(p), note: p.noteSlug && p.notePath ? { slug: p.noteSlug, path: p.notePath } : null, citedBy: p.citedBy })),
      };
    },
  );
};
