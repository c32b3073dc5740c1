/**
 * Keeps a search engine in step with the index: opened over the index as it is,
 * then updated by each batch the indexer writes, for the changed notes only.
 */
import type { SearchEngine } from '../search/index.ts';
import type { Indexer, IndexSummary } from './indexer.ts';

export interface FollowedSearch {
  engine: SearchEngine;
  /** Stops following the indexer's batches. */
  stop(): void;
}

/**
 * Opens `engine` and has it follow `indexer`. Both happen in one turn, so that no batch
 * finishes between them unseen: the engine may be opened while a sync is under way (the
 * server restores it while the folder is compared with the index), and that sync's
 * changes then reach it as an update.
 */
export function followIndex(indexer: Indexer, engine: SearchEngine): FollowedSearch {
  engine.open();
  const stop = indexer.onChange((changes) => {
    engine.update({
      notePaths: [...changes.upserted.map((n) => n.path), ...changes.removed],
      papersChanged: changes.papersChanged,
      paperNotes: changes.paperNotesChanged,
    });
  });
  return { engine, stop };
}

/**
 * A start as the server makes one: the full sync started (its comparison of the folder with the
 * index runs on a worker thread), `engine` restored and following meanwhile, then the sync awaited;
 * the files that changed reach the engine as a batch. A warm start did one after the other.
 */
export async function syncFollowing(indexer: Indexer, engine: SearchEngine): Promise<{ search: FollowedSearch; summary: IndexSummary }> {
  const syncing = indexer.syncAll();
  const search = followIndex(indexer, engine);
  try {
    return { search, summary: await syncing };
  } catch (error) {
    search.stop();
    throw error;
  }
}
