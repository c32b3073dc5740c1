import { html } from './html.ts';

/** Colours live in app.css (.swatch-*), in step with COLOURS in web/src/graph-view.ts. */
const ENTRIES: [string, string][] = [
  ['note', 'note'],
  ['paper with a note', 'paper'],
  ['paper without a note', 'paper-no-note'],
  ['replication', 'replication'],
  ['reproduced', 'reproduced'],
  ['partial', 'partial'],
  ['not reproduced', 'not-reproduced'],
  ['inconclusive', 'inconclusive'],
];

export const COLOUR_LEGEND = html`<ul class="graph-legend" aria-label="Colours">${ENTRIES.map(
  ([label, key]) => html`<li><span class="swatch swatch-${key}"></span>${label}</li>`,
)}</ul>`;
