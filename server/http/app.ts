/**
 * Builds the HTTP application as a plugin tree. `server.ts` listens; tests
 * build the app and call `app.inject()`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { NoteQueries } from '../db/queries.ts';
import type { Indexer } from '../indexer/indexer.ts';
import { registerErrorHandling } from './errors.ts';
import { noteRoutes } from './routes/notes.ts';
import { paperRoutes } from './routes/papers.ts';

export interface AppOptions {
  db: Database;
  indexer: Indexer;
  logger?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, routerOptions: { maxParamLength: 1000 } }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandling(app);
  const queries = new NoteQueries(options.db);
  app.get('/api/health', async () => ({ ok: true, ...queries.stats() }));
  await app.register(noteRoutes, { queries });
  await app.register(paperRoutes, { queries });
  return app;
}
