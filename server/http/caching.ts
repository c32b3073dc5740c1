/**
 * HTTP caching for JSON and pages.
 *
 * For clients: a strong ETag from the body, so `If-None-Match` gets a 304
 * without the body; and Cache-Control that lets caches keep a copy but always
 * revalidate (notes change on save).
 *
 * In the server: between two index changes every note, page and graph
 * response is a pure function of its URL, so the rendered body is kept (up to
 * a byte budget, least recently used first) and served again without running
 * the route. Any index change empties it. Search and suggestions are left out:
 * their answers come from their own indexes, and their latency is what they
 * cost. Hooks before the handler (security headers, CORS, rate limits) still
 * run for every request.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const CACHEABLE = /^\/(api\/(notes|search|suggest|graph|papers|reading-queue)|notes\/|search|papers|tags|replications|graph|$)/;
// Exports carry their own headers (a download file name), which a kept body would not replay.
const NOT_KEPT = /^\/(api\/(search|suggest|papers\.bib|papers\.csl\.json)|search)([/.?]|$)/;
/** Bodies kept for reuse, in bytes (UTF-16 length × 2, roughly). */
const BUDGET_BYTES = 64 * 1024 * 1024;

interface Kept {
  body: string;
  contentType: string;
  etag: string;
}

export interface CachingOptions {
  publicMode: boolean;
  /** Subscribes to index changes (returns an unsubscribe function): each one empties the kept responses. */
  onIndexChange: (listener: () => void) => () => void;
}

export function registerCaching(app: FastifyInstance, options: CachingOptions): void {
  const cacheControl = options.publicMode ? 'public, max-age=0, must-revalidate' : 'no-cache';
  const kept = new Map<string, Kept>();
  let bytes = 0;
  /** Bumped by each index change; a response is kept only if no change happened while it was being made. */
  let generation = 0;
  const startedAt = new WeakMap<FastifyRequest, number>();
  const unsubscribe = options.onIndexChange(() => {
    kept.clear();
    bytes = 0;
    generation++;
  });
  app.addHook('onClose', async () => unsubscribe());

  const notModified = (request: FastifyRequest, etag: string) =>
    request.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag) ?? false;

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET') return;
    startedAt.set(request, generation);
    const key = keyOf(request);
    const hit = kept.get(key);
    if (!hit) return;
    // Most recently used last: the Map's order is the eviction order.
    kept.delete(key);
    kept.set(key, hit);
    reply.header('etag', hit.etag).header('cache-control', cacheControl).type(hit.contentType);
    if (notModified(request, hit.etag)) return reply.code(304).send('');
    return reply.send(hit.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const path = request.url.split('?')[0] ?? '/';
    if (!CACHEABLE.test(path)) return payload;
    const etag = reply.getHeader('etag')?.toString() ?? `"${createHash('sha1').update(payload).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag);
    reply.header('cache-control', cacheControl);
    const key = keyOf(request);
    const fresh = startedAt.get(request) === generation;
    if (fresh && !NOT_KEPT.test(path) && !kept.has(key) && payload.length * 2 < BUDGET_BYTES / 16) {
      kept.set(key, { body: payload, contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'), etag });
      bytes += payload.length * 2;
      for (const [oldest, entry] of kept) {
        if (bytes <= BUDGET_BYTES) break;
        kept.delete(oldest);
        bytes -= entry.body.length * 2;
      }
    }
    if (notModified(request, etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}

/** What a response depends on besides the index: the URL, the representation asked for, and the host (feeds and the sitemap use absolute URLs). */
function keyOf(request: FastifyRequest): string {
  return `${request.headers.host ?? ''}\u0000${request.headers.accept ?? ''}\u0000${request.url}`;
}
