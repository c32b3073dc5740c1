/**
 * Author mode's live channel: server-sent events telling open pages which
 * notes changed, so a note page re-renders and a search page re-runs its query.
 * Not registered in public mode.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import type { Indexer } from '../../indexer/indexer.ts';
import { slugFromPath } from '../../ingest/paths.ts';

/** Keeps proxies and browsers from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

export const eventRoutes: FastifyPluginAsync<{ indexer: Indexer; search: { settled(): Promise<void> } }> = async (app, { indexer, search }) => {
  app.get('/api/events', (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      // What the hooks set (security headers, CORS) lives on the reply, which a hijacked response bypasses.
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    const unsubscribe = indexer.onChange((changes) => {
      const changed = changes.upserted.map((n) => ({ slug: n.slug, path: n.path, title: n.title }));
      const removed = changes.removed.map((path) => ({ slug: slugFromPath(path), path }));
      const message = `event: change\ndata: ${JSON.stringify({ changed, removed })}\n\n`;
      // Told once search has the batch too: a search page re-runs its query on it, and a large batch
      // reaches search in slices after the indexer is done (a watcher's few files, at once).
      void search.settled().then(() => {
        if (!res.writableEnded) res.write(message);
      });
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const endStream = () => res.end();
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      app.server.off('close', endStream);
    };
    request.raw.on('close', stop);
    // A server shutting down ends open streams; each stream removes its listener when it closes.
    app.server.once('close', endStream);
  });
};
