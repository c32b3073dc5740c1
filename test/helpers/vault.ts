/** Throwaway notes folders for tests: written to a temp dir, removed afterwards. */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { buildApp } from '../../server/http/app.ts';
import { type Audience, Indexer } from '../../server/indexer/indexer.ts';

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
export function makeIndex(notesDir: string, workers = 1, audience: Audience = 'author') {
  const db = openDatabase(':memory:');
  const indexer = new Indexer({ notesDir, db, workers, audience });
  return { db, indexer, close: () => db.close() };
}

/** The starter vault that ships in `notes/`. */
export const STARTER_VAULT = fileURLToPath(new URL('../../notes', import.meta.url));

/**
 * Indexes a folder in memory and builds the app over it for the enclosing
 * describe block; read `served.app` inside tests.
 */
export function useServedVault(notesDir: string, options: { publicOnly?: boolean } = {}): { readonly app: FastifyInstance } {
  let app: FastifyInstance | undefined;
  let close: (() => void) | undefined;
  beforeAll(async () => {
    const index = makeIndex(notesDir, 1, options.publicOnly ? 'public' : 'author');
    close = index.close;
    await index.indexer.syncAll();
    app = await buildApp({ db: index.db, indexer: index.indexer, publicOnly: options.publicOnly });
  });
  afterAll(async () => {
    await app?.close();
    close?.();
  });
  return {
    get app(): FastifyInstance {
      if (!app) throw new Error('useServedVault: the app is built in beforeAll; read it inside a test');
      return app;
    },
  };
}
