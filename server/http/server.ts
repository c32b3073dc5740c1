/**
 * Opens the index, brings it up to date, then listens. Closes cleanly on
 * SIGINT/SIGTERM so the database is never left mid-write by a normal stop.
 */
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../db/connection.ts';
import { syncFollowing } from '../indexer/follow.ts';
import { Indexer, type IndexSummary } from '../indexer/indexer.ts';
import { watchNotes } from '../indexer/watch.ts';
import { warmUpHighlighter } from '../render/index.ts';
import { SearchEngine } from '../search/index.ts';
import { buildApp } from './app.ts';

export interface ServeOptions {
  notesDir: string;
  dbFile: string;
  port: number;
  host: string;
  logger?: boolean;
  /** Public mode: read-only, published notes only, no file watching. */
  publicOnly?: boolean;
  /** Watch the notes folder and re-index on change (author mode). Defaults to on unless public. */
  watch?: boolean;
  onIndexed?: (summary: IndexSummary) => void;
}

export async function startServer(options: ServeOptions): Promise<{ app: FastifyInstance; url: string; close(): Promise<void> }> {
  const db = openDatabase(options.dbFile, { checkpointInBackground: true });
  const indexer = new Indexer({ notesDir: options.notesDir, db, audience: options.publicOnly ? 'public' : 'author' });
  // The search indexes saved by the last run are restored while the folder is compared with the
  // index (one after the other, ~2 s then ~0.5 s at 50k notes).
  const { search, summary } = await syncFollowing(indexer, new SearchEngine(db));
  options.onIndexed?.(summary);
  // Compiling the code grammars takes a few hundred ms: do it now rather than on a visitor's first note.
  void warmUpHighlighter();
  const app = await buildApp({
    db,
    indexer,
    search,
    logger: options.logger,
    publicOnly: options.publicOnly,
    // The author's server on this machine only: refuse pages that rebind their name to it.
    loopbackHostsOnly: !options.publicOnly && isLoopbackAddress(options.host),
  });
  const watcher = (options.watch ?? !options.publicOnly) ? watchNotes(indexer, { onError: (error) => app.log.error({ err: error }, 'watcher') }) : null;
  app.addHook('onClose', async () => {
    await watcher?.close();
  });
  // Serving starts while the watcher still walks the folder (1.2–1.5 s at 10k notes): the index is
  // complete already, and an edit the watcher has yet to cover went unseen just the same when
  // listening waited for it (the folder was scanned before it started). Resolves once both are ready.
  const url = await app.listen({ port: options.port, host: options.host });
  await watcher?.ready;
  // The database closes after the app: Fastify runs onClose hooks last-added first, and a hook added
  // here to close it ran before the app's own, which saves the search indexes into it (that save
  // found it closed, and the next start rebuilt them: 26 s instead of ~4 s at 50k notes after any edit).
  return {
    app,
    url,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}

/** Whether the server listens on this machine only. */
function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
