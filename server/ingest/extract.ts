/**
 * One walk over a Markdown syntax tree that extracts what the index needs:
 * headings, plain text, links, citations and paper identifiers, each with its
 * line and the sentence around it. The tree itself never leaves this module.
 */
import GithubSlugger from 'github-slugger';
import type { Nodes, Parents, PhrasingContent, Root } from 'mdast';
import { findCitations } from './citations.ts';
import { clip, sentences } from './context.ts';
import { findPaperIds, paperIdFromUrl } from './identifiers.ts';
import { resolveRelativeLink } from './paths.ts';
import type { CitationRef, Heading, IdentifierRef, OutgoingLink } from './types.ts';

export interface Extracted {
  headings: Heading[];
  plainText: string;
  links: OutgoingLink[];
  citations: CitationRef[];
  identifiers: IdentifierRef[];
}

/** Nodes added by the wikilink plugin; mdast's own types do not know them. */
interface WikiNode {
  type: 'wikiLink' | 'embed';
  value: string;
  data?: { alias?: string };
  position?: Nodes['position'];
}

/** A run of inline text inside a block, with where it starts in the block text and in the file. */
interface Piece {
  start: number;
  text: string;
  line: number;
  /** Prose the author typed: the only place citations and bare identifiers are looked for. */
  prose: boolean;
}

interface PendingLink {
  offset: number;
  link: Omit<OutgoingLink, 'context'>;
}

/**
 * @param lineOffset added to every line, because the tree was parsed from the
 *   body alone and the front matter sits above it in the file.
 */
export function extract(tree: Root, notePath: string, lineOffset: number, dialect: WikilinkDialect = 'obsidian'): Extracted {
  const out: Extracted = { headings: [], plainText: '', links: [], citations: [], identifiers: [] };
  const definitions = new Map<string, string>();
  const slugger = new GithubSlugger();
  const textParts: string[] = [];

  collectDefinitions(tree, definitions);

  const visitBlock = (node: Nodes, inListItem: boolean): void => {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
      case 'tableCell': {
        const block = flattenBlock(node, lineOffset, { notePath, dialect, definitions });
        textParts.push(block.text);
        if (node.type === 'heading') {
          out.headings.push({
            depth: node.depth,
            text: block.text,
            id: slugger.slug(block.text),
            line: (node.position?.start.line ?? 1) + lineOffset,
          });
        }
        harvest(block, inListItem, out);
        return;
      }
      case 'code':
        textParts.push(node.value);
        return;
      case 'math':
      case 'html':
      case 'yaml':
      case 'definition':
      case 'thematicBreak':
        return;
      default:
        if ('children' in node) {
          const listItem = inListItem || node.type === 'listItem';
          for (const child of (node as Parents).children) visitBlock(child as Nodes, listItem);
        }
    }
  };
  visitBlock(tree, false);
  out.plainText = textParts.filter(Boolean).join('\n');
  return out;
}

function collectDefinitions(node: Nodes, definitions: Map<string, string>): void {
  // The first definition of a label wins (CommonMark), as on the rendered page.
  if (node.type === 'definition' && !definitions.has(node.identifier.toLowerCase())) definitions.set(node.identifier.toLowerCase(), node.url);
  if ('children' in node) for (const child of (node as Parents).children) collectDefinitions(child as Nodes, definitions);
}

interface Block {
  text: string;
  pieces: Piece[];
  links: PendingLink[];
  identifiers: { offset: number; kind: 'arxiv' | 'doi'; value: string }[];
}

