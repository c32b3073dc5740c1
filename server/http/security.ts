/**
 * What protects the server and its visitors, in every mode: security headers
 * with a strict Content-Security-Policy that the UI satisfies (no inline
 * scripts, nothing from other origins), compression, and limits on request
 * size and URL length. Public mode adds rate limits on the costly routes.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { BROTLI_OPTIONS, COMPRESS_THRESHOLD, ENCODINGS } from './encoding.ts';

/** Longer URLs are refused before routing: no legitimate page or query needs more. */
export const MAX_URL_LENGTH = 4096;

/** Requests per minute per client on search, suggest and graph routes in public mode. */
export const PUBLIC_RATE_LIMIT = { max: 600, timeWindow: '1 minute' } as const;

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Stylesheets only from us; KaTeX and the code highlighter set style attributes on their own markup.
  styleSrc: ["'self'"],
  styleSrcAttr: ["'unsafe-inline'"],
  imgSrc: ["'self'", 'https:', 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** A Host header that names this machine by a loopback name, with or without a port. */
export const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d{1,5})?$/i;

export interface SecurityOptions {
  publicMode: boolean;
  /**
   * Refuse requests whose Host header is not a loopback name. For the author's server on a
   * loopback address: a web page whose own name its DNS later points at 127.0.0.1 (DNS
   * rebinding) is same-origin with itself, so CORS cannot stop it reading drafts; the Host
   * header it sends still carries its own name.
   */
  loopbackHostsOnly?: boolean;
}

export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  // Callback-style hooks: every request runs them, and an async hook costs a promise each time.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.length > MAX_URL_LENGTH) {
      reply.code(414).send({ ok: false, status: 414, error: `URL longer than ${MAX_URL_LENGTH} characters` });
      return;
    }
    if (options.loopbackHostsOnly && !LOOPBACK_HOST.test(request.headers.host ?? '')) {
      reply.code(403).send({ ok: false, status: 403, error: 'this server answers only requests addressed to localhost, 127.0.0.1 or [::1]' });
      return;
    }
    done();
  });
  // Helmet's headers, computed once: they are the same on every response (no nonce), and setting
  // them one by one on each response through helmet's middleware cost a fifth of a kept note
  // response (7.0k → 9.0k req/s with none, at 50 connections on 10k notes).
  const securityHeaders = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // The API is read by other origins; pages are not embedded anywhere.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  await app.register(compress, { global: true, threshold: COMPRESS_THRESHOLD, encodings: [...ENCODINGS], brotliOptions: BROTLI_OPTIONS });
  if (options.publicMode) {
    // Added before the rate-limit plugin so that its own route hook sees the limit.
    app.addHook('onRoute', (route) => {
      if (/^\/(api\/(search|suggest|graph)|search|graph)/.test(route.url ?? '')) {
        route.config = { ...(route.config as object), rateLimit: PUBLIC_RATE_LIMIT };
      }
    });
  }
  await app.register(rateLimit, { global: false });
}

/** The headers helmet's middleware sets, read once from a response that only records them. */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  // Helmet sets its headers synchronously; were it ever to finish later, these would be incomplete.
  if (!done) throw new Error('helmet did not set its headers synchronously');
  return headers;
}
