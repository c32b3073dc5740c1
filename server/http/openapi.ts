/**
 * The API's contract, generated from the routes' own schemas: the OpenAPI 3.1
 * document at /api/openapi.json and a browsable view at /api/docs (served
 * from the package, no CDN). Only /api routes are documented; pages have JSON
 * twins but are documented in the README.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { ErrorBody } from './errors.ts';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.addSchema(ErrorBody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Scholium API',
        version: '1.0.0',
        description:
          'Paper notes, replication logs, papers, search and the citation graph as JSON. Errors: `{ ok: false, status, error }`. Paging: pass back the opaque `next` token (also in the `Link: <…>; rel="next"` header).',
      },
      tags: [
        { name: 'notes', description: 'Notes and their links' },
        { name: 'papers', description: 'Papers, with or without notes' },
        { name: 'search', description: 'Full-text search and suggestions' },
        { name: 'graph', description: 'Backlinks, the citation graph, the reading queue' },
        { name: 'meta', description: 'Health and live updates' },
      ],
    },
    transform: ({ schema, url }) => ({ schema: { ...schema, hide: schema?.hide || !url.startsWith('/api/') }, url }),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
