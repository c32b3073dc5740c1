/**
 * Latency of local-graph queries, for `npm run bench` and for checking the
 * budget (a depth-2 local graph under 20 ms at 10,000 notes) by hand.
 * The snapshot must be fresh when this starts (a new connection, or a changed index) for the
 * first pass to be cold.
 */
import type { Database } from '../db/connection.ts';
import { findNode, type GraphFilter, localGraph } from './graph.ts';
import { graphSnapshot } from './snapshot.ts';
import { prepared } from './sql.ts';

export interface LatencySummary {
  runs: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LocalGraphBench extends LatencySummary {
  /** The same centers again: the evidence of their edges is then already in the snapshot. */
  warm: LatencySummary;
  /** Building the in-memory snapshot, paid by the first graph query after the index changes. */
  snapshotMs: number;
  /** Mean size of the answers, to read the latencies against. */
  meanNodes: number;
  meanEdges: number;
}

/** `count` note slugs spread evenly over the index (in path order), as bench centers. */
export function sampleCenters(db: Database, count: number): string[] {
  const slugs = prepared(db, 'SELECT slug FROM notes ORDER BY path').pluck().all() as string[];
  const step = Math.max(1, slugs.length / count);
  return Array.from({ length: Math.min(count, slugs.length) }, (_, i) => slugs[Math.floor(i * step)] as string);
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

function summarize(times: readonly number[]): LatencySummary {
  const sorted = [...times].sort((a, b) => a - b);
  return { runs: times.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
}

/**
 * Times `localGraph` (center look-up included) around each center, in milliseconds: the top-level
 * p50/p99 are each center's first query after the snapshot is built (its edges' evidence read from
 * SQLite), `warm` a second pass over the same centers.
 */
export function benchLocalGraph(db: Database, centers: readonly string[], options: { depth?: number; filter?: GraphFilter } = {}): LocalGraphBench {
  const run = (center: string) => {
    const node = findNode(db, center);
    return node ? localGraph(db, node, options.depth ?? 2, options.filter) : null;
  };
  let started = performance.now();
  graphSnapshot(db);
  const snapshotMs = performance.now() - started;
  const pass = () =>
    centers.map((center) => {
      started = performance.now();
      const graph = run(center);
      return { ms: performance.now() - started, nodes: graph?.nodes.length ?? 0, edges: graph?.edges.length ?? 0 };
    });
  const cold = pass();
  const warm = pass();
  const n = Math.max(1, cold.length);
  return {
    ...summarize(cold.map((r) => r.ms)),
    warm: summarize(warm.map((r) => r.ms)),
    snapshotMs,
    meanNodes: cold.reduce((a, r) => a + r.nodes, 0) / n,
    meanEdges: cold.reduce((a, r) => a + r.edges, 0) / n,
  };
}
