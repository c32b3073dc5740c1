/** A note's page: metadata card, rendered body, table of contents, backlinks, mentions and the local graph. */
import type { Backlink, MentionGroup } from '../../graph/index.ts';
import type { TocEntry } from '../../render/index.ts';
import type { noteJson } from '../present.ts';
import { backlinkList, bibtexBlock, noteHref, paperFacts, paperHref, tagList, typeBadge, verdictBadge } from './components.ts';
import { type Html, html, raw } from './html.ts';
import { COLOUR_LEGEND } from './legend.ts';
import { claimsTable } from './listings.ts';

export interface NotePageData {
  note: ReturnType<typeof noteJson>;
  backlinks: Backlink[];
  mentions: MentionGroup[];
  replications: { slug: string; title: string; status: string | null; verdict: string | null }[];
  replicatedPaper: { id: string; title: string | null; slug: string | null } | null;
  bibtex: string | null;
  editorUrl: string | null;
}

export function notePage(d: NotePageData, body: { html: string; toc: TocEntry[] }): Html {
  const n = d.note;
  const v = n.visibility;
  return html`<article class="note-layout">
  <div class="note-main">
    <header class="note-header">
      <h1>${n.title}</h1>
      <p class="muted">${typeBadge(n.type)}
        ${v.draft ? html` <span class="badge draft">draft</span>` : ''}${v.private ? html` <span class="badge private">private</span>` : ''}${!v.publish ? html` <span class="badge private">not published</span>` : ''}${v.unlisted ? html` <span class="badge">unlisted</span>` : ''}
        ${n.updated ? html` · updated <time datetime="${n.updated}">${n.updated.slice(0, 10)}</time>` : ''}
        ${d.editorUrl ? html` · <a href="${d.editorUrl}">open in editor</a>` : ''}</p>
      ${tagList(n.tags)}
    </header>
    ${
      n.problems.length
        ? html`<section class="problems" role="note" aria-labelledby="problems-h"><h2 id="problems-h">Problems in this note</h2><ul>${n.problems.map(
            (p) => html`<li><span class="muted">line ${p.line}</span> ${p.message}</li>`,
          )}</ul><p><a href="/problems">All problems</a></p></section>`
        : ''
    }
    ${n.paper ? paperCard(n.paper, d.bibtex, d.replications) : ''}
    ${n.replication ? replicationCard(n.replication, d.replicatedPaper) : ''}
    <div class="note-body">${raw(body.html)}</div>
  </div>
  <aside class="side">
    ${
      body.toc.length
        ? html`<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ol>${body.toc.map(
            (t) => html`<li class="toc-${t.depth}"><a href="#${t.id}">${t.text}</a></li>`,
          )}</ol></nav>`
        : ''
    }
    <section aria-labelledby="backlinks-h">
      <h2 id="backlinks-h">Backlinks <span class="count">${d.backlinks.length}</span></h2>
      ${backlinkList(d.backlinks, 'No note links here yet.')}
    </section>
    ${
      d.mentions.length
        ? html`<section aria-labelledby="mentions-h"><h2 id="mentions-h">Unlinked mentions <span class="count">${d.mentions.length}</span></h2>
          <ul class="backlinks">${d.mentions.map(
            (m) =>
              html`<li><a href="${noteHref(m.slug)}" data-slug="${m.slug}">${m.title}</a>${m.mentions.map((x) => html`<span class="backlink-context">${x.context}</span>`)}</li>`,
          )}</ul></section>`
        : ''
    }
    <section aria-labelledby="local-graph-h">
      <h2 id="local-graph-h">Local graph</h2>
      <div id="graph-canvas" class="graph-canvas graph-local" data-center="${n.paper ? `paper:${n.paper.id}` : n.slug}" data-depth="1"
        role="img" aria-label="Notes and papers connected to this note; click one to open it"></div>
      ${COLOUR_LEGEND}
      <script type="module" src="/assets/graph.js"></script>
    </section>
  </aside>
</article>`;
}

function paperCard(p: NonNullable<NotePageData['note']['paper']>, bibtex: string | null, replications: NotePageData['replications']): Html {
  return html`<section class="meta-card" aria-label="Paper">
    <dl>
      ${paperFacts(p)}
      ${
        replications.length
          ? html`<dt>Replications</dt><dd><ul class="plain">${replications.map(
              (r) => html`<li><a href="${noteHref(r.slug)}">${r.title}</a> ${verdictBadge(r.verdict)} <span class="muted">${r.status ?? ''}</span></li>`,
            )}</ul></dd>`
          : ''
      }
    </dl>
    ${bibtexBlock(bibtex)}
  </section>`;
}

function replicationCard(r: NonNullable<NotePageData['note']['replication']>, paper: NotePageData['replicatedPaper']): Html {
  return html`<section class="meta-card" aria-label="Replication">
    <dl>
      <dt>Replicates</dt><dd>${paper ? html`<a href="${paper.slug ? noteHref(paper.slug) : paperHref(paper.id)}">${paper.title ?? paper.id}</a>` : (r.replicates ?? 'unknown')}</dd>
      <dt>Status</dt><dd>${r.status ?? 'unknown'}</dd>
      <dt>Verdict</dt><dd>${r.verdict ? verdictBadge(r.verdict) : 'none yet'}</dd>
      ${r.compute ? html`<dt>Compute</dt><dd>${r.compute}</dd>` : ''}
      ${r.code ? html`<dt>Code</dt><dd>${/^https?:\/\//.test(r.code) ? html`<a href="${r.code}" rel="noopener noreferrer">${r.code}</a>` : r.code}${r.commit ? html` @ <code>${r.commit}</code>` : ''}</dd>` : ''}
    </dl>
    ${r.claims.length ? html`<h2 class="claims-h">Claims: paper vs ours</h2>${claimsTable(r.claims)}` : ''}
  </section>`;
}
