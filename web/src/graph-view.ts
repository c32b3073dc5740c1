/**
 * The graph component (WebGL through sigma.js), shared by the /graph page and
 * the local graph on note pages: nodes coloured by type and verdict, sized by
 * degree, laid out by ForceAtlas2 in a worker; clicking a node opens it.
 */
import Graph from 'graphology';
import Sigma from 'sigma';
import type { LayoutRequest, LayoutResponse } from './layout-worker.ts';

export interface ApiNode {
  id: string;
  label: string;
  type: 'paper' | 'replication' | 'note';
  year: number | null;
  tags: string[];
  degree: number;
  verdict: string | null;
  hasNote: boolean;
  slug: string | null;
  paperId: string | null;
}

export interface ApiGraph {
  center: string | null;
  nodes: ApiNode[];
  edges: { source: string; target: string; kind: string }[];
}

export const COLOURS: Record<string, string> = {
  note: '#7a8699',
  paper: '#2a6fd6',
  'paper-no-note': '#9bbcf0',
  replication: '#c98a00',
  reproduced: '#1f9d55',
  partial: '#d69e2e',
  'not-reproduced': '#d64545',
  inconclusive: '#8a94a6',
};
const EDGE_COLOURS: Record<string, string> = { links: '#b8bfcc', cites: '#8fb0e6', replicates: '#e0b04c', embeds: '#c7a6e8' };

function colourOf(n: ApiNode): string {
  if (n.verdict) return COLOURS[n.verdict] ?? (COLOURS.note as string);
  if (n.type === 'paper' && !n.hasNote) return COLOURS['paper-no-note'] as string;
  return COLOURS[n.type] ?? (COLOURS.note as string);
}

export function nodeHref(n: Pick<ApiNode, 'slug' | 'paperId'>): string | null {
  if (n.slug) return `/notes/${n.slug.split('/').map(encodeURIComponent).join('/')}`;
  if (n.paperId) return `/papers/${encodeURIComponent(n.paperId)}`;
  return null;
}

/** A small deterministic hash, so a graph lays out the same way on every visit. */
function seeded(id: string, salt: number): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10000) / 10000 - 0.5;
}

export interface GraphView {
  renderer: Sigma;
  graph: Graph;
  focus(query: string): boolean;
  destroy(): void;
  /** Resolves when the layout is done and drawn, with the layout time in ms. */
  ready: Promise<number>;
}

/** Below this width (a phone), long titles would cover each other. */
const NARROW_PX = 600;
const SHORT_LABEL_CHARS = 20;

export function showGraph(container: HTMLElement, data: ApiGraph, options: { iterations?: number } = {}): GraphView {
  const graph = new Graph({ multi: true, type: 'directed' });
  // On a narrow screen labels are shortened and fewer are drawn; a hovered node shows its whole title.
  const narrow = container.clientWidth < NARROW_PX;
  const shorten = (label: string) => (narrow && label.length > SHORT_LABEL_CHARS ? `${label.slice(0, SHORT_LABEL_CHARS - 1).trimEnd()}…` : label);
  const maxDegree = Math.max(1, ...data.nodes.map((n) => n.degree));
  for (const n of data.nodes) {
    graph.addNode(n.id, {
      label: shorten(n.label),
      fullLabel: n.label,
      x: seeded(n.id, 1) * 100,
      y: seeded(n.id, 2) * 100,
      size: 3 + 12 * Math.sqrt(n.degree / maxDegree) + (n.id === data.center ? 4 : 0),
      color: colourOf(n),
      href: nodeHref(n),
    });
  }
  for (const e of data.edges) {
    if (graph.hasNode(e.source) && graph.hasNode(e.target)) graph.addEdge(e.source, e.target, { color: EDGE_COLOURS[e.kind] ?? '#bbb', size: 1, kind: e.kind });
  }
  // Labels follow the page's theme: black on a dark canvas cannot be read.
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  let hovered: string | null = null;
  const renderer = new Sigma(graph, container, {
    renderEdgeLabels: false,
    labelRenderedSizeThreshold: narrow ? 10 : 8,
    labelDensity: narrow ? 0.25 : 1,
    labelGridCellSize: narrow ? 200 : 100,
    nodeReducer: (node, attributes) => (node === hovered ? { ...attributes, label: attributes.fullLabel as string } : attributes),
    defaultEdgeType: 'arrow',
    allowInvalidContainer: true,
    labelColor: { color: dark ? '#e6e4df' : '#1d1f23' },
  });
  renderer.on('clickNode', ({ node }) => {
    const href = graph.getNodeAttribute(node, 'href') as string | null;
    if (href) window.location.assign(href);
  });
  renderer.on('enterNode', ({ node }) => {
    hovered = node;
    container.classList.add('pointer');
  });
  renderer.on('leaveNode', () => {
    hovered = null;
    container.classList.remove('pointer');
  });

  let worker: Worker | null = null;
  const ready = new Promise<number>((resolve) => {
    if (graph.order < 2) {
      resolve(0);
      return;
    }
    worker = new Worker('/assets/layout-worker.js', { type: 'module' });
    worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
      for (const [id, p] of Object.entries(event.data.positions)) if (graph.hasNode(id)) graph.mergeNodeAttributes(id, p);
      renderer.refresh();
      worker?.terminate();
      worker = null;
      resolve(event.data.ms);
    };
    const request: LayoutRequest = {
      nodes: graph.mapNodes((id, a) => ({ id, x: a.x as number, y: a.y as number, size: a.size as number })),
      edges: graph.mapEdges((_e, _a, s, t) => [s, t] as [string, string]),
      iterations: options.iterations ?? (graph.order > 2000 ? 120 : 300),
    };
    worker.postMessage(request);
  });

  return {
    renderer,
    graph,
    ready,
    focus(query: string): boolean {
      const q = query.trim().toLowerCase();
      if (!q) return false;
      const match = graph.findNode((_id, a) => String(a.fullLabel).toLowerCase().includes(q));
      if (!match) return false;
      graph.forEachNode((id) => graph.setNodeAttribute(id, 'highlighted', id === match));
      const position = renderer.getNodeDisplayData(match);
      if (position) renderer.getCamera().animate({ x: position.x, y: position.y, ratio: 0.35 }, { duration: 500 });
      return true;
    },
    destroy() {
      worker?.terminate();
      renderer.kill();
    },
  };
}
