/**
 * Keeps a search engine in step with the index: opened over the index as it is,
 * then updated by each batch the indexer writes, for the changed notes only.
 */
import type { SearchEngine } from '../search/index.ts';
import type { Indexer } from './indexer.ts';

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
