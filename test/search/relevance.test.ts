/**
 * Search relevance over the bundled notes and the Dendron docs vault: MRR and
 * recall@3 of the query set in relevance-queries.ts, per corpus and overall.
 *
 * The Dendron vault ships beside the repo in CI (../shared/corpora); in a fresh
 * clone it is absent and that half skips, saying why.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection.ts';
import { SearchEngine, type SearchHit } from '../../server/search/engine.ts';
import { makeIndex } from '../helpers/vault.ts';
import { type QueryKind, RELEVANCE_QUERIES, type RelevanceQuery } from './relevance-queries.ts';

type Corpus = RelevanceQuery['corpus'];

const STARTER_DIR = fileURLToPath(new URL('../../notes', import.meta.url));
const DENDRON_DIR = fileURLToPath(new URL('../../../shared/corpora/dendron/vault', import.meta.url));
const dendronPresent = existsSync(DENDRON_DIR);
if (!dendronPresent) {
  console.warn(`[relevance] dendron half skipped: ${DENDRON_DIR} not found (it ships beside the repo in CI, not in a fresh clone)`);
}

/** Ranks are counted within the first page of this many hits. */
const DEPTH = 10;
const MIN_MRR = 0.9;
const MIN_RECALL_AT_3 = 0.9;

interface Outcome {
  query: RelevanceQuery;
  /** 1-based rank of the first expected hit within the top DEPTH, or null. */
  rank: number | null;
  /** Identifiers of the top hits (slug, or paper id for a paper without a note). */
  got: string[];
  error?: string;
}

interface Metrics {
  n: number;
  mrr: number;
  recallAt3: number;
}

/** What a hit is called in `expected`: its slug, or its paper id when it is a paper known only from a bibliography. */
function hitId(hit: SearchHit): string {
  return (hit.external ? hit.paperId : hit.slug) ?? `(untitled: ${hit.title})`;
}

function metrics(outcomes: Outcome[]): Metrics {
  const n = outcomes.length;
  if (n === 0) return { n, mrr: 0, recallAt3: 0 };
  const mrr = outcomes.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0) / n;
  const recallAt3 = outcomes.filter((o) => o.rank !== null && o.rank <= 3).length / n;
  return { n, mrr, recallAt3 };
}

const fmt = (x: number) => x.toFixed(3);

