/**
 * A query with a phrase: FTS5 matches the phrases, the posting lists the words and prefixes
 * beside them (`SearchEngine.matchGroups`). The matches must be FTS5's own for the whole
 * expression, the way it read them before: checked over a generated vault, with phrases taken
 * from its titles, next to words, prefixes, OR and exclusions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../server/db/connection.ts';
import { Indexer } from '../../server/indexer/indexer.ts';
import { SearchEngine } from '../../server/search/index.ts';
import { generateVault } from '../bench/generate-vault.ts';

let dir: string;
let db: Database;
let engine: SearchEngine;
let titles: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scholium-phrases-'));
  titles = generateVault(join(dir, 'notes'), { notes: 300, seed: 9 }).titles;
  db = openDatabase(join(dir, 'index.db'));
  await new Indexer({ notesDir: join(dir, 'notes'), db, workers: 1 }).syncAll();
  engine = new SearchEngine(db);
  engine.open();
}, 120_000);

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** How many documents FTS5 itself matches with `expression`. */
function ftsCount(expression: string): number {
  return db.sqlite.prepare('SELECT count(*) FROM search_fts WHERE search_fts MATCH ?').pluck().get(expression) as number;
}

describe('queries with a phrase', () => {
  it('match what FTS5 matches for the whole query, prefixes and OR beside the phrase included', () => {
    // Two-word phrases from titles (their words as the tokenizer keeps them).
    const phrases = titles
      .map((title) => title.toLowerCase().match(/[a-z]{3,} [a-z]{3,}/)?.[0])
      .filter((p): p is string => p !== undefined)
      .slice(0, 8);
    expect(phrases.length).toBe(8);
    const cases: [query: string, expression: string][] = [];
    for (const [i, phrase] of phrases.entries()) {
      const other = phrases[(i + 3) % phrases.length] as string;
      const word = other.split(' ')[0] as string;
      cases.push(
        [`"${phrase}"`, `"${phrase}"`],
        [`"${phrase}" mo`, `"${phrase}" AND "mo"*`],
        [`"${phrase}" the tra`, `"${phrase}" AND "the" AND "tra"*`],
        // A word typed last is a prefix, as the search box reads it.
        [`"${phrase}" OR ${word}`, `("${phrase}" OR "${word}"*)`],
        [`"${phrase}" OR "${other}" s`, `("${phrase}" OR "${other}") AND "s"*`],
        [`${word} "${phrase}" -${other.split(' ')[1]}`, `("${word}" AND "${phrase}") NOT "${other.split(' ')[1]}"`],
        [`the OR ${word.slice(0, 3)} "${phrase}" OR model`, `("the" OR "${word.slice(0, 3)}") AND ("${phrase}" OR "model"*)`],
      );
    }
    let nonEmpty = 0;
    for (const [query, expression] of cases) {
      const expected = ftsCount(expression);
      if (expected > 0) nonEmpty++;
      expect(engine.search(query, { limit: 5, offset: 0 }).total, `${query} (FTS5: ${expression})`).toBe(expected);
    }
    // Most cases match something: the comparison means something.
    expect(nonEmpty).toBeGreaterThan(cases.length / 2);
  });
});
