/**
 * Markdown body → safe HTML and a table of contents, for the web UI.
 *
 * The pipeline, in order:
 * 1. parse as ingest does (GFM, math, wikilinks), so the page shows what the index saw;
 * 2. on the Markdown tree, resolve wikilinks, embeds, note links and citations
 *    through the `LinkResolver` and mark headings, leaving placeholders (markers.ts);
 * 3. to HTML, parse the note's raw HTML (`<details>`, `<kbd>`), and sanitize it all;
 * 4. only then add trusted markup: placeholders → links/citations/embeds,
 *    heading ids and anchors, KaTeX math, Shiki code.
 * Pure: no database, no HTTP, no file system.
 */
import wikiLinkPlugin from '@flowershow/remark-wiki-link';
import type { Root as HastRoot } from 'hast';
import type { Heading, Nodes, Root } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import type { HighlighterCore } from 'shiki/core';
import { unified } from 'unified';
import { extract } from '../ingest/extract.ts';
import { MAX_PARSED_BYTES } from '../ingest/parse-note.ts';
import { finishLinks } from './finish.ts';
import { highlightCode, loadedHighlighter, loadHighlighter } from './highlight.ts';
import { applyMarkers, MARKER_PROPERTY, Markers } from './markers.ts';
import { typesetMath } from './math.ts';
import { resolveReferences } from './references.ts';
import { sanitizeSchema } from './schema.ts';
import type { RenderedNote, RenderOptions, TocEntry } from './types.ts';

/** The same Markdown dialect as server/ingest/parse-note.ts. */
const parser = unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(wikiLinkPlugin);
// Footnote ids are left unprefixed here: the sanitizer prefixes every id once, and finish.ts points the links at them.
const toHtmlTree = unified().use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' });
// Re-parsing the whole tree for raw HTML costs about as much as the rest of the HTML steps together: only done when there is some.
const withRawHtml = unified().use(rehypeRaw).use(rehypeSanitize, sanitizeSchema);
const withoutRawHtml = unified().use(rehypeSanitize, sanitizeSchema);
// Raw nodes exist only after sanitizing, made by KaTeX, Shiki and embeds: they are trusted.
const stringifier = unified().use(rehypeStringify, { allowDangerousHtml: true });

/** Headings listed in the table of contents. */
const TOC_DEPTHS = { min: 2, max: 4 };

/** Renders a note's Markdown body (front matter already removed). Waits for the code highlighter on first use. */
export async function renderMarkdown(body: string, options: RenderOptions): Promise<RenderedNote> {
  return render(body, options, await loadHighlighter());
}

/**
 * The same, synchronously, for callers that cannot wait (e.g. rendering a note
 * to embed): code is highlighted only once the highlighter has loaded, which
 * `renderMarkdown` or `loadHighlighter()` start.
 */
export function renderMarkdownSync(body: string, options: RenderOptions): RenderedNote {
  return render(body, options, loadedHighlighter());
}

function render(body: string, options: RenderOptions, highlighter: HighlighterCore | undefined): RenderedNote {
  const text = body.includes('\r') ? body.replace(/\r\n?/g, '\n') : body;
  // Ingest keeps such notes as plain text; parsing them would stall the page for seconds.
  if (Buffer.byteLength(text) > MAX_PARSED_BYTES) return { html: `<pre class="too-large">${escapeHtml(text)}</pre>`, toc: [] };

  const mdast = parser.runSync(parser.parse(text)) as Root;
  const markers = new Markers();
  const toc = markHeadings(mdast, options, markers);
  resolveReferences(mdast, { source: text, dialect: options.dialect, resolver: options.resolver, markers });

  const unsafe = toHtmlTree.runSync(mdast) as HastRoot;
  const hast = (hasRawHtml(mdast) ? withRawHtml : withoutRawHtml).runSync(unsafe) as HastRoot;
  const ids = applyMarkers(hast, markers);
  finishLinks(hast, ids);
  typesetMath(hast);
  if (highlighter) highlightCode(hast, highlighter);
  return { html: stringifier.stringify(hast), toc };
}

/**
 * Gives every Markdown heading the id ingest recorded for it (extract.ts walks
 * the same tree in the same order), and returns the table of contents.
 */
function markHeadings(tree: Root, options: RenderOptions, markers: Markers): TocEntry[] {
  const { headings } = extract(tree, options.notePath, 0, options.dialect);
  const nodes: Heading[] = [];
  const collect = (node: Nodes): void => {
    if (node.type === 'heading') nodes.push(node);
    else if ('children' in node) for (const child of node.children) collect(child as Nodes);
  };
  collect(tree);
  nodes.forEach((node, i) => {
    const id = headings[i]?.id;
    if (!id) return;
    node.data = { ...node.data, hProperties: { ...node.data?.hProperties, [MARKER_PROPERTY]: markers.add({ kind: 'heading', id }) } };
  });
  return headings.filter((h) => h.id && h.depth >= TOC_DEPTHS.min && h.depth <= TOC_DEPTHS.max).map(({ depth, text, id }) => ({ depth, text, id }));
}

function hasRawHtml(node: Nodes): boolean {
  if (node.type === 'html') return true;
  return 'children' in node && node.children.some((child) => hasRawHtml(child as Nodes));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
