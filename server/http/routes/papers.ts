import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NoteQueries } from '../../db/queries.ts';
import { paperJson } from '../present.ts';

export const paperRoutes: FastifyPluginAsyncTypebox<{ queries: NoteQueries }> = async (app, { queries }) => {
  app.get('/api/papers', async () => {
    const papers = queries.listPapers();
    return {
      total: papers.length,
      papers: papers.map((p) => ({ ...paperJson(p), note: p.noteSlug ? { slug: p.noteSlug, path: p.notePath } : null, citedBy: p.citedBy })),
    };
  });
};
