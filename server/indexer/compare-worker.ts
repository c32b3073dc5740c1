/**
 * Worker-thread entry: compares the notes folder with the index (see `compareFolder`)
 * on a read-only connection of its own, and posts back the comparison in columns.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { readStoredFiles } from '../db/note-store.ts';
import { type CompareRequest, compareFolder, packComparison, packedBuffers } from './compare.ts';

const { root, dbFile, everyFileChanged } = workerData as CompareRequest;
const db = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
let stored: ReturnType<typeof readStoredFiles>;
try {
  stored = readStoredFiles(db);
} finally {
  db.close();
}
const packed = packComparison(compareFolder(root, stored, everyFileChanged));
parentPort?.postMessage(packed, packedBuffers(packed));