/** Flattens a block's inline content to plain text, remembering where links and prose sit. */
function flattenBlock(node: Parents, lineOffset: number, ctx: LinkContext): Block {
  const block: Block = { text: '', pieces: [], links: [], identifiers: [] };
  const push = (text: string, line: number, prose: boolean) => {
    if (!text) return;
    block.pieces.push({ start: block.text.length, text, line, prose });
    block.text += text;
  };
  const lineOf = (n: { position?: Nodes['position'] }) => (n.position?.start.line ?? 1) + lineOffset;

  const walk = (children: readonly Nodes[], inLink: boolean): void => {
    for (const child of children) {
      const wiki = child as unknown as WikiNode;
      if (wiki.type === 'wikiLink' || wiki.type === 'embed') {
        const offset = block.text.length;
        push((ctx.dialect === 'dendron' ? wiki.value || wiki.data?.alias : wiki.data?.alias || wiki.value) ?? '', lineOf(wiki), false);
        const link = wikiLink(wiki, lineOf(wiki), ctx);
        if (link) block.links.push({ offset, link });
        continue;
      }
      switch (child.type) {
        case 'text':
          push(child.value, lineOf(child), !inLink);
          break;
        case 'inlineCode':
        case 'inlineMath':
          push(child.value, lineOf(child), false);
          break;
        case 'break':
          push('\n', lineOf(child), false);
          break;
        case 'link':
        case 'linkReference': {
          const url = child.type === 'link' ? child.url : ctx.definitions.get(child.identifier.toLowerCase());
          const offset = block.text.length;
          walk(child.children as Nodes[], true);
          if (url !== undefined) {
            const label = block.text.slice(offset);
            const line = lineOf(child);
            const link = markdownLink(url, ctx.notePath, line, label);
            if (link) block.links.push({ offset, link });
            const id = /^https?:/i.test(url) ? paperIdFromUrl(url) : null;
            if (id) block.identifiers.push({ offset, ...id });
          }
          break;
        }
        case 'image':
        case 'imageReference':
        case 'html':
        case 'footnoteReference':
          break;
        default:
          if ('children' in child) walk((child as Parents).children as Nodes[], inLink);
      }
    }
  };
  walk(node.children as PhrasingContent[], false);
  return block;
}

/**
 * Wikilink dialects. Obsidian and Foam write `[[target|label]]`; Dendron writes
 * `[[label|target]]` and resolves by file name only, never by title or alias.
 */
export type WikilinkDialect = 'obsidian' | 'dendron';

interface LinkContext {
  notePath: string;
  dialect: WikilinkDialect;
  /** Link reference definitions of the note: Foam resolves `[[name]]` through `[name]: path.md` first. */
  definitions: Map<string, string>;
}

