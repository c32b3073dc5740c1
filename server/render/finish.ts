/**
 * Last touches on links of the sanitized tree: external links open without
 * handing the page to the target, and fragment links reach ids the sanitizer
 * prefixed; images and links written without a name get one, so a screen
 * reader has something to say for them.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
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
      if (child.tagName === 'img' && child.properties.alt === undefined) child.properties.alt = nameFromUrl(String(child.properties.src ?? ''), 'image');
      walk(child.children);
      // After its images are named: a link with nothing to read (raw HTML such as `<a href><img></a>`) is named by where it goes.
      if (child.tagName === 'a' && typeof href === 'string' && !hasName(child))
        child.properties.ariaLabel = `link to ${shortUrl(String(child.properties.href))}`;
    }
  };
  walk(tree.children);
}

/** Whether an element has text, or an image with a non-empty alt, or a label of its own. */
function hasName(element: Element): boolean {
  if (typeof element.properties.ariaLabel === 'string' && element.properties.ariaLabel.trim()) return true;
  return element.children.some(
    (child) =>
      (child.type === 'text' && child.value.trim() !== '') ||
      (child.type === 'element' && ((child.tagName === 'img' && String(child.properties.alt ?? '').trim() !== '') || hasName(child))),
  );
}

/** A file's name in words (`loss-curve_v2.png` → "loss curve v2"), for an image the note gives no alt text. */
function nameFromUrl(url: string, fallback: string): string {
  const file = safeDecode(url.split(/[?#]/)[0]?.split('/').pop() ?? '');
  const words = file
    .replace(/\.[a-z0-9]{1,5}$/i, '')
    .replace(/[-_.+]+/g, ' ')
    .trim();
  return words || fallback;
}

/** A URL without its scheme, shortened: what a link with no text is read as. */
function shortUrl(url: string): string {
  const bare = url.replace(/^[a-z]+:\/\//i, '').replace(/^\/\//, '');
  return bare.length > 60 ? `${bare.slice(0, 59)}…` : bare;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
