/**
 * Search attributes are read two ways: all at once at start-up (one scan per
 * table, joined in memory) and a few at a time after each batch (joined in
 * SQL). Both must describe every document identically, and so must the
 * saved copy a warm start restores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAttributes, parseAttributes, serializeAttributes } from '../../server/search/attributes.ts';
import { SearchEngine } from '../../server/search/index.ts';
import { makeIndex, STARTER_VAULT } from '../helpers/vault.ts';

describe('search attributes', () => {
  const index = makeIndex(STARTER_VAULT);
  beforeAll(async () => {
    await index.indexer.syncAll();
    new SearchEngine(index.db).open();
  });
  afterAll(() => index.close());

  it('are the same whether every document is read at once or each one by rowid', () => {
    const all = loadAttributes(index.db);
    const rowids = [...all.keys()];
    const one = loadAttributes(index.db, rowids);
    expect(all.size).toBeGreaterThan(20);
    expect(all).toEqual(one);
    // The starter vault has every kind of document, so the comparison covers each join.
    const types = new Set([...all.values()].map((a) => `${a.kind}/${a.type}`));
    expect(types).toEqual(new Set(['note/paper', 'note/replication', 'note/note', 'paper/paper']));
    expect([...all.values()].some((a) => a.verdict !== null && a.type === 'paper')).toBe(true);
    expect([...all.values()].some((a) => a.status !== null && a.type === 'replication')).toBe(true);
  });

  it('come back from their saved form exactly as read, shape included', () => {
    const read = loadAttributes(index.db);
    const restored = parseAttributes(serializeAttributes(read.values()));
    expect(restored).toEqual(read);
    // Saved in chunks of a few thousand documents: several chunks come back as one.
    expect(parseAttributes(serializeAttributes(read.values(), 7))).toEqual(read);
    // Same properties in the same order: one object shape for every document, however it was read.
    const shapes = new Set([...read.values(), ...(restored?.values() ?? [])].map((a) => Object.keys(a).join()));
    expect(shapes.size).toBe(1);
    expect(parseAttributes(JSON.stringify({ format: 0, columns: {} }))).toBeNull();
  });

  it('come back exactly when a slug is not its path without .md, and with every flag set', () => {
    const note = [...loadAttributes(index.db).values()].find((a) => a.kind === 'note');
    if (!note) throw new Error('the starter vault has notes');
    const odd = [
      {
        ...note,
        rowid: 1,
        path: 'Ideas/Big Idea.md',
        pathKey: 'ideas/big idea.md',
        slug: 'ideas/big-idea',
        hidden: true,
        unlisted: true,
        hasReplication: true,
      },
      { ...note, rowid: 2, path: 'ideas/plain.md', pathKey: 'ideas/plain.md', slug: 'ideas/plain' },
      { ...note, rowid: 3, path: 'ideas/other.MD', pathKey: 'ideas/other.md', slug: 'ideas/other' },
      { ...note, rowid: 4, kind: 'paper' as const, path: null, pathKey: null, slug: null },
    ];
    expect([...(parseAttributes(serializeAttributes(odd))?.values() ?? [])]).toEqual(odd);
  });
});
