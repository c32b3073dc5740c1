/**
 * Worker-thread entry: builds posting lists and posts their saved form (see `postings-build.ts`),
 * from a database's FTS table, or from the documents it is fed.
 */
import { workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { loadPostingsFrom, newPostings, newPostingsBuilder, shortFieldsFromColumns } from './fts.ts';
import { FuzzyIndex } from './fuzzy.ts';
import { BUILD_DONE, BUILD_STARTED, type FedDocuments, FLAG, type PostingsBuildRequest, type PostingsBuildResult, TAKEN } from './postings-build.ts';

const { file, token, state: shared, port } = workerData as PostingsBuildRequest;
const state = new Int32Array(shared);
const signal = (value: number) => {
  Atomics.store(state, FLAG, value);
  Atomics.notify(state, FLAG);
};

/**
 * Handed over, not copied: a buffer of its own moves to the main thread as it is. A small one
 * shares Node's pool of small buffers: it is copied into bytes of its own (handing over the pool
 * would take it from under any other small buffer of this thread).
 */
function owned(saved: Buffer): Uint8Array {
  if (saved.byteOffset === 0 && saved.byteLength === saved.buffer.byteLength) return saved;
  const copy = new Uint8Array(saved.byteLength);
  copy.set(saved);
  return copy;
}

/** Makes the lists with `fill` and posts their saved form, carrying `fingerprint` (or why there is none), then says it is done. */
function build(fill: (postings: ReturnType<typeof newPostings>) => void, fingerprint: string, fuzzy?: FuzzyIndex): void {
  try {
    const postings = newPostings();
    fill(postings);
    const bytes = owned(postings.serialize(fingerprint));
    const fuzzyBytes = fuzzy ? owned(fuzzy.serialize(fingerprint)) : undefined;
    const transfer = [bytes.buffer as ArrayBuffer, ...(fuzzyBytes ? [fuzzyBytes.buffer as ArrayBuffer] : [])];
    port.postMessage({ bytes, ...(fuzzyBytes ? { fuzzy: fuzzyBytes } : {}) } satisfies PostingsBuildResult, transfer);
  } catch (error) {
    port.postMessage({ error: String(error) } satisfies PostingsBuildResult);
  }
  signal(BUILD_DONE);
}

signal(BUILD_STARTED);
if (file === null) {
  // Fed: each document is split into words as it comes, while the main thread writes the next.
  const builder = newPostingsBuilder();
  const fuzzy = new FuzzyIndex();
  let failed: unknown = null;
  port.on('message', (message: FedDocuments) => {
    if ('added' in message) {
      // After a failure the batches are only counted as taken.
      if (failed === null) {
        try {
          for (const { rowid, columns } of message.added) builder.add(rowid, columns);
          // Titles put in order once, at the end (`serialize`).
          fuzzy.apply([], message.added.map(shortFieldsFromColumns), true);
        } catch (error) {
          failed = error;
        }
      }
      // The writer may be waiting for room (see `MAX_QUEUED_BATCHES`).
      Atomics.add(state, TAKEN, 1);
      Atomics.notify(state, TAKEN);
      return;
    }
    build(
      (postings) => {
        if (failed !== null) throw failed;
        builder.finishInto(postings);
      },
      message.fingerprint,
      fuzzy,
    );
    // Nothing more comes: the worker may end.
    port.close();
  });
} else {
  build((postings) => {
    const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      loadPostingsFrom(sqlite, postings);
    } finally {
      sqlite.close();
    }
  }, token);
}
