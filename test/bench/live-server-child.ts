/**
 * The server side of the live-update benchmark: an author-mode server watching
 * the vault, in its own process, so the client timing the saves never shares
 * its event loop. Prints its URL as one JSON line and runs until stdin closes.
 */
import { startServer } from '../../server/http/server.ts';
import { warmUpHighlighter } from '../../server/render/index.ts';

const [notesDir, dbFile] = process.argv.slice(2);
if (!notesDir || !dbFile) throw new Error('usage: live-server-child.ts NOTES_DIR DB_FILE');

const server = await startServer({ notesDir, dbFile, port: 0, host: '127.0.0.1' });
// Steady state: the code grammars compiled (the server starts that in the background).
await warmUpHighlighter();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  process.exit(0);
});
