/**
 * The shape of the citation graph held in memory: every node and every
 * reference as integers in typed arrays, with an adjacency list in both
 * directions. A local graph is then a breadth-first search over arrays, and
 * SQL is only asked for the text (line, sentence) of the edges returned.
 *
 * Why not one SQL query per frontier: reading a reference row costs a few
 * microseconds, and the depth-2 neighbourhood of a hub (a paper cited by 400
 * notes) touches tens of thousands of them. The snapshot is built from two
 * scans (about 0.2 s at 10,000 notes, a few MB) and kept per connection until
 * the database changes (SQLite's `data_version` for other connections' commits,
 * `total_changes()` for this one's).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../db/connection.ts';
import { allEntities, type Entity } from './lookup.ts';
import { replicationIndex } from './replications.ts';
import { dataVersion, LIST, prepared } from './sql.ts';

export const EDGE_KINDS = ['links', 'cites', 'replicates', 'embeds'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export interface Snapshot {
  /** Node number → entity, in id order. */
  entities: Entity[];
  byPath: Map<string, number>;
  byPaper: Map<string, number>;
  /** Reference number → source node, target node, edge kind (index into EDGE_KINDS), table (links, citations, identifier_refs, replications), row id. */
  refSource: Int32Array;
  refTarget: Int32Array;
  refKind: Uint8Array;
  refTable: Uint8Array;
  refRow: Int32Array;
  /** References of node n, either direction: `adjacency[adjacencyStart[n] … adjacencyStart[n + 1])`. */
  adjacencyStart: Int32Array;
  adjacency: Int32Array;
  /** Each reference's line, and its sentence, read on first use (see `loadTexts`); undefined until then. */
  lines: Int32Array;
  contexts: (string | undefined)[];
}

/** Every reference's ends. `CROSS JOIN` keeps SQLite scanning the references and looking papers up by key, not the reverse. */
const ENDS = `SELECT 0 AS t, l.id AS row, l.line, l.source_path AS source, l.kind, l.target_path AS targetPath, NULL AS paperId FROM links l
    WHERE l.kind <> 'external' AND l.target_path IS NOT NULL
  UNION ALL SELECT 1, c.id, c.line, c.source_path, 'citation', NULL, pi.paper_id FROM citations c CROSS JOIN paper_ids pi ON pi.kind = 'citekey' AND pi.value = c.key
  UNION ALL SELECT 2, i.id, i.line, i.source_path, i.kind, NULL, pi.paper_id FROM identifier_refs i CROSS JOIN paper_ids pi ON pi.kind = i.kind AND pi.value = i.value`;

interface EndRow {
  t: number;
  row: number;
  line: number;
  source: string;
  kind: string;
  targetPath: string | null;
  paperId: string | null;
}

const cache = new WeakMap<BetterSqlite3.Database, { version: string; snapshot: Snapshot }>();

/** What kind of edge a reference makes: a link to a paper's note cites the paper. */
export function edgeKindOf(refKind: string, target: Entity): EdgeKind {
  if (refKind === 'embed') return 'embeds';
  if (refKind === 'replicates') return 'replicates';
  if (refKind === 'wikilink' || refKind === 'markdown') return target.type === 'paper' ? 'cites' : 'links';
  return 'cites';
}

/** The snapshot of the current index, built when the database has changed since the last one. */
export function graphSnapshot(db: Database): Snapshot {
  const version = dataVersion(db);
  const cached = cache.get(db.sqlite);
  if (cached?.version === version) return cached.snapshot;
  const snapshot = buildSnapshot(db);
  cache.set(db.sqlite, { version, snapshot });
  return snapshot;
}

