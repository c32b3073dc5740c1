/**
 * Pandoc citations and bare arXiv ids / DOIs in prose, found as
 * server/ingest/extract.ts finds them and linked to their paper pages.
 */
import type { Nodes, Parents, PhrasingContent, Text } from 'mdast';
import { findCitations } from '../ingest/citations.ts';
import { findPaperIds } from '../ingest/identifiers.ts';
import type { Marker } from './markers.ts';
import { placeholder, type ReferenceContext, text, type WikiNode } from './placeholders.ts';
import type { ResolvedPaper } from './types.ts';
import { noteHref, paperHref } from './urls.ts';

/** A run of the block's text as extract.ts sees it; prose runs are the text nodes citations may sit in. */
interface Run {
  start: number;
  length: number;
  node?: Text;
  parent?: Parents;
}

interface Span {
  start: number;
  end: number;
  marker: Marker;
}

/**
 * Finds citations and identifiers in the block's prose (text outside code,
 * math and links, as extract.ts does), and wraps each in a placeholder when it
 * lies within one text node; a citation spread over formatting is wrapped
 * from its `@` to the end of its key.
 */
export function markCitations(block: Parents, ctx: ReferenceContext): void {
  const runs: Run[] = [];
  let length = 0;
  let maybe = false;
  const push = (len: number, node?: Text, parent?: Parents) => {
    if (len === 0) return;
    runs.push({ start: length, length: len, ...(node && parent ? { node, parent } : {}) });
    length += len;
  };
  const walk = (parent: Parents, inLink: boolean): void => {
    for (const child of parent.children as Nodes[]) {
      const wiki = child as unknown as WikiNode;
      if (wiki.type === 'wikiLink' || wiki.type === 'embed') {
        push((wiki.data?.alias || wiki.value || '').length);
        continue;
      }
      switch (child.type) {
        case 'text':
          if (inLink) push(child.value.length);
          else {
            push(child.value.length, child, parent);
            if (!maybe && (child.value.includes('@') || /10\.|arxiv/i.test(child.value))) maybe = true;
          }
          break;
        case 'inlineCode':
        case 'inlineMath':
          push(child.value.length);
          break;
        case 'break':
          push(1);
          break;
        case 'link':
        case 'linkReference':
          walk(child, true);
          break;
        case 'image':
        case 'imageReference':
        case 'html':
        case 'footnoteReference':
          break;
        default:
          if ('children' in child) walk(child, inLink);
      }
    }
  };
  walk(block, false);
  if (!maybe) return;

  const prose = runs.map((r) => (r.node ? r.node.value : ' '.repeat(r.length))).join('');
  const spans: Span[] = [];
  const groups = new Map<number, ReturnType<typeof findCitations>>();
  for (const c of findCitations(prose)) {
    const group = groups.get(c.start);
    if (group) group.push(c);
    else groups.set(c.start, [c]);
  }
  for (const group of groups.values()) spans.push(...citationSpans(prose, group, runs, ctx));
  for (const id of findPaperIds(prose)) {
    const paper = ctx.resolver.paper({ kind: id.kind, value: id.value });
    if (paper) spans.push({ start: id.start, end: id.end, marker: paperLink(paper, ['paper-ref']) });
  }
  wrapSpans(spans, runs, ctx);
}

/** The spans of one citation group: the whole group for one key, each `;`-separated part for several. */
function citationSpans(prose: string, group: ReturnType<typeof findCitations>, runs: Run[], ctx: ReferenceContext): Span[] {
  const first = group[0];
  if (!first) return [];
  const parts: { start: number; end: number; key: string; keyOffset: number }[] = [];
  if (group.length === 1) {
    parts.push({ start: first.start, end: first.end, key: first.key, keyOffset: first.keyOffset });
  } else {
    let start = first.start + 1;
    group.forEach((c, i) => {
      const next = group[i + 1];
      const end = next ? prose.lastIndexOf(';', next.keyOffset) : first.end - 1;
      const part = { start, end: Math.max(end, c.keyOffset + 1), key: c.key, keyOffset: c.keyOffset };
      // Leading and trailing white space stays outside the link.
      while (part.start < part.keyOffset && /\s/.test(prose[part.start] ?? '')) part.start++;
      while (part.end > part.keyOffset + 1 && /\s/.test(prose[part.end - 1] ?? '')) part.end--;
      parts.push(part);
      start = end + 1;
    });
  }
  return parts.map((part) => {
    const paper = ctx.resolver.paper({ kind: 'citekey', value: part.key });
    const marker = paper
      ? paperLink(paper, ['citation'])
      : ({
          kind: 'element',
          tagName: 'span',
          properties: { className: ['citation', 'unknown'], title: `No paper has the citation key “${part.key}”` },
        } as Marker);
    if (runAt(runs, part.start, part.end)) return { start: part.start, end: part.end, marker };
    // Spread over formatting: link just `@key` (or `@{key}`).
    const keyEnd = part.keyOffset + 1 + (prose[part.keyOffset + 1] === '{' ? part.key.length + 2 : part.key.length);
    return { start: part.keyOffset, end: keyEnd, marker };
  });
}

function paperLink(paper: ResolvedPaper, className: string[]): Marker {
  return {
    kind: 'element',
    tagName: 'a',
    properties: {
      className,
      href: paper.slug ? noteHref(paper.slug) : paperHref(paper.id),
      dataPaper: paper.id,
      ...(paper.title ? { title: paper.title } : {}),
    },
  };
}

/** Splits text nodes around the spans that each lie inside one of them; overlapping spans after the first are dropped. */
function wrapSpans(spans: Span[], runs: Run[], ctx: ReferenceContext): void {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const byRun = new Map<Run, Span[]>();
  let reached = 0;
  for (const span of spans) {
    if (span.start < reached) continue;
    const run = runAt(runs, span.start, span.end);
    if (!run) continue;
    reached = span.end;
    const list = byRun.get(run);
    if (list) list.push(span);
    else byRun.set(run, [span]);
  }
  for (const [run, list] of byRun) {
    const { node, parent } = run;
    if (!node || !parent) continue;
    const pieces: PhrasingContent[] = [];
    let at = 0;
    for (const span of list) {
      const from = span.start - run.start;
      const to = span.end - run.start;
      if (from > at) pieces.push(text(node.value.slice(at, from)));
      pieces.push(placeholder(ctx, span.marker, node.value.slice(from, to)));
      at = to;
    }
    if (at < node.value.length) pieces.push(text(node.value.slice(at)));
    const siblings = parent.children as PhrasingContent[];
    siblings.splice(siblings.indexOf(node), 1, ...pieces);
  }
}

/** The prose run holding all of `[start, end)`, if one does. */
function runAt(runs: Run[], start: number, end: number): Run | undefined {
  return runs.find((r) => r.node && start >= r.start && end <= r.start + r.length);
}
