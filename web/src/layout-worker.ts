/**
 * Force-directed layout off the main thread: the page stays responsive while
 * ForceAtlas2 places thousands of nodes.
 */
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';

export interface LayoutRequest {
  nodes: { id: string; x: number; y: number; size: number }[];
  edges: [string, string][];
  iterations: number;
}

export interface LayoutResponse {
  positions: Record<string, { x: number; y: number }>;
  ms: number;
}

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const started = performance.now();
  const graph = new Graph({ multi: true, type: 'directed' });
  for (const n of event.data.nodes) graph.addNode(n.id, { x: n.x, y: n.y, size: n.size });
  for (const [source, target] of event.data.edges) if (graph.hasNode(source) && graph.hasNode(target)) graph.addEdge(source, target);
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 500, adjustSizes: false };
  const positions = forceAtlas2(graph, { iterations: event.data.iterations, settings });
  (self as unknown as Worker).postMessage({ positions, ms: performance.now() - started } satisfies LayoutResponse);
};
