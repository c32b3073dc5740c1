/** Shapes query results into the JSON that API consumers rely on (a contract: extend, never rename). */
import type { NoteDetail, NoteSummary, PaperRow } from '../db/queries.ts';

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

export function noteJson(d: NoteDetail) {
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
