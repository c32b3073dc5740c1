/** Small pieces shared by pages: links, badges, lists. */
import type { PaperRow } from '../../db/queries.ts';
import type { Backlink } from '../../graph/index.ts';
import { type Html, html } from './html.ts';

export const noteHref = (slug: string) => `/notes/${slug.split('/').map(encodeURIComponent).join('/')}`;
export const paperHref = (id: string) => `/papers/${encodeURIComponent(id)}`;
export const tagHref = (tag: string) => `/tags/${tag.split('/').map(encodeURIComponent).join('/')}`;
export const searchHref = (q: string) => `/search?q=${encodeURIComponent(q)}`;

export function typeBadge(type: string): Html {
  return html`<span class="badge type-${type}">${type}</span>`;
}

export function verdictBadge(verdict: string | null | undefined): Html | '' {
  return verdict ? html`<span class="badge verdict verdict-${verdict}">${verdict.replace('-', ' ')}</span>` : '';
}

export function tagList(tags: readonly string[]): Html | '' {
  if (tags.length === 0) return '';
  return html`<ul class="tags">${tags.map((t) => html`<li><a href="${tagHref(t)}">#${t}</a></li>`)}</ul>`;
}

export function noteList(notes: readonly { slug: string; title: string; type: string; tags?: readonly string[]; updated?: string | null }[]): Html {
  if (notes.length === 0) return html`<p class="empty">Nothing here yet.</p>`;
  return html`<ul class="note-list">${notes.map(
    (n) =>
      html`<li><a href="${noteHref(n.slug)}" data-slug="${n.slug}">${n.title}</a> ${typeBadge(n.type)}${n.updated ? html` <time datetime="${n.updated}">${n.updated.slice(0, 10)}</time>` : ''}</li>`,
  )}</ul>`;
}

/** Notes that point somewhere, each with the sentences where they do. */
export function backlinkList(backlinks: readonly Backlink[], empty: string): Html {
  if (backlinks.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="backlinks">${backlinks.map(
    (b) =>
      html`<li><a href="${noteHref(b.slug)}" data-slug="${b.slug}">${b.title}</a>${b.refs.map(
        (r) => html`<span class="backlink-context">${r.context} <span class="muted">(line ${r.line})</span></span>`,
      )}</li>`,
  )}</ul>`;
}

/** A paper's bibliographic facts as definition-list entries, and its BibTeX with a copy button. */
export function paperFacts(p: Pick<PaperRow, 'authors' | 'year' | 'venue' | 'arxiv' | 'doi' | 'citekey'>): Html {
  return html`${p.authors.length ? html`<dt>Authors</dt><dd>${p.authors.join('; ')}</dd>` : ''}
      ${p.year ? html`<dt>Year</dt><dd>${p.year}</dd>` : ''}
      ${p.venue ? html`<dt>Venue</dt><dd>${p.venue}</dd>` : ''}
      ${p.arxiv ? html`<dt>arXiv</dt><dd><a href="https://arxiv.org/abs/${p.arxiv}" rel="noopener noreferrer">${p.arxiv}</a></dd>` : ''}
      ${p.doi ? html`<dt>DOI</dt><dd><a href="https://doi.org/${p.doi}" rel="noopener noreferrer">${p.doi}</a></dd>` : ''}
      ${p.citekey ? html`<dt>Citekey</dt><dd><code>${p.citekey}</code></dd>` : ''}`;
}

export function bibtexBlock(bibtex: string | null): Html | '' {
  return bibtex
    ? html`<details><summary>BibTeX</summary><pre id="bibtex">${bibtex}</pre></details><button type="button" data-copy-target="bibtex">Copy BibTeX</button>`
    : '';
}
