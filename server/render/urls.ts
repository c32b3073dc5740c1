/**
 * The URLs the renderer writes. One place, so the web layer's routes and the
 * rendered links agree.
 */
import { slug as githubSlug } from 'github-slugger';

/** `/notes/<slug>` (each path segment URL-encoded), with `#<heading id>` when an anchor is given. */
export function noteHref(slug: string, anchor?: string): string {
  return `/notes/${encodeSegments(slug)}${fragment(anchor)}`;
}

/** `/papers/<id>`; ids such as `doi:10.1234/x` keep their `/` as path separators. */
export function paperHref(id: string): string {
  return `/papers/${encodeSegments(id)}`;
}

/** `#<heading id>` for an anchor as written (`My Heading` → `#my-heading`), or '' when there is none. */
export function fragment(anchor: string | undefined): string {
  if (!anchor) return '';
  // Block references (`#^block-id`) have no element to jump to here; the note's top is the best target.
  if (anchor.startsWith('^')) return '';
  const id = headingId(anchor);
  return id ? `#${id}` : '';
}

/** The GitHub-style id of a heading text, without de-duplication (the first heading of that name). */
export function headingId(text: string): string {
  return githubSlug(text);
}

/** Absolute http(s) URLs: the only ones that get `rel="noopener noreferrer"` and that a wikilink may point at. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

function encodeSegments(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
