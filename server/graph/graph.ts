/**
 * The citation graph. Nodes are notes and papers (a paper note and its paper
 * are one node; papers without a note come from `.bib` files, citations and
 * identifier links). Edges are typed — `links` (note → note), `cites` (note →
 * paper), `replicates` (replication log → paper), `embeds` — and keep every
 * reference they stand for as evidence (path, line, sentence).
 *
 * Local graphs are a breadth-first search over the in-memory snapshot
 * (snapshot.ts); the evidence of the returned edges is then read by row id.
 */
import type { Database } from '../db/connection.ts';
import { listedNote } from '../db/visibility.ts';
import { type Audience, type Entity, entitiesByPaper, entitiesByPath, type NoteType } from './lookup.ts';
import { findPaper, latestVerdicts } from './papers.ts';
import { EDGE_KINDS, type EdgeKind, graphSnapshot, loadTexts, type Snapshot } from './snapshot.ts';
import { CITING_PAIRS, prepared } from './sql.ts';

export { EDGE_KINDS, type EdgeKind } from './snapshot.ts';
export const NODE_TYPES = ['paper', 'replication', 'note'] as const satisfies readonly NoteType[];
export const MAX_DEPTH = 3;

export interface YearRange {
  from: number | null;
  to: number | null;
}

export interface GraphFilter extends Audience {
  /** Only edges of these kinds (default: all). */
  kinds?: readonly EdgeKind[];
  /** Only nodes of these types (default: all). The center of a local graph is always kept. */
  types?: readonly NoteType[];
  /** Only nodes whose note has this tag, and papers cited by notes that have it. */
  tag?: string;
  /** Only papers published in this range; nodes that are not papers (notes, replication logs) have no year and are kept. */
  years?: YearRange;
}

export interface Evidence {
  path: string;
  line: number;
  context: string;
}

export interface GraphEdge {
  source: string;
  target: string;
  kind: EdgeKind;
  evidence: Evidence[];
}

export interface GraphNode {
  id: string;
  label: string;
  type: NoteType;
  year: number | null;
  tags: string[];
  /** Edges of this node in the returned graph. */
  degree: number;
  /** For a replicated paper, the verdict of its latest replication that has one. */
  verdict: string | null;
  hasNote: boolean;
  slug: string | null;
  paperId: string | null;
  /** Hops from the center, in a local graph. */
  distance?: number;
}

