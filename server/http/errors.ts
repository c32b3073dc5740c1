/** One error shape for every JSON error response: `{ ok: false, status, error }`. */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

export const ErrorBody = Type.Object(
  {
    ok: Type.Literal(false),
    status: Type.Integer(),
    error: Type.String(),
  },
  { $id: 'Error' },
);

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, `${what} not found`);

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    // Server errors say nothing about internals; client errors say what was wrong.
    const message = status >= 500 ? 'internal server error' : error.validation ? `invalid request: ${error.message}` : error.message;
    if (wantsHtml(request)) return reply.status(status).type('text/html; charset=utf-8').send(errorPage(status, message));
    return reply.status(status).send({ ok: false, status, error: message });
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `no route for ${request.method} ${request.url.split('?')[0]}`;
    if (wantsHtml(request)) return reply.status(404).type('text/html; charset=utf-8').send(errorPage(404, 'There is no page here.'));
    return reply.status(404).send({ ok: false, status: 404, error: message });
  });
}

/** A browser asking for a page gets an HTML error page; API clients and `.json` URLs get the JSON shape. */
function wantsHtml(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return !path.startsWith('/api/') && !path.endsWith('.json') && (request.headers.accept ?? '').includes('text/html');
}

function errorPage(status: number, message: string): string {
  const escaped = message.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const title = status === 404 ? 'Not found' : status === 429 ? 'Too many requests' : status >= 500 ? 'Something went wrong' : 'Bad request';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Scholium</title><link rel="icon" href="/assets/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/assets/app.css"></head><body><main id="main"><h1>${title}</h1><p>${escaped}</p><p><a href="/">Home</a> · <a href="/search">Search</a></p></main></body></html>`;
}
