import type { SearchResult } from '../../search/index.ts';
import { noteHref, paperHref, searchHref, tagList, typeBadge, verdictBadge } from './components.ts';
import { type Html, html, raw } from './html.ts';

export interface SearchPageData {
  query: string;
  result: SearchResult | null;
  error: string | null;
  next: string | null;
  limit: number;
}

/** A facet link narrows the current query by one more filter. */
function facetLink(query: string, filter: string, label: string, count: number): Html {
  const active = query.split(/\s+/).includes(filter);
  const q = active
    ? query
        .split(/\s+/)
        .filter((w) => w !== filter)
        .join(' ')
    : `${query} ${filter}`.trim();
  return html`<li><a href="${searchHref(q)}"${active ? html` aria-current="true" class="active"` : ''}>${label} <span class="count">${count}</span></a></li>`;
}

function facets(query: string, result: SearchResult): Html {
  const f = result.facets;
  const group = (title: string, items: Html[]) => (items.length ? html`<section class="facet"><h3>${title}</h3><ul>${items}</ul></section>` : '');
  return html`<aside class="facets" aria-label="Filter results">
    ${group(
      'Type',
      Object.entries(f.type).map(([t, n]) => facetLink(query, `type:${t}`, t, n)),
    )}
    ${group(
      'Verdict',
      Object.entries(f.verdict).map(([v, n]) => facetLink(query, `verdict:${v}`, v, n)),
    )}
    ${group(
      'Year',
      Object.entries(f.year)
        .sort((a, b) => Number(b[0]) - Number(a[0]))
        .map(([y, n]) => facetLink(query, `year:${y}`, y, n)),
    )}
    ${group(
      'Tags',
      f.tags.map((t) => facetLink(query, `tag:${t.tag}`, `#${t.tag}`, t.count)),
    )}
  </aside>`;
}

export function searchPage(d: SearchPageData): Html {
  if (d.error) return html`<h1>Search</h1><p class="error" role="alert">${d.error}</p>`;
  if (!d.result)
    return html`<h1>Search</h1><p>Type a few words, a title, an author, or filters such as <code>type:paper year:2024</code>. <a href="/api/docs">Query syntax</a></p>`;
  const r = d.result;
  return html`
<h1 class="visually-hidden">Search results</h1>
<div class="search-layout">
  <section class="results" aria-live="polite">
    <p class="result-count">${r.total} result${r.total === 1 ? '' : 's'} for <q>${d.query}</q>${
      r.corrections.length
        ? html` · showing results for ${r.corrections.map((c, i) => html`${i ? ', ' : ''}<em>${c.to}</em>`)} instead of ${r.corrections.map((c, i) => html`${i ? ', ' : ''}<s>${c.from}</s>`)}`
        : ''
    }</p>
    <ol class="hits" id="hits">${r.hits.map((h) => {
      const href = h.slug ? `${noteHref(h.slug)}${h.heading ? `#${h.heading.id}` : ''}` : paperHref(h.paperId ?? '');
      return html`<li class="hit">
        <a class="hit-title" href="${href}"${h.slug ? html` data-slug="${h.slug}"` : ''}>${h.title}</a>
        ${typeBadge(h.type)} ${h.external ? html`<span class="badge external" title="Known from a bibliography or a link; no note yet">no note</span>` : ''} ${verdictBadge(h.verdict)}
        ${h.year ? html`<span class="muted">${h.year}</span>` : ''}
        ${h.heading ? html`<span class="hit-heading">§ ${h.heading.text}</span>` : ''}
        ${h.snippet ? html`<p class="snippet">${raw(h.snippet)}</p>` : ''}
        ${tagList(h.tags)}
      </li>`;
    })}</ol>
    ${d.next ? html`<nav class="pager"><a rel="next" href="/search?q=${encodeURIComponent(d.query)}&amp;limit=${d.limit}&amp;next=${d.next}">More results →</a></nav>` : ''}
  </section>
  ${facets(d.query, r)}
</div>`;
}