export interface Graph {
  center: string | null;
  depth: number | null;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** `2020-2024`, `2020`, `2020-`, `-2024` (or `..` for `-`) → a range; null when the text is none of these. */
export function parseYearRange(text: string): YearRange | null {
  const match = /^\s*(\d{1,4})?\s*(?:(-|–|\.\.)\s*(\d{1,4})?)?\s*$/.exec(text);
  if (!match || (match[1] === undefined && match[3] === undefined)) return null;
  const from = match[1] === undefined ? null : Number(match[1]);
  const to = match[2] === undefined ? from : match[3] === undefined ? null : Number(match[3]);
  return from !== null && to !== null && from > to ? null : { from, to };
}

/**
 * The node named by `key`: a node id (`note:<slug>`, `paper:<id>`), a note's slug (a paper
 * note gives its paper's node), or a paper's id, citekey, `arxiv:ID` or `doi:…`. For visitors,
 * hidden notes and their papers are not found.
 */
export function findNode(db: Database, key: string, audience: Audience = {}): Entity | null {
  const text = key.trim();
  const bySlug = (slug: string) => {
    const path = prepared(db, 'SELECT path FROM notes WHERE slug = ?').pluck().get(slug) as string | undefined;
    const entity = path ? (entitiesByPath(db, [path]).get(path) ?? null) : null;
    return entity && !(audience.publicOnly && entity.hidden) ? entity : null;
  };
  const byPaper = (name: string) => {
    const paper = findPaper(db, name, audience);
    return paper ? (entitiesByPaper(db, [paper.id]).get(paper.id) ?? null) : null;
  };
  if (text.startsWith('note:')) return bySlug(text.slice(5));
  if (text.startsWith('paper:')) return byPaper(text.slice(6));
  return bySlug(text) ?? byPaper(text);
}

/** Papers cited (by any form) by a note with `tag`, over the whole index; for visitors, by notes they may see listed. */
export function papersCitedByTag(db: Database, tag: string, audience: Audience = {}): Set<string> {
  const sql = `SELECT DISTINCT c.paper_id FROM (${CITING_PAIRS}) c JOIN tags t ON t.note_path = c.source_path
    ${audience.publicOnly ? `JOIN notes n ON n.path = c.source_path WHERE ${listedNote('n')} AND` : 'WHERE'} t.tag = ?`;
  return new Set(prepared(db, sql).pluck().all(tag) as string[]);
}

/** Which nodes pass the visibility, type, year and tag filters; each node is decided once per query. */
function admission(s: Snapshot, filter: GraphFilter): (n: number) => boolean {
  const types = filter.types ? new Set<string>(filter.types) : null;
  const { years, tag, publicOnly } = filter;
  const decided = new Map<number, boolean>();
  const tagged = (e: Entity) => e.tags.includes(tag as string) && (!publicOnly || e.listed);
  /** Whether a reference from a node that passes `from` points at n. */
  const citedBy = (n: number, from: (source: Entity) => boolean) => {
    for (let i = s.adjacencyStart[n] as number; i < (s.adjacencyStart[n + 1] as number); i++) {
      const r = s.adjacency[i] as number;
      if (s.refTarget[r] === n && from(s.entities[s.refSource[r] as number] as Entity)) return true;
    }
    return false;
  };
  const decide = (n: number) => {
    const e = s.entities[n] as Entity;
    // For visitors, the rule of server/db/visibility.ts: a paper without a note exists when a bibliography
    // lists it or a visible note points at it; every other node must be listed.
    if (publicOnly && (e.path ? !e.listed : e.source !== 'bib' && !citedBy(n, (source) => !source.hidden))) return false;
    if (types && !types.has(e.type)) return false;
    if (years && (e.year === null ? e.type === 'paper' : (years.from !== null && e.year < years.from) || (years.to !== null && e.year > years.to)))
      return false;
    // A paper without the tag still belongs to the tag's graph when a note with the tag points at it.
    return !tag || tagged(e) || (e.type === 'paper' && citedBy(n, tagged));
  };
  return (n) => {
    let ok = decided.get(n);
    if (ok === undefined) {
      ok = decide(n);
      decided.set(n, ok);
    }
    return ok;
  };
}

/** Builds the response: nodes with degree and verdict, edges merged by (source, target, kind) with their evidence. */
function assemble(
  db: Database,
  s: Snapshot,
  nodes: Map<number, number | undefined>,
  refs: readonly number[],
  meta: { center: string | null; depth: number | null },
  audience: Audience,
): Graph {
  loadTexts(db, s, refs);
  // Reference numbers follow source, target, kind and line (see snapshot.ts), and node numbers
  // follow node ids: sorted, the references give the edges in order, each edge's as one run.
  // The neighbourhood of a hub holds ~16k edges at 10k notes, so this loop allocates only what
  // the answer holds.
  const { refSource, refTarget, refKind, lines, contexts, entities } = s;
  const sorted = Int32Array.from(refs).sort();
  const edgeList: GraphEdge[] = [];
  const degree = new Int32Array(entities.length);
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i] as number;
    const source = refSource[first] as number;
    const target = refTarget[first] as number;
    const kind = refKind[first] as number;
    // An edge's evidence all comes from its source note, so ordering by line orders it by path and line.
    const path = (entities[source] as Entity).path as string;
    const evidence: Evidence[] = [];
    for (; i < sorted.length; i++) {
      const r = sorted[i] as number;
      if (refSource[r] !== source || refTarget[r] !== target || refKind[r] !== kind) break;
      evidence.push({ path, line: lines[r] as number, context: contexts[r] ?? '' });
    }
    edgeList.push({ source: (entities[source] as Entity).id, target: (entities[target] as Entity).id, kind: EDGE_KINDS[kind] as EdgeKind, evidence });
    degree[source] = (degree[source] as number) + 1;
    degree[target] = (degree[target] as number) + 1;
  }

  const verdicts = latestVerdicts(
    db,
    [...nodes.keys()].flatMap((n) => (entities[n]?.paperId ? [entities[n].paperId] : [])),
    audience,
  );
  // By distance from the center, then by id (node numbers follow ids): one integer key each.
  const size = entities.length;
  const order = new Float64Array(nodes.size);
  let k = 0;
  for (const [n, distance] of nodes) order[k++] = (distance ?? 0) * size + n;
  order.sort();
  const nodeList: GraphNode[] = new Array(order.length);
  for (let j = 0; j < order.length; j++) {
    const n = (order[j] as number) % size;
    const distance = nodes.get(n);
    const e = entities[n] as Entity;
    const node: GraphNode = {
      id: e.id,
      label: e.label,
      type: e.type,
      year: e.year,
      tags: e.tags,
      degree: degree[n] as number,
      verdict: e.paperId ? (verdicts.get(e.paperId) ?? null) : null,
      hasNote: e.hasNote,
      slug: e.slug,
      paperId: e.paperId,
    };
    if (distance !== undefined) node.distance = distance;
    nodeList[j] = node;
  }
  return { ...meta, nodes: nodeList, edges: edgeList };
}

