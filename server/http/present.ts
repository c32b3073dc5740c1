/** Shapes query results into the JSON that API consumers rely on (a contract: extend, never rename). */
import type { NoteDetail, NoteSummary, PaperRow } from '../db/queries.ts';
import type { Backlink, MentionGroup, NoteLinks, NoteRef, PaperDetail, QueuedPaper } from '../graph/index.ts';

export function noteSummaryJson(n: NoteSummary) {
  return { slug: n.slug, path: n.path, title: n.title, type: n.type, tags: n.tags, updated: n.updated };
}

export function paperJson(p: PaperRow) {
  return {
    id: p.id,
    citekey: p.citekey,
    title: p.title,
    authors: p.authors,
    year: p.year,
    venue: p.venue,
    arxiv: p.arxiv,
    doi: p.doi,
    url: p.url,
    source: p.source,
  };
}

/** The note; `backlinks` (from server/graph) when the caller has them. */
export function noteJson(d: NoteDetail, backlinks: Backlink[] = []) {
  const r = d.row;
  return {
    slug: d.slug,
    path: d.path,
    title: d.title,
    type: d.type,
    aliases: r.aliases,
    tags: r.tags,
    created: r.created,
    updated: r.updated,
    visibility: { draft: r.draft, private: r.private, publish: r.publish, unlisted: r.unlisted },
    metadata: r.frontMatter,
    readingStatus: r.readingStatus,
    rating: r.rating,
    wordCount: r.wordCount,
    excerpt: excerpt(r.plainText, r.title),
    headings: r.headings,
    paper: d.paper ? paperJson(d.paper) : null,
    replication: d.replication
      ? {
          replicates: d.replication.replicates,
          paperId: d.replication.paperId,
          status: d.replication.status,
          verdict: d.replication.verdict,
          code: d.replication.code,
          commit: d.replication.commit,
          compute: d.replication.compute,
          claims: d.replication.claims.map((c) => ({ id: c.claimId, text: c.text, metric: c.metric, paper: c.paper, ours: c.ours, verdict: c.verdict })),
        }
      : null,
    links: d.links.map((l) => ({
      kind: l.kind,
      target: l.target,
      anchor: l.anchor,
      label: l.label,
      line: l.line,
      context: l.context,
      resolved: l.resolved ? { slug: l.resolved.slug, path: l.resolved.path, title: l.resolved.title } : null,
    })),
    citations: d.citations.map((c) => ({
      key: c.key,
      mode: c.mode,
      suppressAuthor: c.suppressAuthor,
      prefix: c.prefix,
      locator: c.locator,
      line: c.line,
      context: c.context,
      paperId: c.paperId,
    })),
    identifiers: d.identifiers.map((i) => ({ kind: i.kind, value: i.value, line: i.line, context: i.context, paperId: i.paperId })),
    backlinks: backlinks.map(backlinkJson),
    problems: d.problems.map((p) => ({ line: p.line, code: p.code, message: p.message })),
    body: r.body,
  };
}

/** The opening words of a note for previews: plain text, without a first line that only repeats the title. */
export function excerpt(plainText: string, title: string, length = 280): string {
  const text = plainText.startsWith(`${title}\n`) ? plainText.slice(title.length + 1) : plainText;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, flat.lastIndexOf(' ', length)).trimEnd()}…` : flat;
}

const noteRefJson = (n: NoteRef) => ({ slug: n.slug, path: n.path, title: n.title, type: n.type });

export function backlinkJson(b: Backlink) {
  return { ...noteRefJson(b), refs: b.refs.map((r) => ({ kind: r.kind, target: r.target, line: r.line, context: r.context })) };
}

export function mentionGroupJson(m: MentionGroup) {
  return { ...noteRefJson(m), mentions: m.mentions.map((x) => ({ term: x.term, text: x.text, line: x.line, context: x.context })) };
}

export function noteLinksJson(l: NoteLinks) {
  return { ...noteRefJson(l.note), backlinks: l.backlinks.map(backlinkJson), mentions: l.mentions.map(mentionGroupJson) };
}

export function paperDetailJson(d: PaperDetail) {
  return {
    ...paperJson(d.paper),
    note: d.note ? noteRefJson(d.note) : null,
    bib: d.bib,
    citedBy: d.citedBy.map(backlinkJson),
    replications: d.replications.map((r) => ({ ...noteRefJson(r), status: r.status, verdict: r.verdict, updated: r.updated, claims: r.claims })),
  };
}

export function queuedPaperJson(q: QueuedPaper) {
  return { ...paperJson(q.paper), score: q.score, citedBy: q.citedBy, coCitations: q.coCitations, citingNotes: q.citingNotes.map(noteRefJson) };
}
