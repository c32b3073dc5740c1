/**
 * The posting lists of a large index built on a worker thread while the engine
 * opens, when they were not saved or no longer fit: building them is the longest
 * step of such an opening (~1.4-2 s at 10k notes, ~8 s at 50k: every document's
 * text read and split into words), and the main thread meanwhile has the fuzzy
 * index, the vocabulary and the attributes to build: on a second core the two overlap.
 *
 * After a cold index the search tables are empty and the opening writes every
 * document into them (~2.3 s at 10k). The worker is then fed each document's
 * columns as they are written, and splits them into words meanwhile, instead of
 * reading them all back afterwards (`PostingsBuilder`): the cold index of 10k
 * notes took ~0.9 s less.
 *
 * The opening stays synchronous: the main thread blocks on a shared flag until the
 * worker has posted the lists' saved form (the bytes `Postings.serialize` makes),
 * receives them without a turn of the event loop, and restores them. A worker that
 * does not start, fails or takes too long leaves the caller to build in process.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { FuzzyIndex } from './fuzzy.ts';
import type { IndexedColumns, Postings } from './postings.ts';

/** The flag's states (an Int32Array of one, shared). */
export const BUILD_PENDING = 0;
export const BUILD_STARTED = 1;
export const BUILD_DONE = 2;

/** What the worker is given. */
export interface PostingsBuildRequest {
  /** The database whose FTS table holds every document; null when they are sent on `port` instead (`FedDocuments`). */
  file: string | null;
  /** The `fingerprint` the saved form carries (any string both sides agree on). */
  token: string;
  state: SharedArrayBuffer;
  port: MessagePort;
}

/** What a fed worker is sent, in order: documents, then the end of them. */
export type FedDocuments = { added: IndexedColumns[] } | { end: true };

/** What the worker posts: the saved form (and, fed, the fuzzy index's), or why there is none. */
export type PostingsBuildResult = { bytes: Uint8Array; fuzzy?: Uint8Array } | { error: string };

/** A worker thread loads in well under a second; one that has not started by then is not coming. */
const START_TIMEOUT_MS = 10_000;
/**
 * Past this, the main thread stops waiting and builds the lists itself: ~10 s at 50k notes
 * here. A worker that dies mid-way (out of memory) is only noticed this way, as the blocked
 * main thread hears no events.
 */
const BUILD_TIMEOUT_MS = 120_000;

const workerUrl = new URL('./postings-worker-loader.js', import.meta.url);

export interface PostingsBuild {
  /** Waits for the worker and restores what it built into `postings`; false when the caller must build them. */
  finish(postings: Postings): boolean;
}

/**
 * A build fed the documents by the caller: every document of the index, each once, then `end`.
 * The worker makes the fuzzy index of their short fields too (~0.4 s at 10k notes, restored here in ~0.05 s).
 */
export interface FedPostingsBuild extends PostingsBuild {
  add(documents: readonly IndexedColumns[]): void;
  /** After `finish`: restores the fuzzy index the worker made into `fuzzy`; false when there is none. */
  restoreFuzzy(fuzzy: FuzzyIndex): boolean;
  /** No more documents: the worker makes the lists. */
  end(): void;
  /** The writing failed: the worker is stopped. */
  cancel(): void;
}

/** Starts building the posting lists of the database in `file` (committed, not written meanwhile). */
export function startPostingsBuild(file: string): PostingsBuild {
  return start(file);
}

/** Starts building the posting lists of the documents `add` is given. */
export function startFedPostingsBuild(): FedPostingsBuild {
  return start(null);
}

function start(file: string | null): FedPostingsBuild {
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const token = `built-on-worker-${process.pid}-${Date.now()}`;
  let worker: Worker | null = null;
  try {
    const request: PostingsBuildRequest = { file, token, state: state.buffer as SharedArrayBuffer, port: port2 };
    worker = new Worker(workerUrl, { workerData: request, transferList: [port2] });
    worker.unref();
    // Its failures reach `finish` as a missing result; an 'error' left unheard would crash the process.
    worker.on('error', () => {});
  } catch {
    port1.close();
    return { add: () => {}, end: () => {}, cancel: () => {}, finish: () => false, restoreFuzzy: () => false };
  }
  const started = worker;
  let closed = false;
  let fuzzyBytes: Uint8Array | undefined;
  const send = (message: FedDocuments) => {
    if (!closed) port1.postMessage(message);
  };
  return {
    add(documents) {
      // Only the rowid and columns: a document's other fields would be copied for nothing.
      if (documents.length > 0) send({ added: documents.map(({ rowid, columns }) => ({ rowid, columns })) });
    },
    end() {
      send({ end: true });
    },
    restoreFuzzy(fuzzy) {
      const bytes = fuzzyBytes;
      fuzzyBytes = undefined;
      return bytes !== undefined && fuzzy.restore(asBuffer(bytes), token);
    },
    cancel() {
      closed = true;
      port1.close();
      void started.terminate();
    },
    finish(postings) {
      try {
        if (Atomics.wait(state, 0, BUILD_PENDING, START_TIMEOUT_MS) === 'timed-out') return false;
        if (Atomics.load(state, 0) !== BUILD_DONE && Atomics.wait(state, 0, BUILD_STARTED, BUILD_TIMEOUT_MS) === 'timed-out') return false;
        const received = receiveMessageOnPort(port1)?.message as PostingsBuildResult | undefined;
        if (!received || !('bytes' in received)) return false;
        const { bytes } = received;
        fuzzyBytes = received.fuzzy;
        return postings.restore(asBuffer(bytes), token);
      } finally {
        closed = true;
        port1.close();
        void started.terminate();
      }
    },
  };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
