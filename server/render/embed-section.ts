/**
 * `![[Note#Heading]]` embeds one section of a note: the heading and what
 * follows it up to the next heading of the same or a higher level, cut out of
 * the note's rendered HTML.
 */
import type { ElementContent, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';

/** The section of rendered `html` under the top-level heading with this id, or null when there is none. */
export function sectionOf(html: string, headingId: string): string | null {
  const tree = fromHtml(html, { fragment: true });
  const children = tree.children;
  const start = children.findIndex((node) => headingLevel(node) > 0 && node.type === 'element' && node.properties.id === headingId);
  const level = start < 0 ? 0 : headingLevel(children[start]);
  if (start < 0 || level === 0) return null;
  let end = start + 1;
  while (end < children.length) {
    const next = headingLevel(children[end]);
    if (next > 0 && next <= level) break;
    end++;
  }
  return toHtml({ type: 'root', children: children.slice(start, end) }, { allowDangerousHtml: true });
}

function headingLevel(node: RootContent | ElementContent | undefined): number {
  if (node?.type !== 'element') return 0;
  const match = /^h([1-6])$/.exec(node.tagName);
  return match ? Number(match[1]) : 0;
}
