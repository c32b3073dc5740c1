/**
 * What a full sync must look at: the notes folder compared with what the index
 * stored about each file. A file whose size and modification time are as stored
 * is unchanged without being read; the rest are candidates, read and hashed by
 * the indexer. Pure file-system and in-memory work, so it can run on a worker
 * thread (see `compare-worker.ts`).
 */
import { Worker } from 'node:worker_threads';
import type { StoredFile } from '../db/note-store.ts';
import type { NotePath, Problem } from '../ingest/types.ts';
import { type ScannedFile, scanFolder } from './scan.ts';

export interface FolderComparison {
  /** Files that are new or may have changed: to be read, hashed and (if their content changed) parsed. */
  candidates: ScannedFile[];
  /** Files the index holds that are no longer in the folder. */
  removed: NotePath[];
  /** How many files are as stored, by size and modification time. */
  unchanged: number;
  /** What is stored about the candidates and the removed files (the rest is not needed any more). */
  stored: Map<string, StoredFile>;
  /** Folders and files the scan could not read. */
  problems: Problem[];
}

/**
 * Size and modification time both as stored: the file is unchanged without
 * reading it. Not trusted for a file modified within `RACY_MS` of its indexing,
 * where a coarse clock could hide a same-size edit (git's "racily clean" case).
 */
const RACY_MS = 2000;
export function unchangedByStat(before: StoredFile, file: ScannedFile): boolean {
  return before.hash !== '' && before.size === file.size && before.mtimeMs === file.mtimeMs && file.mtimeMs < before.indexedAt - RACY_MS;
}

/**
 * Scans `root` and compares it with `stored`. With `everyFileChanged` (records made by another
 * parser version or for another audience) every file is a candidate, and its stored hash is
 * forgotten so that it is parsed again even when its content is the same.
 */
export function compareFolder(root: string, stored: Map<string, StoredFile>, everyFileChanged: boolean): FolderComparison {
  const { files, problems } = scanFolder(root);
  const candidates: ScannedFile[] = [];
  const kept = new Map<string, StoredFile>();
  let unchanged = 0;
  for (const file of files) {
    const before = stored.get(file.path);
    if (before && !everyFileChanged && unchangedByStat(before, file)) {
      unchanged++;
      continue;
    }
    candidates.push(file);
    if (before) kept.set(file.path, everyFileChanged ? { ...before, hash: '' } : before);
  }
  const present = new Set(files.map((f) => f.path as string));
  const removed: NotePath[] = [];
  for (const [path, before] of stored) {
    if (present.has(path)) continue;
    removed.push(path as NotePath);
    kept.set(path, before);
  }
  return { candidates, removed, unchanged, stored: kept, problems };
}

export interface CompareRequest {
  root: string;
  /** The index's database file, opened read-only by the worker. */
  dbFile: string;
  everyFileChanged: boolean;
}

const workerUrl = new URL('./compare-worker-loader.js', import.meta.url);

/**
 * `compareFolder` on a worker thread, over the stored records as a read-only connection to
 * `dbFile` sees them. The main thread stays free meanwhile: the server restores its search
 * indexes (the scan and the files table took ~0.5 s of a warm start at 50k notes, the restore
 * ~2 s, one after the other). Null when the thread fails: the caller compares in process.
 */
export function compareFolderOnWorker(request: CompareRequest): Promise<FolderComparison | null> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerUrl, { workerData: request });
    } catch {
      resolve(null);
      return;
    }
    worker.once('message', (comparison: FolderComparison) => {
      resolve(comparison);
      void worker.terminate();
    });
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}
