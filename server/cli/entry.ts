/** The `scholium` process: runs one command and sets the exit code. Loaded by bin.js (through tsx) and bundled by `npm run build`. */
import { main } from './main.ts';

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`scholium: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
