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

/**
 * The state shared with the worker, an Int32Array: the flag (`FLAG`), then how many batches of
 * fed documents the worker has taken (`TAKEN`).
 */
export const STATE_BYTES = 8;
export const FLAG = 0;
export const TAKEN = 1;
/** The flag's states. */
export const BUILD_PENDING = 0;
export const BUILD_STARTED = 1;
export const BUILD_DONE = 2;

/** What the worker is given. */
export interface PostingsBuildRequest {
  /** The database whose FTS table holds every document; null when they are sent on `port` instead (`FedDocuments`). */
  file: string | null;
  /** The `fingerprint` the saved form carries (a fed worker is told the documents' own with the end of them). */
  token: string;
  state: SharedArrayBuffer;
  port: MessagePort;
}

/**
 * What a fed worker is sent, in order: documents, then the end of them, with the fingerprint the
 * documents written then have (its saved forms carry it: the engine saves them as they are).
 */
export type FedDocuments = { added: IndexedColumns[] } | { end: true; fingerprint: string };

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

/**
 * Batches sent and not yet taken, at most: past this the writer waits for the worker. Unbounded,
 * every document written faster than the worker took it waited in memory as a copy: all of them
 * while the worker loaded, and more whenever it fell behind (with FTS5 writing faster, at 50k
 * notes, peak memory rose by ~0.5 GB).
 */
const MAX_QUEUED_BATCHES = 8;
/** A worker that takes no batch for this long is given up: the engine makes the lists itself. */
const STALL_TIMEOUT_MS = 10_000;

const workerUrl = new URL('./postings-worker-loader.js', import.meta.url);

export interface PostingsBuild {
  /** Waits for the worker and restores what it built into `postings`; false when the caller must build them. */
  finish(postings: Postings): boolean;
  /**
   * After a `finish` that restored them: the lists' saved form as the worker made it, with the
   * fingerprint it carries. Saved as it is, it spares the engine making it again (~0.1 s at 10k notes).
   */
  savedPostings(): SavedForm | null;
}

export interface SavedForm {
  bytes: Buffer;
  fingerprint: string;
}

/**
 * A build fed the documents by the caller: every document of the index, each once, then `end`.
 * The worker makes the fuzzy index of their short fields too (~0.4 s at 10k notes, restored here in ~0.05 s).
 */
export interface FedPostingsBuild extends PostingsBuild {
  /** Sends a batch; blocks while too many wait for the worker (see `MAX_QUEUED_BATCHES`). */
  add(documents: readonly IndexedColumns[]): void;
  /** Batches sent that the worker has not taken yet. */
  queued(): number;
  /** After `finish`: restores the fuzzy index the worker made into `fuzzy`; false when there is none. */
  restoreFuzzy(fuzzy: FuzzyIndex): boolean;
  /** After a `restoreFuzzy` that restored it: its saved form, as `savedPostings`. */
  savedFuzzy(): SavedForm | null;
  /** No more documents: the worker makes the lists, their saved forms carrying `fingerprint`. */
  end(fingerprint: string): void;
  /** The writing failed: the worker is stopped. */
  cancel(): void;
}

/**
 * Starts building the posting lists of the database in `file` (committed, not written meanwhile),
 * whose documents have `fingerprint`.
 */
export function startPostingsBuild(file: string, fingerprint: string): PostingsBuild {
  return start(file, fingerprint);
}

export interface FedBuildLimits {
  maxQueuedBatches?: number;
  stallTimeoutMs?: number;
  /** The worker's entry (a test gives one that never starts). */
  workerUrl?: URL;
}

/** Starts building the posting lists of the documents `add` is given. */
export function startFedPostingsBuild(limits: FedBuildLimits = {}): FedPostingsBuild {
  return start(null, null, limits);
}

