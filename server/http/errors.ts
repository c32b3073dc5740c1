/** One error shape for every JSON error response: `{ ok: false, status, error }`. */
import type { FastifyError, FastifyInstance } from 'fastify';
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
    return reply.status(status).send({ ok: false, status, error: message });
  });
  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({ ok: false, status: 404, error: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });
}
