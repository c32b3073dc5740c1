/**
 * Wikilinks, embeds and Markdown links to notes, resolved through the
 * `LinkResolver`. Targets and labels are read exactly as
 * server/ingest/extract.ts reads them, so the page agrees with the index.
 */
import type { Nodes, Paragraph, Parents, PhrasingContent } from 'mdast';
import { sectionOf } from './embed-section.ts';
import { MARKER_PROPERTY, type Marker } from './markers.ts';
import { type PlaceholderNode, placeholder, placeholderOf, type ReferenceContext, text, type WikiNode } from './placeholders.ts';
import type { NoteTarget } from './types.ts';
import { fragment, headingId, isWebUrl, noteHref } from './urls.ts';

const ATTACHMENT = /\.(png|jpe?g|gif|svg|webp|avif|bmp|ico|pdf|mp4|webm|mov|mp3|wav|ogg|m4a|zip|csv|excalidraw)$/i;

/** Replaces the wikilinks, embeds and note links in a block's inline content, in place. */
export function resolveLinks(parent: Parents, ctx: ReferenceContext, definitions: Map<string, string>): void {
  const children = parent.children as PhrasingContent[];
  for (let i = 0; i < children.length; i++) {
    const node = children[i] as Nodes;
    const wiki = node as unknown as WikiNode;
    let replacement: PhrasingContent[] | null = null;
    if (wiki.type === 'wikiLink' || wiki.type === 'embed') {
      replacement = [wikiReplacement(wiki, ctx)];
    } else if (node.type === 'link' || node.type === 'linkReference') {
      resolveLinks(node, ctx, definitions);
      const url = node.type === 'link' ? node.url : definitions.get(node.identifier.toLowerCase());
      replacement = url === undefined ? null : markdownLinkReplacement(url, node.type === 'link' ? node.title : null, node.children, ctx);
    } else if (node.type !== 'scholiumPlaceholder' && 'children' in node) {
      resolveLinks(node, ctx, definitions);
    }
    if (replacement) {
      children.splice(i, 1, ...replacement);
      i += replacement.length - 1;
    }
  }
}

interface WikiParts {
  /** What ingest records as the link's target. */
  target: string;
  anchor?: string;
  label?: string;
  /** The target as written, anchor included. */
  raw: string;
}

/** Reads a wikilink the way extract.ts does: Obsidian `[[target|label]]`, Dendron `[[label|target]]`. */
function wikiParts(node: WikiNode, dialect: ReferenceContext['dialect']): WikiParts {
  const alias = node.data?.alias?.trim();
  const labelFirst = dialect === 'dendron' && alias !== undefined && alias !== '';
  const raw = (labelFirst ? (alias ?? '') : node.value).trim().replace(/\\$/, '');
  const label = labelFirst ? node.value.trim() || undefined : alias || undefined;
  const hash = raw.indexOf('#');
  // Inside a table the pipe is escaped (`[[note\\|label]]`); Dendron's `![[parent.*]]` embeds the parent.
  const target = (hash >= 0 ? raw.slice(0, hash) : raw).trim().replace(/\\$/, '').replace(/\.\*$/, '');
  const anchor = hash >= 0 ? raw.slice(hash + 1).trim() || undefined : undefined;
  return { target, raw, ...(anchor ? { anchor } : {}), ...(label ? { label } : {}) };
}

function wikiReplacement(node: WikiNode, ctx: ReferenceContext): PhrasingContent {
  const { target, anchor, label, raw } = wikiParts(node, ctx.dialect);
  const shown = label ?? raw;
  if (isWebUrl(target)) {
    const href = safeWebUrl(raw);
    return href ? placeholder(ctx, { kind: 'element', tagName: 'a', properties: { href, rel: ['noopener', 'noreferrer'] } }, shown) : text(shown);
  }
  if (ATTACHMENT.test(target)) return text(sourceOf(node, ctx) ?? shown);
  if (!target) {
    // `[[#Heading]]`: a heading of this note.
    const href = fragment(anchor);
    return href ? placeholder(ctx, internalLink(href), label ?? anchor ?? raw) : text(shown);
  }
  const kind = node.type === 'embed' ? 'embed' : 'wikilink';
  const note = ctx.resolver.note({ kind, target, ...(anchor ? { anchor } : {}) });
  if (!note) return placeholder(ctx, brokenLink(target), shown);
  if (note.hidden) return text(shown);
  return placeholder(ctx, internalLink(noteHref(note.slug, anchor), note.slug), label ?? (anchor ? `${note.title} › ${anchor}` : note.title));
}

