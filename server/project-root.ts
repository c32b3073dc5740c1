/**
 * The project's folder (package.json, migrations/, web/), found from a module's
 * location. The same answer from the sources (`server/<layer>/`) and from a
 * bundle built into any folder below the project (`server/dist/`, the
 * benchmark's build), where every module's `import.meta.url` is the bundle's.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findProjectRoot(from: string | URL): string {
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no Scholium project (package.json and migrations/) above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(import.meta.url);
