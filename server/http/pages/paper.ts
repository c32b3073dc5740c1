/** The page of a paper without a note: what the bibliography and the notes say about it. */
import type { PaperDetail } from '../../graph/index.ts';
import { noteHref, verdictBadge } from './components.ts';
import { type Html, html } from './html.ts';
import { claimsTable } from './listings.ts';

export function paperPage(d: PaperDetail, bibtex: string | null): Html {
  const p = d.paper;
  return html`<article>
  <h1>${p.title ?? p.id}</h1>
  <p class="muted"><span class="badge type-paper">paper</span> <span class="badge external">no note yet</span></p>
  <section class="meta-card" aria-label="Paper">
    <dl>
      ${p.authors.length ? html`<dt>Authors</dt><dd>${p.authors.join('; ')}</dd>` : ''}
      ${p.year ? html`<dt>Year</dt><dd>${p.year}</dd>` : ''}
      ${p.venue ? html`<dt>Venue</dt><dd>${p.venue}</dd>` : ''}
      ${p.arxiv ? html`<dt>arXiv</dt><dd><a href="https://arxiv.org/abs/${p.arxiv}" rel="noopener noreferrer">${p.arxiv}</a></dd>` : ''}
      ${p.doi ? html`<dt>DOI</dt><dd><a href="https://doi.org/${p.doi}" rel="noopener noreferrer">${p.doi}</a></dd>` : ''}
      ${p.citekey ? html`<dt>Citekey</dt><dd><code>${p.citekey}</code></dd>` : ''}
    </dl>
    ${bibtex ? html`<details><summary>BibTeX</summary><pre id="bibtex">${bibtex}</pre></details><button type="button" data-copy-target="bibtex">Copy BibTeX</button>` : ''}
  </section>
  <section aria-labelledby="cited-h">
    <h2 id="cited-h">Cited by <span class="count">${d.citedBy.length}</span></h2>
    ${
      d.citedBy.length
        ? html`<ul class="backlinks">${d.citedBy.map(
            (b) =>
              html`<li><a href="${noteHref(b.slug)}" data-slug="${b.slug}">${b.title}</a>${b.refs.map(
                (r) => html`<span class="backlink-context">${r.context} <span class="muted">(line ${r.line})</span></span>`,
              )}</li>`,
          )}</ul>`
        : html`<p class="empty">No note cites it.</p>`
    }
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
