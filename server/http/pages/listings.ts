/** The listing pages: tags, one tag, papers, replications. */
import type { NoteSummary, PaperRow, ReplicationSummary } from '../../db/queries.ts';
import { noteHref, noteList, paperHref, tagHref, verdictBadge } from './components.ts';
import { type Html, html } from './html.ts';

export function tagsPage(tags: { tag: string; count: number }[]): Html {
  return html`<h1>Tags</h1>
  ${tags.length ? html`<ul class="tag-cloud">${tags.map((t) => html`<li><a href="${tagHref(t.tag)}">#${t.tag}</a> <span class="count">${t.count}</span></li>`)}</ul>` : html`<p class="empty">No tags yet.</p>`}`;
}

export function tagPage(tag: string, notes: NoteSummary[]): Html {
  return html`<h1>#${tag}</h1>
  <p class="muted">${notes.length} note${notes.length === 1 ? '' : 's'} · <a href="${tagHref(tag)}/feed.xml">feed</a></p>
  ${noteList(notes)}`;
}

export type PaperListRow = PaperRow & { noteSlug: string | null; citedBy: number; verdict: string | null };

export const PAPER_SORTS = ['title', 'year', 'cited', 'verdict'] as const;
export type PaperSort = (typeof PAPER_SORTS)[number];

export function papersPage(papers: PaperListRow[], sort: PaperSort, dir: 'asc' | 'desc', filter: string): Html {
  const header = (key: PaperSort, label: string) => {
    const nextDir = sort === key && dir === 'asc' ? 'desc' : 'asc';
    const aria = sort === key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none';
    return html`<th scope="col" aria-sort="${aria}"><a href="/papers?sort=${key}&amp;dir=${nextDir}${filter ? html`&amp;filter=${encodeURIComponent(filter)}` : ''}">${label}</a></th>`;
  };
  return html`<h1>Papers</h1>
  <form class="table-filter" method="get" action="/papers">
    <label for="paper-filter">Filter</label>
    <input id="paper-filter" name="filter" type="search" value="${filter}" placeholder="title, author, venue, year">
    <input type="hidden" name="sort" value="${sort}"><input type="hidden" name="dir" value="${dir}">
    <button type="submit">Filter</button>
  </form>
  <p class="muted">${papers.length} paper${papers.length === 1 ? '' : 's'} · <a href="/api/papers.bib">BibTeX</a> · <a href="/api/papers.csl.json">CSL-JSON</a></p>
  <div class="table-scroll"><table class="papers">
    <thead><tr>${header('title', 'Title')}<th scope="col">Authors</th>${header('year', 'Year')}${header('cited', 'Cited by')}${header('verdict', 'Replication')}<th scope="col">Note</th></tr></thead>
    <tbody>${papers.map(
      (p) => html`<tr>
        <td><a href="${p.noteSlug ? noteHref(p.noteSlug) : paperHref(p.id)}">${p.title ?? p.id}</a></td>
        <td class="authors">${shortAuthors(p.authors)}</td>
        <td>${p.year ?? ''}</td>
        <td>${p.citedBy}</td>
        <td>${verdictBadge(p.verdict)}</td>
        <td>${p.noteSlug ? html`<a href="${noteHref(p.noteSlug)}">note</a>` : html`<span class="muted">none</span>`}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

function shortAuthors(authors: string[]): string {
  const surnames = authors.map((a) => a.split(',')[0]?.trim() ?? a);
  return surnames.length > 3 ? `${surnames.slice(0, 3).join(', ')} et al.` : surnames.join(', ');
}

export function replicationsPage(logs: ReplicationSummary[]): Html {
  const order = ['reproduced', 'partial', 'not-reproduced', 'inconclusive', null];
  return html`<h1>Replications</h1>
  ${order.map((verdict) => {
    const group = logs.filter((l) => (l.verdict ?? null) === verdict);
    if (group.length === 0) return '';
    return html`<section class="verdict-group" aria-labelledby="v-${verdict ?? 'none'}">
      <h2 id="v-${verdict ?? 'none'}">${verdict ? verdictBadge(verdict) : 'No verdict yet'} <span class="count">${group.length}</span></h2>
      ${group.map(
        (log) => html`<article class="replication">
          <h3><a href="${noteHref(log.slug)}">${log.title}</a></h3>
          <p class="muted">${log.status ?? 'status unknown'}${log.paperId ? html` · replicates <a href="${log.paperSlug ? noteHref(log.paperSlug) : paperHref(log.paperId)}">${log.paperTitle ?? log.paperId}</a>` : ''}</p>
          ${log.claims.length ? claimsTable(log.claims) : ''}
        </article>`,
      )}
    </section>`;
  })}`;
}

export function claimsTable(claims: ReplicationSummary['claims']): Html {
  return html`<div class="table-scroll"><table class="claims">
    <thead><tr><th scope="col">Claim</th><th scope="col">Metric</th><th scope="col">Paper</th><th scope="col">Ours</th><th scope="col">Verdict</th></tr></thead>
    <tbody>${claims.map((c) => html`<tr><td>${c.text}</td><td>${c.metric ?? ''}</td><td>${c.paper ?? ''}</td><td>${c.ours ?? ''}</td><td>${verdictBadge(c.verdict)}</td></tr>`)}</tbody>
  </table></div>`;
}

/** Author mode: every problem in the vault, including files that have no page (binary files, bibliographies, symlink loops). */
export function problemsPage(problems: { path: string; line: number; code: string; message: string }[]): Html {
  return html`<h1>Problems</h1>
  <p class="muted">${problems.length} problem${problems.length === 1 ? '' : 's'}; the same list as <code>scholium check</code>.</p>
  ${
    problems.length
      ? html`<div class="table-scroll"><table class="problems-table"><thead><tr><th scope="col">File</th><th scope="col">Line</th><th scope="col">Kind</th><th scope="col">Problem</th></tr></thead>
    <tbody>${problems.map((p) => html`<tr><td><code>${p.path}</code></td><td>${p.line}</td><td>${p.code}</td><td>${p.message}</td></tr>`)}</tbody></table></div>`
      : html`<p class="empty">No problems.</p>`
  }`;
}
