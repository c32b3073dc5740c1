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
 * cost. Security headers, CORS and rate limits still apply to every request.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { COMPRESS_THRESHOLD, type ContentEncoding, encode, isCompressible, preferredEncoding } from './encoding.ts';

const CACHEABLE = /^\/(api\/(notes|search|suggest|graph|papers|reading-queue)|notes\/|search|papers|tags|replications|graph|$)/;
// Exports carry their own headers (a download file name), which a kept body would not replay.
const NOT_KEPT = /^\/(api\/(search|suggest|papers\.bib|papers\.csl\.json)|search)([/.?]|$)/;
/** Bodies kept for reuse, in bytes. */
const BUDGET_BYTES = 64 * 1024 * 1024;

interface Kept {
  /** The body compressed for each encoding asked for so far: compressing is done once, not per request. */
  encoded: Partial<Record<ContentEncoding, Buffer>>;
  /**
   * UTF-8, encoded once. Sent as a string, a body was encoded on every request (for its length, then
   * again by the socket write): with it kept as bytes, the note route at 50 connections went from
   * 5.5–6.5k to 7.6–10.4k req/s at 50k notes (12 KB bodies), 6.3–8.8k to 9.2–10.8k at 10k.
   */
  body: Buffer;
  contentType: string;
  etag: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The index generation (see `registerCaching`) when this request arrived; -1 when not a GET. */
    keptGeneration: number;
    /** Whether a kept response answered this request. */
    answeredFromKept: boolean;
  }
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
  // Per request: the generation it started in, and whether a kept response answered it (its onSend
  // then has nothing left to do). Request fields, not a WeakMap and a WeakSet: under load on kept
  // notes, this hook's own CPU time halved (profiles of the note route at 50 connections).
  app.decorateRequest('keptGeneration', -1);
  app.decorateRequest('answeredFromKept', false);
  const unsubscribe = options.onIndexChange(() => {
    kept.clear();
    bytes = 0;
    generation++;
  });
  app.addHook('onClose', async () => unsubscribe());

  /** Forgets the least recently used responses (with their compressed bodies) until within the budget. */
  const evictOverBudget = () => {
    for (const [oldest, entry] of kept) {
      if (bytes <= BUDGET_BYTES) break;
      kept.delete(oldest);
      bytes -= entry.body.byteLength + (entry.encoded.br?.byteLength ?? 0) + (entry.encoded.gzip?.byteLength ?? 0);
    }
  };

  const notModified = (request: FastifyRequest, etag: string) =>
    request.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag) ?? false;

  /** Sends the kept response for this request, if there is one; true when it did. */
  const sendKept = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const key = keyOf(request);
    const hit = kept.get(key);
    if (!hit) return false;
    // Most recently used last: the Map's order is the eviction order. Reordering costs a delete and
    // an insert on every hit, so it is done only once eviction is near.
    if (bytes > BUDGET_BYTES / 2) {
      kept.delete(key);
      kept.set(key, hit);
    }
    request.answeredFromKept = true;
    reply.header('etag', hit.etag).header('cache-control', cacheControl).type(hit.contentType);
    if (notModified(request, hit.etag)) {
      reply.code(304).send('');
      return true;
    }
    // As the compression plugin would answer, but compressed once: compressing on every request
    // took a kept note from ~10k to ~2k req/s for clients that accept br or gzip (every browser).
    const encoding =
      hit.body.byteLength >= COMPRESS_THRESHOLD && request.headers['x-no-compression'] === undefined
        ? preferredEncoding(request.headers['accept-encoding'])
        : null;
    if (encoding === null || !isCompressible(hit.contentType)) {
      reply.send(hit.body);
      return true;
    }
    let encoded = hit.encoded[encoding];
    if (!encoded) {
      encoded = encode(hit.body, encoding);
      hit.encoded[encoding] = encoded;
      bytes += encoded.byteLength;
      evictOverBudget();
    }
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${vary}, accept-encoding` : 'accept-encoding').header('content-encoding', encoding);
    reply.send(encoded);
    return true;
  };
  const rateLimited = (request: FastifyRequest) => (request.routeOptions.config as { rateLimit?: unknown }).rateLimit !== undefined;

  // A kept response is sent from the first hook that may send it: right after the security
  // headers and CORS (earlier hooks), before parsing, validation and the handler. A rate-limited
  // route counts the request in its own onRequest hook first, so it sends from preHandler instead.
  // Callback-style hooks: an async hook costs a promise on every request.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET') return done();
    request.keptGeneration = generation;
    if (rateLimited(request) || !sendKept(request, reply)) done();
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'GET' || !rateLimited(request) || !sendKept(request, reply)) done();
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.answeredFromKept || request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string') return done(null, payload);
    const path = request.url.split('?')[0] ?? '/';
    if (!CACHEABLE.test(path)) return done(null, payload);
    const etag = reply.getHeader('etag')?.toString() ?? `"${createHash('sha1').update(payload).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag);
    reply.header('cache-control', cacheControl);
    const key = keyOf(request);
    const fresh = request.keptGeneration === generation;
    if (fresh && !NOT_KEPT.test(path) && !kept.has(key) && payload.length * 3 < BUDGET_BYTES / 16) {
      const body = Buffer.from(payload);
      kept.set(key, { body, encoded: {}, contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'), etag });
      bytes += body.byteLength;
      evictOverBudget();
    }
    if (notModified(request, etag)) {
      reply.code(304);
      return done(null, '');
    }
    done(null, payload);
  });
}

/** What a response depends on besides the index: the URL, the representation asked for, and the host (feeds and the sitemap use absolute URLs). */
function keyOf(request: FastifyRequest): string {
  return `${request.headers.host ?? ''}\u0000${request.headers.accept ?? ''}\u0000${request.url}`;
}