function start(file: string | null, fingerprint: string | null, limits: FedBuildLimits = {}): FedPostingsBuild {
  const maxQueued = limits.maxQueuedBatches ?? MAX_QUEUED_BATCHES;
  const stallTimeout = limits.stallTimeoutMs ?? STALL_TIMEOUT_MS;
  const state = new Int32Array(new SharedArrayBuffer(STATE_BYTES));
  const { port1, port2 } = new MessageChannel();
  // A fed build learns its fingerprint with the end of the documents.
  let token = fingerprint ?? `built-on-worker-${process.pid}-${Date.now()}`;
  let worker: Worker | null = null;
  try {
    const request: PostingsBuildRequest = { file, token, state: state.buffer as SharedArrayBuffer, port: port2 };
    worker = new Worker(limits.workerUrl ?? workerUrl, { workerData: request, transferList: [port2] });
    worker.unref();
    // Its failures reach `finish` as a missing result; an 'error' left unheard would crash the process.
    worker.on('error', () => {});
  } catch {
    port1.close();
    const none = () => null;
    return {
      add: () => {},
      queued: () => 0,
      end: () => {},
      cancel: () => {},
      finish: () => false,
      restoreFuzzy: () => false,
      savedPostings: none,
      savedFuzzy: none,
    };
  }
  const started = worker;
  let closed = false;
  /** Stopped before its result (it took no batch for `stallTimeout`, or the writing failed): `finish` leaves the lists to the caller. */
  let abandoned = false;
  let sent = 0;
  let fuzzyBytes: Uint8Array | undefined;
  let postingsSaved: SavedForm | null = null;
  let fuzzySaved: SavedForm | null = null;
  const send = (message: FedDocuments) => {
    if (!closed) port1.postMessage(message);
  };
  const abandon = () => {
    abandoned = true;
    closed = true;
    port1.close();
    void started.terminate();
  };
  /** Blocks while `maxQueued` batches wait for the worker (it takes them without this thread's event loop). */
  const waitForRoom = () => {
    for (let taken = Atomics.load(state, TAKEN); !closed && sent - taken > maxQueued; taken = Atomics.load(state, TAKEN)) {
      if (Atomics.wait(state, TAKEN, taken, stallTimeout) === 'timed-out') abandon();
    }
  };
  return {
    add(documents) {
      if (documents.length === 0 || closed) return;
      // Only the rowid and columns: a document's other fields would be copied for nothing.
      send({ added: documents.map(({ rowid, columns }) => ({ rowid, columns })) });
      sent++;
      waitForRoom();
    },
    queued: () => sent - Atomics.load(state, TAKEN),
    end(documentsFingerprint) {
      token = documentsFingerprint;
      send({ end: true, fingerprint: documentsFingerprint });
    },
    restoreFuzzy(fuzzy) {
      const bytes = fuzzyBytes;
      fuzzyBytes = undefined;
      if (bytes === undefined || !fuzzy.restore(asBuffer(bytes), token)) return false;
      fuzzySaved = { bytes: asBuffer(bytes), fingerprint: token };
      return true;
    },
    savedPostings: () => postingsSaved,
    savedFuzzy: () => fuzzySaved,
    cancel: abandon,
    finish(postings) {
      try {
        if (abandoned) return false;
        if (Atomics.wait(state, FLAG, BUILD_PENDING, START_TIMEOUT_MS) === 'timed-out') return false;
        if (Atomics.load(state, FLAG) !== BUILD_DONE && Atomics.wait(state, FLAG, BUILD_STARTED, BUILD_TIMEOUT_MS) === 'timed-out') return false;
        const received = receiveMessageOnPort(port1)?.message as PostingsBuildResult | undefined;
        if (!received || !('bytes' in received)) return false;
        const { bytes } = received;
        fuzzyBytes = received.fuzzy;
        if (!postings.restore(asBuffer(bytes), token)) return false;
        postingsSaved = { bytes: asBuffer(bytes), fingerprint: token };
        return true;
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
