/**
 * Placeholders in the Markdown tree: nodes holding the reader-visible text of
 * a link, citation or embed, which become a `span` (a `div` for a block embed)
 * carrying a marker (see markers.ts) for what they turn into after sanitizing.
 */
import type { Nodes, Parent, PhrasingContent, Text } from 'mdast';
import { MARKER_PROPERTY, type Marker, type Markers } from './markers.ts';
import type { LinkResolver } from './types.ts';

/** A placeholder in the Markdown tree; it becomes a `span` (or a `div` for a block embed) carrying the marker. */
export interface PlaceholderNode extends Parent {
  type: 'scholiumPlaceholder';
  children: PhrasingContent[];
}

declare module 'mdast' {
  interface PhrasingContentMap {
    scholiumPlaceholder: PlaceholderNode;
  }
  interface BlockContentMap {
    scholiumPlaceholder: PlaceholderNode;
  }
  interface RootContentMap {
    scholiumPlaceholder: PlaceholderNode;
  }
}

export interface ReferenceContext {
  /** The Markdown the tree was parsed from (attachments are shown as written). */
  source: string;
  dialect: 'obsidian' | 'dendron';
  resolver: LinkResolver;
  markers: Markers;
}

/** Nodes added by the wikilink plugin; mdast's own types do not know them. */
export interface WikiNode {
  type: 'wikiLink' | 'embed';
  value: string;
  data?: { alias?: string };
  position?: Nodes['position'];
}

export function placeholder(ctx: ReferenceContext, marker: Marker, label: string): PlaceholderNode {
  return placeholderOf(ctx, marker, [text(label)]);
}

export function placeholderOf(ctx: ReferenceContext, marker: Marker, children: PhrasingContent[]): PlaceholderNode {
  return { type: 'scholiumPlaceholder', children, data: { hName: 'span', hProperties: { [MARKER_PROPERTY]: ctx.markers.add(marker) } } };
}

export function text(value: string): Text {
  return { type: 'text', value };
}
