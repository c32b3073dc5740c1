/**
 * Last touches on links of the sanitized tree: external links open without
 * handing the page to the target, and fragment links reach ids the sanitizer
 * prefixed.
 */
import type { ElementContent, Root as HastRoot, RootContent } from 'hast';
import { isWebUrl } from './urls.ts';

/** The prefix hast-util-sanitize puts before ids and names written in a note (GitHub's `user-content-`). */
const CLOBBER_PREFIX = 'user-content-';

/**
 * Adds `rel="noopener noreferrer"` to links to other sites (http(s) and
 * protocol-relative `//host`), and points `#x` at
 * `#user-content-x` when only the latter exists (footnotes, raw HTML anchors).
 * @param ids every id in the tree.
 */
export function finishLinks(tree: HastRoot, ids: Set<string>): void {
  const walk = (children: (RootContent | ElementContent)[]): void => {
    for (const child of children) {
      if (child.type !== 'element') continue;
      const href = child.properties.href;
      if (child.tagName === 'a' && typeof href === 'string') {
        if (isWebUrl(href) || href.startsWith('//')) child.properties.rel = ['noopener', 'noreferrer'];
        else if (href.startsWith('#')) {
          const id = safeDecode(href.slice(1));
          if (!ids.has(id) && ids.has(CLOBBER_PREFIX + id)) child.properties.href = `#${CLOBBER_PREFIX}${href.slice(1)}`;
        }
      }
      walk(child.children);
    }
  };
  walk(tree.children);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
