/** Throwaway notes folders for tests: written to a temp dir, removed afterwards. */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase } from '../../server/db/connection.ts';
import { Indexer } from '../../server/indexer/indexer.ts';

export interface TestVault {
  dir: string;
  write(path: string, content: string | Uint8Array): void;
  remove(path: string): void;
  rename(from: string, to: string): void;
  cleanup(): void;
}

export function makeVault(files: Record<string, string | Uint8Array> = {}): TestVault {
  const dir = mkdtempSync(join(tmpdir(), 'scholium-vault-'));
  const vault: TestVault = {
    dir,
    write(path, content) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    remove(path) {
      rmSync(join(dir, path), { force: true });
    },
    rename(from, to) {
      mkdirSync(dirname(join(dir, to)), { recursive: true });
      renameSync(join(dir, from), join(dir, to));
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const [path, content] of Object.entries(files)) vault.write(path, content);
  return vault;
}

/** An in-memory index over a folder, parsing on the main thread unless told otherwise. */
export function makeIndex(notesDir: string, workers = 1) {
  const db = openDatabase(':memory:');
  const indexer = new Indexer({ notesDir, db, workers });
  return { db, indexer, close: () => db.close() };
}
