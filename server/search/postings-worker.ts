/** Worker-thread entry: builds the posting lists of a database's FTS table and posts their saved form (see `postings-build.ts`). */
import { workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { documentsPerWordFrom, loadPostingsFrom, newPostings } from './fts.ts';
import { BUILD_DONE, BUILD_STARTED, type PostingsBuildRequest, type PostingsBuildResult } from './postings-build.ts';

const { file, token, state: shared, port } = workerData as PostingsBuildRequest;
const state = new Int32Array(shared);
const signal = (value: number) => {
  Atomics.store(state, 0, value);
  Atomics.notify(state, 0);
};

signal(BUILD_STARTED);
try {
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const postings = newPostings();
    // FTS5's counts read here too: the main thread is making its vocabulary from them meanwhile.
    loadPostingsFrom(sqlite, postings, documentsPerWordFrom(sqlite));
    const saved = postings.serialize(token);
    // Handed over, not copied: a buffer of its own moves to the main thread as it is.
    const owned = saved.byteOffset === 0 && saved.byteLength === saved.buffer.byteLength ? saved : Buffer.from(saved);
    port.postMessage({ bytes: owned } satisfies PostingsBuildResult, [owned.buffer as ArrayBuffer]);
  } finally {
    sqlite.close();
  }
} catch (error) {
  port.postMessage({ error: String(error) } satisfies PostingsBuildResult);
}
signal(BUILD_DONE);
