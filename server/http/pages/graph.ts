import { type Html, html } from './html.ts';
import { COLOUR_LEGEND } from './legend.ts';

/** The /graph page: the canvas and its controls; the data comes from /api/graph. */
export function graphPage(): Html {
  return html`<h1>Citation graph</h1>
  <form id="graph-filters" class="graph-controls" aria-label="Graph filters">
    <fieldset><legend>Edges</legend>
      ${['links', 'cites', 'replicates', 'embeds'].map((k) => html`<label><input type="checkbox" name="kind" value="${k}" checked> ${k}</label> `)}
    </fieldset>
    <fieldset><legend>Nodes</legend>
      ${['paper', 'replication', 'note'].map((t) => html`<label><input type="checkbox" name="type" value="${t}" checked> ${t}</label> `)}
    </fieldset>
    <label>Tag <input name="tag" type="search" size="12" placeholder="e.g. backdoors"></label>
    <label>Years <input name="year" type="search" size="10" placeholder="2020-2024"></label>
    <button type="submit">Apply</button>
  </form>
  <div class="graph-controls">
    <label for="graph-focus">Find a node</label>
    <input id="graph-focus" type="search" placeholder="title words, then Enter">
    <span id="graph-status" class="muted" role="status"></span>
  </div>
  <div id="graph-canvas" class="graph-canvas" role="img" aria-label="Citation graph of notes and papers; click a node to open it"></div>
  ${COLOUR_LEGEND}
  <noscript><p>The graph needs JavaScript. The same connections are listed on each note's page and on <a href="/papers">Papers</a>.</p></noscript>
  <script type="module" src="/assets/graph.js"></script>`;
}