function wikiLink(node: WikiNode, line: number, ctx: LinkContext): Omit<OutgoingLink, 'context'> | null {
  const alias = node.data?.alias?.trim();
  const labelFirst = ctx.dialect === 'dendron' && alias !== undefined && alias !== '';
  const raw = (labelFirst ? alias : node.value).trim();
  const label = labelFirst ? node.value.trim() || undefined : alias || undefined;
  const hash = raw.indexOf('#');
  // Inside a table the pipe is escaped (`[[note\\|label]]`); the backslash is not part of the name.
  // Dendron's `![[parent.*]]` embeds a note's children; it is recorded as a link to the parent.
  const target = (hash >= 0 ? raw.slice(0, hash) : raw).trim().replace(/\\$/, '').replace(/\.\*$/, '');
  const anchor = hash >= 0 ? raw.slice(hash + 1).trim() || undefined : undefined;
  if (/^https?:\/\//i.test(target)) return { kind: 'external', target: raw, line, ...(label ? { label } : {}) };
  // Attachments (`![[figure.png]]`) are not notes; only note targets are links.
  if (ATTACHMENT.test(target)) return null;
  const link: Omit<OutgoingLink, 'context'> = { kind: node.type === 'embed' ? 'embed' : 'wikilink', target, line };
  if (label) link.label = label;
  if (anchor) link.anchor = anchor;
  if (!target) return link;
  const defined = ctx.definitions.get(target.toLowerCase());
  const definedPath = defined && !/^[a-z][a-z0-9+.-]*:/i.test(defined) ? definedNotePath(ctx.notePath, defined) : null;
  if (definedPath) {
    link.targetKey = definedPath;
    link.match = 'path';
  } else {
    link.targetKey = wikiKey(target);
    link.match = ctx.dialect === 'dendron' ? 'name' : 'any';
  }
  return link;
}

function definedNotePath(notePath: string, href: string): string | null {
  const pathPart = href.split('#')[0] ?? '';
  if (!pathPart) return null;
  return resolveRelativeLink(notePath, /\.md$/i.test(pathPart) ? pathPart : `${pathPart}.md`)?.toLowerCase() ?? null;
}

const ATTACHMENT = /\.(png|jpe?g|gif|svg|webp|avif|bmp|ico|pdf|mp4|webm|mov|mp3|wav|ogg|m4a|zip|csv|excalidraw)$/i;

/**
 * The case-insensitive key a wikilink target is resolved by: `Folder/Note.md` → `folder/note`.
 * Dendron's cross-vault prefix (`dendron://vault/`) is dropped: one notes folder is one vault here.
 */
export function wikiKey(target: string): string {
  return target
    .replace(/^dendron:\/\/[^/]*\//i, '')
    .replace(/^\/+/, '')
    .replace(/\.md$/i, '')
    .trim()
    .toLowerCase();
}

function markdownLink(url: string, notePath: string, line: number, label: string): Omit<OutgoingLink, 'context'> | null {
  const trimmed = url.trim();
  if (/^https?:\/\//i.test(trimmed)) return { kind: 'external', target: trimmed, line, label };
  // Other schemes (mailto:, javascript:, data:) are not links between notes.
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed === '') return null;
  const hash = trimmed.indexOf('#');
  const pathPart = hash >= 0 ? trimmed.slice(0, hash) : trimmed;
  const anchor = hash >= 0 ? safeDecode(trimmed.slice(hash + 1)) || undefined : undefined;
  const link: Omit<OutgoingLink, 'context'> = { kind: 'markdown', target: trimmed, line, label };
  if (anchor) link.anchor = anchor;
  if (pathPart === '') return link; // a heading in the same note
  const isNote = /\.md$/i.test(pathPart) || !/\.[a-z0-9]{1,5}$/i.test(pathPart);
  if (!isNote) return null;
  const file = /\.md$/i.test(pathPart) ? pathPart : `${pathPart}.md`;
  const resolved = resolveRelativeLink(notePath, file);
  if (resolved === null) return null;
  link.targetKey = resolved.toLowerCase();
  link.match = 'path';
  // Many editors write links from the vault root (`papers/foo.md` from any folder); tried when the relative path misses.
  const fromRoot = resolveRelativeLink('', file)?.toLowerCase();
  if (fromRoot && fromRoot !== link.targetKey) link.altKey = fromRoot;
  return link;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Turns a flattened block's pending links, citations and identifiers into records with context. */
function harvest(block: Block, inListItem: boolean, out: Extracted): void {
  const contextAt = contextFinder(block.text, inListItem);
  const lineAt = (offset: number) => lineInBlock(block.pieces, offset);

  for (const { offset, link } of block.links) out.links.push({ ...link, context: contextAt(offset) });
  for (const id of block.identifiers) out.identifiers.push({ kind: id.kind, value: id.value, line: lineAt(id.offset), context: contextAt(id.offset) });

  if (!block.pieces.some((p) => p.prose && (p.text.includes('@') || /10\.|arxiv/i.test(p.text)))) return;
  // Search prose only: code, math and link labels are masked with spaces so offsets still line up.
  const prose = block.pieces.map((p) => (p.prose ? p.text : ' '.repeat(p.text.length))).join('');
  for (const c of findCitations(prose)) {
    const citation: CitationRef = { key: c.key, mode: c.mode, suppressAuthor: c.suppressAuthor, line: lineAt(c.keyOffset), context: contextAt(c.keyOffset) };
    if (c.prefix) citation.prefix = c.prefix;
    if (c.locator) citation.locator = c.locator;
    out.citations.push(citation);
  }
  for (const id of findPaperIds(prose)) {
    out.identifiers.push({ kind: id.kind, value: id.value, line: lineAt(id.start), context: contextAt(id.start) });
  }
}

function lineInBlock(pieces: Piece[], offset: number): number {
  let piece = pieces[0];
  for (const p of pieces) {
    if (p.start > offset) break;
    piece = p;
  }
  if (!piece) return 1;
  const within = piece.text.slice(0, Math.max(0, offset - piece.start));
  let newlines = 0;
  for (const ch of within) if (ch === '\n') newlines++;
  return piece.line + newlines;
}

/** Context is the list item when the block is one, else the sentence, trimmed to a readable length. */
function contextFinder(text: string, wholeBlock: boolean): (offset: number) => string {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  if (wholeBlock || text.length <= 160) {
    // The same for every link of the block: made once (a list of links has one per item).
    let whole: string | undefined;
    return () => {
      whole ??= clip(clean(text));
      return whole;
    };
  }
  let segments: { start: number; end: number }[] | undefined;
  return (offset) => {
    segments ??= sentences(text);
    const segment = segments.find((s) => offset >= s.start && offset < s.end) ?? segments.at(-1);
    return clip(clean(segment ? text.slice(segment.start, segment.end) : text));
  };
}
