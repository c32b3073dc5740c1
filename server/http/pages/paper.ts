/** The page of a paper without a note: what the bibliography and the notes say about it. */
import type { PaperDetail } from '../../graph/index.ts';
import { backlinkList, bibtexBlock, noteHref, paperFacts, verdictBadge } from './components.ts';
import { type Html, html } from './html.ts';
import { claimsTable } from './listings.ts';

export function paperPage(d: PaperDetail, bibtex: string | null): Html {
  const p = d.paper;
  return html`<article>
  <h1>${p.title ?? p.id}</h1>
  <p class="muted"><span class="badge type-paper">paper</span> <span class="badge external">no note yet</span></p>
  <section class="meta-card" aria-label="Paper">
    <dl>
      ${paperFacts(p)}
    </dl>
    ${bibtexBlock(bibtex)}
  </section>
  <section aria-labelledby="cited-h">
    <h2 id="cited-h">Cited by <span class="count">${d.citedBy.length}</span></h2>
    ${backlinkList(d.citedBy, 'No note cites it.')}
  </section>
  ${
    d.replications.length
      ? html`<section aria-labelledby="reps-h"><h2 id="reps-h">Replications</h2>${d.replications.map(
          (r) => html`<h3><a href="${noteHref(r.slug)}">${r.title}</a> ${verdictBadge(r.verdict)}</h3>${r.claims.length ? claimsTable(r.claims) : ''}`,
        )}</section>`
      : ''
  }
</article>`;
}
