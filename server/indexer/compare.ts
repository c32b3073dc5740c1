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

/**
 * A comparison as the worker thread posts it: in columns. As objects, the candidates and stored
 * records of a full re-index (every file, after a parser upgrade) stalled the main thread for
 * ~0.5-0.6 s at 50k notes while they were cloned back; as a few long strings and typed arrays
 * (handed over, not copied), ~0.2 s. Texts are joined with NUL, which no path holds.
 */
export interface PackedComparison {
  candidates: { paths: string; absolutePaths: string; bib: Uint8Array; sizes: Float64Array; mtimes: Float64Array };
  removed: string;
  unchanged: number;
  stored: { paths: string; hashes: string; kinds: string; sizes: Float64Array; mtimes: Float64Array; indexedAt: Float64Array };
  problems: Problem[];
}

const SEP = '\0';
const split = (joined: string): string[] => (joined === '' ? [] : joined.split(SEP));

export function packComparison(c: FolderComparison): PackedComparison {
  const stored = [...c.stored.values()];
  return {
    candidates: {
      paths: c.candidates.map((f) => f.path).join(SEP),
      absolutePaths: c.candidates.map((f) => f.absolutePath).join(SEP),
      bib: Uint8Array.from(c.candidates, (f) => (f.kind === 'bib' ? 1 : 0)),
      sizes: Float64Array.from(c.candidates, (f) => f.size),
      mtimes: Float64Array.from(c.candidates, (f) => f.mtimeMs),
    },
    removed: c.removed.join(SEP),
    unchanged: c.unchanged,
    stored: {
      paths: stored.map((s) => s.path).join(SEP),
      hashes: stored.map((s) => s.hash).join(SEP),
      kinds: stored.map((s) => s.kind).join(SEP),
      sizes: Float64Array.from(stored, (s) => s.size),
      mtimes: Float64Array.from(stored, (s) => s.mtimeMs),
      indexedAt: Float64Array.from(stored, (s) => s.indexedAt),
    },
    problems: c.problems,
  };
}

/** The buffers a packed comparison can hand over rather than copy. */
export function packedBuffers(p: PackedComparison): ArrayBuffer[] {
  return [p.candidates.bib, p.candidates.sizes, p.candidates.mtimes, p.stored.sizes, p.stored.mtimes, p.stored.indexedAt].map((a) => a.buffer as ArrayBuffer);
}

export function unpackComparison(p: PackedComparison): FolderComparison {
  const absolutePaths = split(p.candidates.absolutePaths);
  const candidates = split(p.candidates.paths).map(
    (path, i): ScannedFile => ({
      path: path as NotePath,
      absolutePath: absolutePaths[i] as string,
      kind: p.candidates.bib[i] === 1 ? 'bib' : 'note',
      size: p.candidates.sizes[i] as number,
      mtimeMs: p.candidates.mtimes[i] as number,
    }),
  );
  const hashes = split(p.stored.hashes);
  const kinds = split(p.stored.kinds);
  const stored = new Map<string, StoredFile>();
  split(p.stored.paths).forEach((path, i) => {
    stored.set(path, {
      path,
      hash: hashes[i] as string,
      size: p.stored.sizes[i] as number,
      mtimeMs: p.stored.mtimes[i] as number,
      kind: kinds[i] as string,
      indexedAt: p.stored.indexedAt[i] as number,
    });
  });
  return { candidates, removed: split(p.removed) as NotePath[], unchanged: p.unchanged, stored, problems: p.problems };
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
    worker.once('message', (packed: PackedComparison) => {
      resolve(unpackComparison(packed));
      void worker.terminate();
    });
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
}
