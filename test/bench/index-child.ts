/**
 * One indexing run in a fresh process, so the benchmark sees its wall time and
 * peak RSS alone: scan, parse, write, derive, and the search index. Prints one JSON line: { ms, peakRssMb, summary }.
 */
import { openDatabase } from '../../server/db/connection.ts';
import { Indexer } from '../../server/indexer/indexer.ts';
import { SearchEngine } from '../../server/search/index.ts';

const [notesDir, dbFile] = process.argv.slice(2);
if (!notesDir || !dbFile) throw new Error('usage: index-child.ts NOTES_DIR DB_FILE');
const started = performance.now();
// As the server and `scholium index` open it.
const db = openDatabase(dbFile, { checkpointInBackground: true });
const summary = await new Indexer({ notesDir, db }).syncAll();
// As `scholium serve` does: the search index is built (or checked) right after indexing.
// (which saves its fuzzy index for the next start, as the server does when it stops).
new SearchEngine(db).open();
const ms = performance.now() - started;
db.close();
process.stdout.write(`${JSON.stringify({ ms, peakRssMb: process.resourceUsage().maxRSS / 1024, summary })}\n`);
