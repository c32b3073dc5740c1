/**
 * Opens the index, brings it up to date, then listens. Closes cleanly on
 * SIGINT/SIGTERM so the database is never left mid-write by a normal stop.
 */
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../db/connection.ts';
import { Indexer, type IndexSummary } from '../indexer/indexer.ts';
import { buildApp } from './app.ts';

export interface ServeOptions {
  notesDir: string;
  dbFile: string;
  port: number;
  host: string;
  logger?: boolean;
  onIndexed?: (summary: IndexSummary) => void;
}

export async function startServer(options: ServeOptions): Promise<{ app: FastifyInstance; url: string; close(): Promise<void> }> {
  const db = openDatabase(options.dbFile);
  const indexer = new Indexer({ notesDir: options.notesDir, db });
  const summary = await indexer.syncAll();
  options.onIndexed?.(summary);
  const app = await buildApp({ db, indexer, logger: options.logger });
  app.addHook('onClose', async () => db.close());
  const url = await app.listen({ port: options.port, host: options.host });
  return { app, url, close: () => app.close() };
}
