import type { NoteSummary } from '../../db/queries.ts';
import { noteList, paperHref, searchHref } from './components.ts';
import { type Html, html } from './html.ts';

export interface HomeData {
  counts: { notes: number; papers: number; replications: number };
  recent: NoteSummary[];
  verdicts: Record<string, number>;
  readingQueue: { id: string; title: string | null; citedBy: number }[];
}

export function homePage(d: HomeData): Html {
  const verdictOrder = ['reproduced', 'partial', 'not-reproduced', 'inconclusive'];
  return html`
<section class="hero">
  <h1>Paper notes and replications</h1>
  <p class="counts"><strong>${d.counts.notes}</strong> notes · <strong>${d.counts.papers}</strong> papers · <strong>${d.counts.replications}</strong> replication logs</p>
</section>
<div class="home-grid">
  <section aria-labelledby="recent-h">
    <h2 id="recent-h">Recently updated</h2>
    ${noteList(d.recent)}
  </section>
  <section aria-labelledby="dash-h">
    <h2 id="dash-h">Replications</h2>
    <ul class="verdict-summary">${verdictOrder.map(
      (v) =>
        html`<li><a href="${searchHref(`verdict:${v} type:replication`)}"><span class="badge verdict verdict-${v}">${v.replace('-', ' ')}</span> <strong>${d.verdicts[v] ?? 0}</strong></a></li>`,
    )}</ul>
    <p><a href="/replications">All replication logs →</a></p>
    <h2 id="queue-h">Reading queue</h2>
    ${
      d.readingQueue.length
        ? html`<ol class="reading-queue">${d.readingQueue.map(
            (p) => html`<li><a href="${paperHref(p.id)}">${p.title ?? p.id}</a> <span class="muted">cited by ${p.citedBy}</span></li>`,
          )}</ol>`
        : html`<p class="empty">Every cited paper has a note.</p>`
    }
  </section>
</div>`;
}
