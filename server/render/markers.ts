/**
 * Trusted markup that has to cross the sanitizer.
 *
 * Links, citations, embeds and heading ids are decided on the Markdown tree,
 * before the note's raw HTML is parsed and sanitized; what they become
 * (classes, `data-slug`, an embedded note's HTML) must not be stripped by the
 * sanitizer, and must not be forgeable by raw HTML in the note. So each one
 * leaves a marker: a plain element carrying `data-scholium="<nonce>:<index>"`,
 * where the nonce is random per render. After sanitizing, markers whose value
 * matches are replaced by what they stand for; any other `data-scholium` is
 * dropped. Raw HTML cannot guess the nonce, so it can never turn itself into
 * an internal link, a citation, or an embed of a note it names.
 */
import { randomUUID } from 'node:crypto';
import type { Element, ElementContent, Root as HastRoot, Properties, RootContent } from 'hast';

/** The hast name of the `data-scholium` attribute. */
export const MARKER_PROPERTY = 'dataScholium';

export type Marker =
  /** Becomes this element, keeping the marker's (sanitized) children, or with `html` (trusted) as its content. */
  | { kind: 'element'; tagName: string; properties: Properties; html?: string }
  /** A heading of the note: gets its id and an anchor link. */
  | { kind: 'heading'; id: string };

export class Markers {
  readonly #nonce = randomUUID();
  readonly #list: Marker[] = [];

  /** Registers a marker; returns the `data-scholium` value to put on the placeholder element. */
  add(marker: Marker): string {
    this.#list.push(marker);
    return `${this.#nonce}:${this.#list.length - 1}`;
  }

  /** The marker a placeholder's `data-scholium` value stands for, or undefined when the value is not one of ours. */
  lookup(value: unknown): Marker | undefined {
    if (typeof value !== 'string') return undefined;
    const colon = value.lastIndexOf(':');
    if (colon < 0 || value.slice(0, colon) !== this.#nonce) return undefined;
    return this.#list[Number(value.slice(colon + 1))];
  }
}

/**
 * Replaces the placeholders of a sanitized tree by their trusted markup and
 * strips every other `data-scholium` (and empty `class` lists). Returns the
 * ids of all elements, for fixing fragment links afterwards.
 */
export function applyMarkers(tree: HastRoot, markers: Markers): Set<string> {
  const ids = new Set<string>();
  const walk = (children: (RootContent | ElementContent)[]): void => {
    for (const child of children) {
      if (child.type !== 'element') continue;
      const value = child.properties[MARKER_PROPERTY];
      if (value !== undefined) {
        delete child.properties[MARKER_PROPERTY];
        const marker = markers.lookup(value);
        if (marker) apply(child, marker);
      }
      // The sanitizer leaves `class=""` behind when it removed every class.
      const classes = child.properties.className;
      if (Array.isArray(classes) && classes.length === 0) delete child.properties.className;
      const id = child.properties.id;
      if (typeof id === 'string') ids.add(id);
      walk(child.children);
    }
  };
  walk(tree.children);
  return ids;
}

function apply(element: Element, marker: Marker): void {
  if (marker.kind === 'heading') {
    element.properties.id = marker.id;
    element.children.push({
      type: 'element',
      tagName: 'a',
      properties: { className: ['anchor'], href: `#${marker.id}`, ariaLabel: 'Link to this section' },
      children: [{ type: 'text', value: '#' }],
    });
    return;
  }
  element.tagName = marker.tagName;
  element.properties = { ...marker.properties };
  if (marker.html !== undefined) element.children = [{ type: 'raw', value: marker.html }];
}
