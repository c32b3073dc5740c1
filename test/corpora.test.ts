/**
 * Indexes the real public vaults in ../shared/corpora (present in CI, absent in
 * a user's fresh clone, where these tests skip and say why).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/http/app.ts';
import type { IndexSummary } from '../server/indexer/indexer.ts';
import { makeIndex } from './helpers/vault.ts';

const CORPORA = fileURLToPath(new URL('../../shared/corpora', import.meta.url));
const present = existsSync(CORPORA);
if (!present) console.warn(`[corpora] skipped: ${CORPORA} not found (it ships beside the repo in CI, not in a fresh clone)`);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (e) =>
        e.isFile() &&
        e.name.endsWith('.md') &&
        !relative(dir, join(e.parentPath, e.name))
          .split('/')
          .some((s) => s.startsWith('.')),
    )
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe.skipIf(!present).each([
  { name: 'dendron', folder: 'dendron/vault' },
  { name: 'foam-docs', folder: 'foam-docs/docs' },
])('the $name corpus', ({ folder }) => {
  const dir = join(CORPORA, folder);
  let app: FastifyInstance;
  let summary: IndexSummary;
  let close: () => void;

  beforeAll(async () => {
    const index = makeIndex(dir, 2);
    close = index.close;
    summary = await index.indexer.syncAll();
    app = await buildApp({ db: index.db, indexer: index.indexer });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    close?.();
  });

  it('serves every Markdown file through /api/notes', async () => {
    const paths: string[] = [];
    let next: string | null = null;
    do {
      const res = await app.inject(`/api/notes?limit=500${next ? `&next=${next}` : ''}`);
      const body = res.json() as { notes: { path: string }[]; next: string | null };
      paths.push(...body.notes.map((n) => n.path));
      next = body.next;
    } while (next);
    expect(paths.sort()).toEqual(markdownFiles(dir));
  });

  it('resolves nearly all of its links to notes', () => {
    console.info(`[corpora] ${folder}: ${summary.notes} notes, ${summary.links} links, ${summary.unresolvedLinks} unresolved, indexed in ${summary.ms} ms`);
    expect(summary.unresolvedLinks / summary.links).toBeLessThan(0.05);
  });
});