function failureTable(outcomes: Outcome[]): string {
  const misses = outcomes.filter((o) => o.rank === null || o.rank > 1);
  if (misses.length === 0) return '(every query has an expected result at rank 1)';
  const rows = misses.map((o) => [
    o.query.kind,
    o.query.query,
    o.query.expected.join(' | '),
    o.rank === null ? '-' : String(o.rank),
    o.error ? `ERROR ${o.error}` : o.got.slice(0, 3).join(', ') || '(no hits)',
  ]);
  const header = ['kind', 'query', 'expected', 'rank', 'top 3 got'];
  const widths = header.map((h, i) => Math.min(70, Math.max(h.length, ...rows.map((r) => (r[i] as string).length))));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function perKind(outcomes: Outcome[]): string {
  const kinds = [...new Set(outcomes.map((o) => o.query.kind))] as QueryKind[];
  return kinds
    .map((kind) => {
      const m = metrics(outcomes.filter((o) => o.query.kind === kind));
      return `${kind} (${m.n}): MRR=${fmt(m.mrr)} R@3=${fmt(m.recallAt3)}`;
    })
    .join('; ');
}

function runQueries(engine: SearchEngine, queries: RelevanceQuery[]): Outcome[] {
  return queries.map((query) => {
    try {
      const { hits } = engine.search(query.query, { limit: DEPTH, offset: 0 });
      const got = hits.map(hitId);
      const index = got.findIndex((id) => query.expected.includes(id));
      return { query, rank: index >= 0 ? index + 1 : null, got };
    } catch (error) {
      return { query, rank: null, got: [], error: error instanceof Error ? error.message : String(error) };
    }
  });
}

/** Every slug and external paper id the index holds, to check that `expected` names real documents. */
function knownIds(db: Database): Set<string> {
  const slugs = db.sqlite.prepare('SELECT slug FROM notes').pluck().all() as string[];
  const papers = db.sqlite.prepare('SELECT id FROM papers WHERE note_path IS NULL').pluck().all() as string[];
  return new Set([...slugs, ...papers]);
}

const results = new Map<Corpus, Outcome[]>();

function report(corpus: Corpus, outcomes: Outcome[]): void {
  const m = metrics(outcomes);
  console.info(
    `[relevance] ${corpus}: ${m.n} queries, MRR=${fmt(m.mrr)} R@3=${fmt(m.recallAt3)}\n` +
      `[relevance] ${corpus} by kind: ${perKind(outcomes)}\n` +
      `[relevance] ${corpus} queries without the expected result at rank 1:\n${failureTable(outcomes)}`,
  );
}

/** Indexes one corpus, runs its queries and checks its metrics. */
function relevanceSuite(corpus: Corpus, dir: string) {
  const queries = RELEVANCE_QUERIES.filter((q) => q.corpus === corpus);
  let engine: SearchEngine;
  let known: Set<string>;
  let close: (() => void) | undefined;

  beforeAll(async () => {
    const index = makeIndex(dir, 2);
    close = index.close;
    await index.indexer.syncAll();
    engine = new SearchEngine(index.db);
    engine.open();
    known = knownIds(index.db);
  }, 120_000);

  afterAll(() => close?.());

  it('names only documents that exist in the index', () => {
    const unknown = queries.flatMap((q) => q.expected.filter((id) => !known.has(id)).map((id) => `${q.query} → ${id}`));
    expect(unknown).toEqual([]);
  });

  it(`ranks the expected results first (MRR ≥ ${MIN_MRR}, recall@3 ≥ ${MIN_RECALL_AT_3})`, () => {
    const outcomes = runQueries(engine, queries);
    results.set(corpus, outcomes);
    report(corpus, outcomes);
    const m = metrics(outcomes);
    expect(m.mrr, `${corpus} MRR`).toBeGreaterThanOrEqual(MIN_MRR);
    expect(m.recallAt3, `${corpus} recall@3`).toBeGreaterThanOrEqual(MIN_RECALL_AT_3);
  });
}

describe('the relevance query set', () => {
  it('has enough queries of every kind', () => {
    const starter = RELEVANCE_QUERIES.filter((q) => q.corpus === 'starter');
    const dendron = RELEVANCE_QUERIES.filter((q) => q.corpus === 'dendron');
    expect(RELEVANCE_QUERIES.length).toBeGreaterThanOrEqual(40);
    expect(starter.length).toBeGreaterThanOrEqual(25);
    expect(dendron.length).toBeGreaterThanOrEqual(20);
    const kinds: QueryKind[] = [
      'exact-title',
      'title-typo',
      'author',
      'phrase-quoted',
      'phrase-unquoted',
      'tag-word',
      'replication',
      'bib-only',
      'prefix',
      'camel-fragment',
      'concept',
    ];
    for (const kind of kinds) expect(starter.some((q) => q.kind === kind)).toBe(true);
    expect(new Set(RELEVANCE_QUERIES.map((q) => `${q.corpus}:${q.query}`)).size).toBe(RELEVANCE_QUERIES.length);
    for (const q of RELEVANCE_QUERIES) expect(q.expected.length, q.query).toBeGreaterThan(0);
  });
});

describe('search relevance over the bundled notes', () => {
  relevanceSuite('starter', STARTER_DIR);
});

describe.skipIf(!dendronPresent)('search relevance over the dendron corpus', () => {
  relevanceSuite('dendron', DENDRON_DIR);
});

describe('search relevance overall', () => {
  it(`meets MRR ≥ ${MIN_MRR} and recall@3 ≥ ${MIN_RECALL_AT_3} over every query run`, () => {
    const starter = metrics(results.get('starter') ?? []);
    const dendron = results.has('dendron') ? metrics(results.get('dendron') ?? []) : null;
    const all = metrics([...results.values()].flat());
    const part = (m: Metrics | null) => (m ? `MRR=${fmt(m.mrr)} R@3=${fmt(m.recallAt3)}` : 'skipped');
    console.info(`[relevance] starter ${part(starter)} | dendron ${part(dendron)} | all ${part(all)}`);
    expect(results.has('starter'), 'the bundled-notes queries ran').toBe(true);
    expect(all.mrr, 'overall MRR').toBeGreaterThanOrEqual(MIN_MRR);
    expect(all.recallAt3, 'overall recall@3').toBeGreaterThanOrEqual(MIN_RECALL_AT_3);
  });
});
