/**
 * HTTP caching for JSON and pages: a strong ETag from the body, so a client
 * that sends `If-None-Match` gets a 304 without the body; and Cache-Control
 * that lets caches keep a copy but always revalidate (notes change on save).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

const CACHEABLE = /^\/(api\/(notes|search|suggest|graph|papers|reading-queue)|notes\/|search|papers|tags|replications|graph|$)/;

export function registerCaching(app: FastifyInstance, options: { publicMode: boolean }): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const path = request.url.split('?')[0] ?? '/';
    if (!CACHEABLE.test(path)) return payload;
    const etag = `"${createHash('sha1').update(payload).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag);
    reply.header('cache-control', options.publicMode ? 'public, max-age=0, must-revalidate' : 'no-cache');
    const match = request.headers['if-none-match'];
    if (match?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
