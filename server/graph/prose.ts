/**
 * Light Markdown handling for unlinked mentions, on a note's stored body
 * (the index keeps no syntax tree): masking what is not prose, and the
 * sentence or list item around an offset as plain text. Pure functions.
 */

import { clip, sentences } from '../ingest/context.ts';

const SHORT_BLOCK = 160;
const SENTINEL = '\uE000';

/** What masked characters become: not a letter (so word boundaries hold), not white space (so words around it stay apart). */
export const MASK = '\u0001';
const blank = (text: string) => text.replace(/[^\n]/g, MASK);

const FENCE_OPEN = /^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?(`{3,}|~{3,})/;
const MATH_FENCE = /^[ \t>]*\$\$/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+/;
const HEADING = /^[ \t]{0,3}#{1,6}[ \t]/;
const TABLE_ROW = /^[ \t]*\|/;

/**
 * The body with everything that is not prose a reader sees replaced by `MASK`
 * (newlines kept, so offsets and line numbers still match the body): fenced code,
 * display math, inline code, HTML comments and tags, wikilinks, link destinations,
 * bare URLs and link reference definitions.
 */
export function maskNonProse(markdown: string): string {
  const lines = markdown.split('\n');
  let fence: { char: string; length: number } | null = null;
  let math = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (fence) {
      const close = /^[ \t>]*(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close?.[1] && close[1][0] === fence.char && close[1].length >= fence.length) fence = null;
      lines[i] = blank(line);
      continue;
    }
    if (math) {
      if (line.includes('$$')) math = false;
      lines[i] = blank(line);
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open?.[1] && !(open[1][0] === '`' && line.slice(open.index + open[0].length).includes('`'))) {
      fence = { char: open[1][0] as string, length: open[1].length };
      lines[i] = blank(line);
      continue;
    }
    if (MATH_FENCE.test(line)) {
      // `$$ x $$` on one line opens and closes; a lone `$$` opens a block.
      math = (line.match(/\$\$/g)?.length ?? 0) < 2;
      lines[i] = blank(line);
      continue;
    }
    if (/^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S/.test(line)) lines[i] = blank(line);
  }
  let text = lines.join('\n');
  text = text.replace(/<!--[\s\S]*?(?:-->|$)/g, blank);
  text = maskCodeSpans(text);
  return text
    .replace(/!?\[\[[^\]\n]*\]\]/g, blank)
    .replace(/\]\([^)\n]*\)/g, (m) => `]${blank(m.slice(1))}`)
    .replace(/\b(?:https?|ftp):\/\/[^\s<>)\]]+/gi, blank)
    .replace(/<\/?[A-Za-z][^<>\n]*>/g, blank);
}

/** Masks inline code spans: a run of n backticks up to the next run of exactly n, within one paragraph. */
function maskCodeSpans(text: string): string {
  let out = '';
  let from = 0;
  for (let i = text.indexOf('`'); i !== -1; ) {
    let n = 1;
    while (text[i + n] === '`') n++;
    let close = -1;
    for (let j = text.indexOf('`', i + n); j !== -1; ) {
      let m = 1;
      while (text[j + m] === '`') m++;
      if (m === n) {
        close = j;
        break;
      }
      j = text.indexOf('`', j + m);
    }
    if (close !== -1 && !/\n[ \t]*\n/.test(text.slice(i, close))) {
      out += text.slice(from, i) + blank(text.slice(i, close + n));
      from = close + n;
      i = text.indexOf('`', from);
    } else {
      i = text.indexOf('`', i + n);
    }
  }
  return out + text.slice(from);
}

/**
 * The sentence (in a paragraph) or the whole list item, heading or table row around
 * `offset` in `markdown`, as plain text, trimmed to a readable length: the same
 * shape as the contexts the index stores for links.
 */
export function contextAt(markdown: string, offset: number): string {
  const { start, end, whole } = blockAround(markdown, offset);
  const marked = `${markdown.slice(start, offset)}${SENTINEL}${markdown.slice(offset, end)}`;
  const plain = toPlain(marked);
  const at = plain.indexOf(SENTINEL);
  const text = plain.replace(SENTINEL, '');
  if (whole || at === -1 || text.length <= SHORT_BLOCK) return clip(text);
  const segments = sentences(text);
  const segment = segments.find((s) => at >= s.start && at < s.end) ?? segments.at(-1);
  return clip(segment ? text.slice(segment.start, segment.end).trim() : text);
}

/** The lines of the block holding `offset`: a paragraph, or a list item, heading or table row (taken whole). */
function blockAround(markdown: string, offset: number): { start: number; end: number; whole: boolean } {
  const lineStart = (at: number) => markdown.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = (at: number) => {
    const nl = markdown.indexOf('\n', at);
    return nl === -1 ? markdown.length : nl;
  };
  const lineAt = (s: number) => markdown.slice(s, lineEnd(s));
  const isBreak = (line: string) => line.trim() === '' || HEADING.test(line) || FENCE_OPEN.test(line) || MATH_FENCE.test(line);

  let start = lineStart(offset);
  let end = lineEnd(offset);
  const first = lineAt(start);
  if (HEADING.test(first) || TABLE_ROW.test(first)) return { start, end, whole: true };
  let listItem = LIST_ITEM.test(first);
  // Walk up to the paragraph's first line, or to the list item this line continues.
  while (!listItem && start > 0) {
    const previous = lineStart(start - 1);
    // lastIndexOf clamps a negative start to 0: at the top of the text, stop instead of looping.
    if (previous >= start) break;
    const line = lineAt(previous);
    if (isBreak(line)) break;
    start = previous;
    if (LIST_ITEM.test(line)) listItem = true;
  }
  while (end < markdown.length) {
    const next = end + 1;
    const line = lineAt(next);
    if (isBreak(line) || LIST_ITEM.test(line) || TABLE_ROW.test(line)) break;
    end = lineEnd(next);
  }
  return { start, end, whole: listItem };
}

/** Markdown → the text a reader sees, on one line. Good enough for a context, not a renderer. */
export function toPlain(markdown: string): string {
  return markdown
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/^[ \t]*>[ \t]?/gm, '')
    .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/gm, '')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/!?\[\[([^\]|]*?)(?:\|([^\]]*))?\]\]/g, (_, target: string, label?: string) => label?.trim() || target.replace(/#.*/, '').trim())
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/\[\^[^\]]+\]/g, '')
    .replace(/<\/?[A-Za-z][^<>]*>/g, '')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1')
    .replace(/(?<![\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, '$1')
    .replace(/[ \t]*\|[ \t]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
