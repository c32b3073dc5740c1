/**
 * The /graph page: the whole citation graph with filters (edge kind, node
 * type, tag, year range) applied by the server, and search-to-focus.
 */
import { type ApiGraph, type GraphView, showGraph } from './graph-view.ts';

const container = document.getElementById('graph-canvas');
const form = document.getElementById('graph-filters') as HTMLFormElement | null;
const focusInput = document.getElementById('graph-focus') as HTMLInputElement | null;
const status = document.getElementById('graph-status');
let view: GraphView | null = null;

async function load(): Promise<void> {
  if (!container) return;
  const params = new URLSearchParams(form ? [...new FormData(form).entries()].map(([k, v]) => [k, String(v)]) : []);
  for (const key of [...params.keys()]) if (params.get(key) === '') params.delete(key);
  // Several checked kinds/types travel as one comma-separated value.
  for (const key of ['kind', 'type']) {
    const values = params.getAll(key);
    params.delete(key);
    if (values.length) params.set(key, values.join(','));
  }
  const center = container.dataset.center;
  if (center) params.set('center', center);
  if (container.dataset.depth) params.set('depth', container.dataset.depth);
  const started = performance.now();
  const res = await fetch(`/api/graph?${params}`, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    if (status) status.textContent = 'The graph could not be loaded.';
    return;
  }
  const data = (await res.json()) as ApiGraph;
  view?.destroy();
  view = showGraph(container, data);
  const layoutMs = await view.ready;
  const total = Math.round(performance.now() - started);
  container.dataset.renderMs = String(total);
  container.dataset.nodes = String(data.nodes.length);
  if (status) status.textContent = `${data.nodes.length} nodes, ${data.edges.length} edges · laid out in ${Math.round(layoutMs)} ms`;
}

form?.addEventListener('change', () => void load());
form?.addEventListener('submit', (event) => {
  event.preventDefault();
  void load();
});
focusInput?.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    const found = view?.focus(focusInput.value) ?? false;
    if (status && !found) status.textContent = `No node matches “${focusInput.value}”.`;
  }
});
void load();