/**
 * The nodes within `depth` hops of `center` (following edges both ways, through nodes that pass
 * the filters, along edges of the chosen kinds) and every such edge among them.
 */
export function localGraph(db: Database, center: Entity, depth: number, filter: GraphFilter = {}): Graph {
  const s = graphSnapshot(db);
  const hops = Math.max(1, Math.min(MAX_DEPTH, Math.floor(depth)));
  const start = (center.paperId !== null ? s.byPaper.get(center.paperId) : undefined) ?? (center.path !== null ? s.byPath.get(center.path) : undefined);
  if (start === undefined) return { center: center.id, depth: hops, nodes: [], edges: [] };
  const kinds = filter.kinds ? new Set(filter.kinds.map((k) => EDGE_KINDS.indexOf(k))) : null;
  const admit = admission(s, filter);

  const distance = new Map<number, number | undefined>([[start, 0]]);
  let frontier = [start];
  for (let hop = 1; hop <= hops && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const n of frontier) {
      for (let i = s.adjacencyStart[n] as number; i < (s.adjacencyStart[n + 1] as number); i++) {
        const r = s.adjacency[i] as number;
        if (kinds && !kinds.has(s.refKind[r] as number)) continue;
        const other = s.refSource[r] === n ? (s.refTarget[r] as number) : (s.refSource[r] as number);
        if (distance.has(other) || !admit(other)) continue;
        distance.set(other, hop);
        next.push(other);
      }
    }
    frontier = next;
  }
  // Every reference between two nodes of the graph, each once (it is met from both ends).
  const refs: number[] = [];
  for (const n of distance.keys()) {
    for (let i = s.adjacencyStart[n] as number; i < (s.adjacencyStart[n + 1] as number); i++) {
      const r = s.adjacency[i] as number;
      if (s.refSource[r] !== n || (kinds && !kinds.has(s.refKind[r] as number))) continue;
      if (distance.has(s.refTarget[r] as number)) refs.push(r);
    }
  }
  return assemble(db, s, distance, refs, { center: center.id, depth: hops }, filter);
}

/** Every node that passes the filters (connected or not) and every edge among them. */
export function wholeGraph(db: Database, filter: GraphFilter = {}): Graph {
  const s = graphSnapshot(db);
  const admit = admission(s, filter);
  const kinds = filter.kinds ? new Set(filter.kinds.map((k) => EDGE_KINDS.indexOf(k))) : null;
  const nodes = new Map<number, undefined>();
  for (let n = 0; n < s.entities.length; n++) if (admit(n)) nodes.set(n, undefined);
  const refs: number[] = [];
  for (let r = 0; r < s.refSource.length; r++) {
    if (kinds && !kinds.has(s.refKind[r] as number)) continue;
    if (nodes.has(s.refSource[r] as number) && nodes.has(s.refTarget[r] as number)) refs.push(r);
  }
  return assemble(db, s, nodes, refs, { center: null, depth: null }, filter);
}
