/**
 * GFM's literal autolinks (`www.…`, `https://…`, e-mail addresses) in a text
 * node, found by the same transform remark-gfm applies
 * (mdast-util-gfm-autolink-literal), one text node at a time so that every
 * piece keeps its line.
 */
import type { PhrasingContent, Root, Text } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { toString as textOf } from 'mdast-util-to-string';

const transform = gfmAutolinkLiteralFromMarkdown().transforms?.[0];
if (!transform) throw new Error('mdast-util-gfm-autolink-literal has no transform');

/**
 * Every literal autolink the transform finds holds one of these: its URLs start `http://`,
 * `https://` or `www.`; its addresses have a word character before the `@` and a dot in the
 * domain. Most text has none and skips the transform (~5% of a note's parsing): a citation's
 * `[@key]`, the commonest `@`, is not an address.
 */
const CANDIDATE = /https?:\/\/|www\.|[\w+\-.]@[\w-]+\.[\w-]/i;

const OTHER_WHITESPACE = /[^\S\t\n\r ]/;
const BEFORE_OTHER_WHITESPACE = /(?=[^\S\t\n\r ])/;

function mergeText(nodes: PhrasingContent[]): PhrasingContent[] {
  const merged: PhrasingContent[] = [];
  for (const node of nodes) {
    const last = merged[merged.length - 1];
    if (node.type === 'text' && last?.type === 'text') last.value += node.value;
    else merged.push(node);
  }
  return merged;
}

/** The text split around its literal links, or null when it has none. */
export function splitLiteralLinks(text: Text): PhrasingContent[] | null {
  if (!CANDIDATE.test(text.value)) return null;
  // remark's tokenizer ends a literal at any Unicode whitespace (a no-break space, say); the
  // transform's pattern only at ASCII whitespace. Text nodes split there keep links apart the same way.
  const segments = OTHER_WHITESPACE.test(text.value) ? text.value.split(BEFORE_OTHER_WHITESPACE) : [text.value];
  const holder: Root = { type: 'root', children: segments.map((value) => ({ type: 'text', value })) };
  transform?.(holder);
  const pieces = mergeText(holder.children as PhrasingContent[]);
  if (pieces.length === 1 && pieces[0]?.type === 'text') return null;
  let line = text.position?.start.line ?? 1;
  for (const piece of pieces) {
    const position = { start: { line, column: 1 }, end: { line, column: 1 } };
    piece.position = position;
    if (piece.type === 'link') for (const child of piece.children) child.position = position;
    for (const char of textOf(piece)) if (char === '\n') line++;
  }
  return pieces;
}