/** `![[Note]]` alone in its paragraph: the whole paragraph becomes the embedded note, when there is one to show. */
export function blockEmbed(paragraph: Paragraph, ctx: ReferenceContext): PlaceholderNode | null {
  if (!ctx.resolver.embed) return null;
  const content = paragraph.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  const wiki = content.length === 1 ? (content[0] as unknown as WikiNode) : undefined;
  if (wiki?.type !== 'embed') return null;
  const { target, anchor, label } = wikiParts(wiki, ctx.dialect);
  // Attachments and block references (`#^id`) are rendered inline, as text or links.
  if (!target || isWebUrl(target) || ATTACHMENT.test(target) || anchor?.startsWith('^')) return null;
  const note = ctx.resolver.note({ kind: 'embed', target, ...(anchor ? { anchor } : {}) });
  if (!note || note.hidden) return null;
  const whole = ctx.resolver.embed(note.slug);
  // `![[Note#Heading]]`: just that section; a heading the note does not have gives a link instead.
  const html = whole !== null && anchor ? sectionOf(whole, headingId(anchor)) : whole;
  if (html === null) return null;
  const marker: Marker = {
    kind: 'element',
    tagName: 'section',
    properties: {
      className: ['embed'],
      dataSlug: note.slug,
      ...(anchor ? { dataAnchor: headingId(anchor) } : {}),
      ariaLabel: `Embedded note: ${anchor ? `${note.title} › ${anchor}` : note.title}`,
    },
    html,
  };
  return {
    type: 'scholiumPlaceholder',
    children: [text(label ?? note.title)],
    data: { hName: 'div', hProperties: { [MARKER_PROPERTY]: ctx.markers.add(marker) } },
  };
}

/**
 * A Markdown link to a note (`other.md`, `../papers/foo.md#sec`, `other`),
 * as extract.ts recognizes them; null for every other link, which stays as written.
 */
function markdownLinkReplacement(url: string, title: string | null | undefined, children: PhrasingContent[], ctx: ReferenceContext): PhrasingContent[] | null {
  const target = url.trim();
  if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return null;
  const hash = target.indexOf('#');
  const pathPart = hash >= 0 ? target.slice(0, hash) : target;
  if (pathPart === '') return null; // `#heading` in this note: an ordinary fragment link
  if (!/\.md$/i.test(pathPart) && /\.[a-z0-9]{1,5}$/i.test(pathPart)) return null; // a file, not a note
  const anchor = hash >= 0 ? safeDecode(target.slice(hash + 1)) || undefined : undefined;
  const ref: NoteTarget = { kind: 'markdown', target, ...(anchor ? { anchor } : {}) };
  const note = ctx.resolver.note(ref);
  const label = children.length > 0 ? children : [text(note && !note.hidden ? note.title : target)];
  if (!note) return [placeholderOf(ctx, brokenLink(pathPart), label)];
  if (note.hidden) return label;
  const link = internalLink(noteHref(note.slug, anchor), note.slug);
  if (title) link.properties.title = title;
  return [placeholderOf(ctx, link, label)];
}

function internalLink(href: string, slug?: string): Marker & { kind: 'element' } {
  return { kind: 'element', tagName: 'a', properties: { className: ['internal'], href, ...(slug !== undefined ? { dataSlug: slug } : {}) } };
}

function brokenLink(target: string): Marker {
  return { kind: 'element', tagName: 'span', properties: { className: ['broken-link'], title: `No note matches “${target}”` } };
}

function sourceOf(node: { position?: Nodes['position'] }, ctx: ReferenceContext): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start !== undefined && end !== undefined ? ctx.source.slice(start, end) : undefined;
}

/** An http(s) URL re-serialized by the URL parser, or null. */
function safeWebUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