function buildSnapshot(db: Database): Snapshot {
  // In id order, so that sorting by node number sorts by id.
  const entities = allEntities(db).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byPath = new Map<string, number>();
  const byPaper = new Map<string, number>();
  entities.forEach((e, n) => {
    if (e.path) byPath.set(e.path, n);
    if (e.paperId) byPaper.set(e.paperId, n);
  });

  const rows = prepared(db, ENDS).all() as EndRow[];
  const replications = [...replicationIndex(db).byNote.values()];
  const capacity = rows.length + replications.length;
  const refSource = new Int32Array(capacity);
  const refTarget = new Int32Array(capacity);
  const refKind = new Uint8Array(capacity);
  const refTable = new Uint8Array(capacity);
  const refRow = new Int32Array(capacity);
  const refLine = new Int32Array(capacity);
  const degree = new Int32Array(entities.length + 1);
  let count = 0;
  const add = (table: number, row: number, line: number, source: number | undefined, target: number | undefined, kind: string) => {
    if (source === undefined || target === undefined || source === target) return;
    refSource[count] = source;
    refTarget[count] = target;
    refKind[count] = EDGE_KINDS.indexOf(edgeKindOf(kind, entities[target] as Entity));
    refTable[count] = table;
    refRow[count] = row;
    refLine[count] = line;
    degree[source] = (degree[source] as number) + 1;
    degree[target] = (degree[target] as number) + 1;
    count++;
  };
  for (const r of rows)
    add(r.t, r.row, r.line, byPath.get(r.source), r.targetPath !== null ? byPath.get(r.targetPath) : byPaper.get(r.paperId as string), r.kind);
  // The `replicates` field is in the front matter, whose lines are not stored.
  for (const r of replications) add(3, 0, 1, byPath.get(r.path), byPaper.get(r.paperId), 'replicates');

  // References are numbered in the order a graph lists them: by source, target, kind, then line.
  // A query then sorts the numbers of the references it keeps (a native integer sort) and reads
  // each edge, with its evidence in order, as one run of consecutive numbers.
  const order = Array.from({ length: count }, (_, r) => r).sort(
    (a, b) =>
      (refSource[a] as number) - (refSource[b] as number) ||
      (refTarget[a] as number) - (refTarget[b] as number) ||
      (refKind[a] as number) - (refKind[b] as number) ||
      (refLine[a] as number) - (refLine[b] as number) ||
      (refTable[a] as number) - (refTable[b] as number) ||
      (refRow[a] as number) - (refRow[b] as number),
  );
  const permute = <T extends Int32Array | Uint8Array>(values: T): T => {
    const out = values.slice(0, count) as T;
    for (let r = 0; r < count; r++) out[r] = values[order[r] as number] as number;
    return out;
  };

  const adjacencyStart = new Int32Array(entities.length + 1);
  for (let n = 0; n < entities.length; n++) adjacencyStart[n + 1] = (adjacencyStart[n] as number) + (degree[n] as number);
  const fill = adjacencyStart.slice(0, entities.length);
  const adjacency = new Int32Array(count * 2);
  const sortedSource = permute(refSource);
  const sortedTarget = permute(refTarget);
  for (let r = 0; r < count; r++) {
    const s = sortedSource[r] as number;
    const t = sortedTarget[r] as number;
    adjacency[(fill[s] as number)++] = r;
    adjacency[(fill[t] as number)++] = r;
  }
  return {
    entities,
    byPath,
    byPaper,
    refSource: sortedSource,
    refTarget: sortedTarget,
    refKind: permute(refKind),
    refTable: permute(refTable),
    refRow: permute(refRow),
    adjacencyStart,
    adjacency,
    lines: permute(refLine),
    contexts: new Array<string | undefined>(count),
  };
}

const TEXT_BY_ROW = [
  `SELECT l.id, l.context FROM ${LIST} links l ON l.id = j.value`,
  `SELECT c.id, c.context FROM ${LIST} citations c ON c.id = j.value`,
  `SELECT i.id, i.context FROM ${LIST} identifier_refs i ON i.id = j.value`,
] as const;

/**
 * Makes sure the sentence of each of `refs` is in the snapshot. Texts are read by row id
 * on first use and kept with the snapshot, so the evidence of busy nodes is read once, not per query.
 */
export function loadTexts(db: Database, s: Snapshot, refs: Iterable<number>): void {
  const missing: Map<number, number>[] = [new Map(), new Map(), new Map()];
  let replications: ReturnType<typeof replicationIndex> | undefined;
  for (const r of refs) {
    if (s.contexts[r] !== undefined) continue;
    const table = s.refTable[r] as number;
    if (table === 3) {
      replications ??= replicationIndex(db);
      const replication = replications.byNote.get(s.entities[s.refSource[r] as number]?.path as string);
      s.contexts[r] = replication ? `replicates: ${replication.replicates}` : '';
    } else {
      (missing[table] as Map<number, number>).set(s.refRow[r] as number, r);
    }
  }
  missing.forEach((rows, table) => {
    if (rows.size === 0) return;
    const statement = prepared(db, TEXT_BY_ROW[table] as string).raw(true);
    for (const [row, context] of statement.all(JSON.stringify([...rows.keys()])) as [number, string][]) {
      s.contexts[rows.get(row) as number] = context;
    }
  });
}
