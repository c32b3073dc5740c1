/**
 * Builds the HTTP application as a plugin tree. `server.ts` listens; tests
 * build the app and call `app.inject()`.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../db/connection.ts';
import { NoteQueries } from '../db/queries.ts';
import { GraphQueries } from '../graph/queries.ts';
import { type FollowedSearch, followIndex } from '../indexer/follow.ts';
import type { Indexer } from '../indexer/indexer.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { SearchEngine } from '../search/index.ts';
import { registerCaching } from './caching.ts';
import { registerErrorHandling } from './errors.ts';
import { NoteRenderer } from './note-renderer.ts';
import { registerOpenApi } from './openapi.ts';
import { eventRoutes } from './routes/events.ts';
import { feedRoutes } from './routes/feeds.ts';
import { graphRoutes } from './routes/graph.ts';
import { noteRoutes } from './routes/notes.ts';
import { pageRoutes } from './routes/pages.ts';
import { paperRoutes } from './routes/papers.ts';
import { searchRoutes } from './routes/search.ts';
import { Health } from './schemas.ts';
import { registerSecurity } from './security.ts';

/** Built by `npm run build` (web/build.ts). */
const ASSETS = join(PROJECT_ROOT, 'web', 'dist', 'assets');

export interface AppOptions {
  db: Database;
  indexer: Indexer;
  logger?: boolean;
  /** Public mode: only published notes exist. */
  publicOnly?: boolean;
  /** The search engine, opened and following the indexer (see `followIndex`); made here when absent. */
  search?: FollowedSearch;
  /** Answer only requests addressed by a loopback name (see `SecurityOptions`); for author mode on a loopback address. */
  loopbackHostsOnly?: boolean;
}

/** An origin on this machine: `http://localhost:5173`, `http://127.0.0.1:3000`, `http://[::1]`. */
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // Public mode's promise rests on the index itself holding no hidden note (see `Audience`).
  const publicMode = options.publicOnly ?? false;
  const audience = publicMode ? 'public' : 'author';
  if (options.indexer.audience !== audience)
    throw new Error(`buildApp: ${audience} mode needs an index built for the ${audience} audience, not the ${options.indexer.audience} one`);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 1000 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandling(app);
  await registerSecurity(app, { publicMode, loopbackHostsOnly: options.loopbackHostsOnly ?? false });
  await registerOpenApi(app);
  // API consumers may call the public JSON API from any origin; it is read-only. The author's
  // server holds drafts and private notes: a web page the author happens to visit must not read
  // them through it, so in author mode only pages served from this machine may. Options are fixed
  // once (a per-request delegator had them normalised on every request, ~10 µs); routes outside
  // /api/ turn CORS off in their own config.
  app.addHook('onRoute', (route) => {
    // @fastify/cors reads `config.cors` per route; its types do not declare it.
    if (!route.url.startsWith('/api/') && route.url !== '*') route.config = { ...(route.config as object), cors: false } as typeof route.config;
  });
  await app.register(cors, {
    hook: 'onRequest',
    origin: publicMode ? true : (origin, callback) => callback(null, LOOPBACK_ORIGIN.test(origin ?? '')),
    methods: ['GET', 'HEAD'],
    exposedHeaders: ['link', 'etag'],
  });
  registerCaching(app, {
    publicMode,
    onIndexChange: (listener) => options.indexer.onChange(listener),
  });
  const queries = new NoteQueries(options.db, { publicOnly: publicMode });
  const followed = options.search ?? followIndex(options.indexer, new SearchEngine(options.db));
  const search = followed.engine;
  app.addHook('onClose', async () => {
    followed.stop();
    search.save();
  });
  app.get('/api/health', { schema: { tags: ['meta'], summary: 'Liveness and counts', response: { 200: Health } } }, async () => ({
    ok: true,
    ...queries.stats(),
    searchBacklog: search.backlogSize,
  }));
  if (existsSync(ASSETS)) {
    await app.register(fastifyStatic, { root: ASSETS, prefix: '/assets/', immutable: false, maxAge: '1h', index: false });
  } else {
    app.log.warn(`no browser assets in ${ASSETS}: run \`npm run build\`; pages still work without scripts`);
  }
  const graph = new GraphQueries(options.db, { publicOnly: publicMode, mentionCandidates: (terms) => search.notesWithPhrase(terms) });
  await app.register(noteRoutes, { queries, graph });
  await app.register(paperRoutes, { queries });
  await app.register(graphRoutes, { graph });
  await app.register(feedRoutes, { queries, db: options.db });
  await app.register(searchRoutes, { search, publicOnly: publicMode });
  if (!publicMode) await app.register(eventRoutes, { indexer: options.indexer, search });
  await app.register(pageRoutes, {
    db: options.db,
    notesDir: options.indexer.notesDir,
    renderer: new NoteRenderer(options.db, queries, options.indexer),
    queries,
    search,
    publicMode,
    // The same queue as /api/reading-queue, for the same audience.
    readingQueue: (limit) => graph.readingQueue(limit).map((q) => ({ id: q.paper.id, title: q.paper.title, citedBy: q.citedBy })),
  });
  return app;
}
