/**
 * Reads and parses files on worker threads. Parsing is most of a cold index's work
 * (front matter, Markdown, extraction and the bibliography: ~5 MB/s per core), so a
 * large batch is spread over the cores while the main thread writes finished
 * results to SQLite. The workers read and hash the files too: on the main thread,
 * that held back the first parse ~0.4 s at 10k notes and ~3.5 s at 50k.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { IngestResult } from '../ingest/ingest-file.ts';
import type { NotePath } from '../ingest/types.ts';

export interface ParseJob {
  path: NotePath;
  kind: 'note' | 'bib';
  absolutePath: string;
  /** The hash the index holds for the file: a file that still has it is not parsed again. */
  knownHash?: string;
}

/** What reading a file gave: its records, or that its content is as indexed, or that it is gone. */
export type FileOutcome =
  | { status: 'parsed'; hash: string; size: number; result: IngestResult }
  | { status: 'unchanged'; hash: string; size: number }
  | { status: 'missing' };

/** How a batch was parsed: on how many workers, and the most chunks of results that waited at once to be handed over. */
export interface ParseStats {
  workers: number;
  mostChunksWaiting: number;
}

export interface ParseRequest {
  id: number;
  jobs: ParseJob[];
}
export interface ParseResponse {
  id: number;
  outcomes: FileOutcome[];
}

/** Below this many files, starting workers costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 150;
/**
 * Files per message. The main thread takes each message's records in one piece (a structured
 * clone), between its turns of writing: a served re-index's event loop waits that long. 16 with
 * two in flight keeps as many files queued per worker as 32 with one did.
 */
const CHUNK_FILES = 16;
/**
 * Chunks each worker holds at once: with one, a worker idled from posting its results until
 * the main thread, busy writing the previous ones, sent it the next chunk.
 */
const CHUNKS_IN_FLIGHT = 2;
/**
 * Chunks sent and not yet handed over, per worker, at most. A worker is given more only as the main
 * thread takes results: unbounded, the workers outran a served re-index's writing (done in slices,
 * between requests), and at 50k notes their results piled up waiting. Held that long, they
 * survived the young generation's collections, which copied them, and went on to the old one.
 */
const CHUNKS_AHEAD = 4;
/** The longest the main thread spends handing results over before it lets other work run. */
const EMIT_SLICE_MS = 8;

const workerUrl = new URL('./parse-worker-loader.js', import.meta.url);

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/**
 * Reads and parses `jobs`, calling `onResult` in input order as outcomes arrive, so
 * the caller can write while later chunks are still parsing. Each run of outcomes
 * handed over in one turn goes through `inBatch`: the indexer writes it in one
 * transaction.
 */
export async function parseAll<Job extends ParseJob>(
  jobs: Job[],
  onResult: (job: Job, outcome: FileOutcome) => void,
  workers = defaultWorkerCount(),
  inBatch: (handOver: () => void) => void = (handOver) => handOver(),
): Promise<ParseStats> {
  if (workers <= 1 || jobs.length < MIN_FILES_FOR_WORKERS) {
    // Loaded here, not at the top: the parsers' modules took ~0.3 s to load, and a large batch
    // (a cold index) parses on the workers only, so the main thread need not wait for them.
    const { prepareToParse, readAndParse } = await import('./read-and-parse.ts');
    await prepareToParse(jobs);
    inBatch(() => {
      for (const job of jobs) onResult(job, readAndParse(job));
    });
    return { workers: 0, mostChunksWaiting: 0 };
  }
  const chunks: Job[][] = [];
  for (let i = 0; i < jobs.length; i += CHUNK_FILES) chunks.push(jobs.slice(i, i + CHUNK_FILES));
  const pool = Array.from({ length: Math.min(workers, chunks.length) }, () => startWorker());
  const done = new Map<number, FileOutcome[]>();
  let nextToSend = 0;
  let nextToEmit = 0;
  /** The next result to hand over within chunk `nextToEmit`. */
  let nextInChunk = 0;
  const inFlight = new Map<Worker, number>(pool.map((worker) => [worker, 0]));
  const stats: ParseStats = { workers: pool.length, mostChunksWaiting: 0 };
  try {
    await new Promise<void>((resolve, reject) => {
      let scheduled = false;
      // Results are handed over in slices of a few ms, each in its own turn of the event loop:
      // a server re-indexing in the background goes on answering requests in between.
      const emitReady = () => {
        scheduled = false;
        const sliceEnd = performance.now() + EMIT_SLICE_MS;
        for (let outcomes = done.get(nextToEmit); outcomes; outcomes = done.get(nextToEmit)) {
          const chunk = chunks[nextToEmit] as Job[];
          while (nextInChunk < outcomes.length) {
            onResult(chunk[nextInChunk] as Job, outcomes[nextInChunk] as FileOutcome);
            nextInChunk++;
            if (performance.now() > sliceEnd) {
              schedule();
              return;
            }
          }
          done.delete(nextToEmit);
          nextToEmit++;
          nextInChunk = 0;
          feedAll();
        }
        if (nextToEmit === chunks.length) resolve();
      };
      const schedule = () => {
        if (scheduled) return;
        scheduled = true;
        setImmediate(() => {
          try {
            inBatch(emitReady);
          } catch (error) {
            reject(error);
          }
        });
      };
      /** Sends `worker` chunks up to its share in flight, while the results ahead of the writer allow. */
      const feed = (worker: Worker) => {
        while (nextToSend < chunks.length && (inFlight.get(worker) ?? 0) < CHUNKS_IN_FLIGHT && nextToSend - nextToEmit < pool.length * CHUNKS_AHEAD) {
          const id = nextToSend++;
          inFlight.set(worker, (inFlight.get(worker) ?? 0) + 1);
          worker.postMessage({ id, jobs: chunks[id] ?? [] } satisfies ParseRequest);
        }
      };
      const feedAll = () => {
        for (const worker of pool) feed(worker);
      };
      for (const worker of pool) {
        worker.on('message', (response: ParseResponse) => {
          done.set(response.id, response.outcomes);
          if (done.size > stats.mostChunksWaiting) stats.mostChunksWaiting = done.size;
          inFlight.set(worker, (inFlight.get(worker) ?? 1) - 1);
          feed(worker);
          schedule();
        });
        worker.on('error', reject);
      }
      feedAll();
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return stats;
}

function startWorker(): Worker {
  return new Worker(workerUrl);
}
