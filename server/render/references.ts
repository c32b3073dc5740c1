/**
 * Resolves what a note refers to, on the Markdown tree: wikilinks, embeds,
 * Markdown links to notes (links.ts), pandoc citations and bare arXiv ids /
 * DOIs (citations.ts). Each becomes a placeholder (placeholders.ts).
 */
import type { Nodes, Parents, Root, RootContent } from 'mdast';
import { markCitations } from './citations.ts';
import { blockEmbed, resolveLinks } from './links.ts';
import type { ReferenceContext } from './placeholders.ts';

/** Resolves every reference in the tree, in place. */
export function resolveReferences(tree: Root, ctx: ReferenceContext): void {
  const definitions = new Map<string, string>();
  collectDefinitions(tree, definitions);
  const visitBlocks = (parent: Parents): void => {
    const children = parent.children as RootContent[];
    for (let i = 0; i < children.length; i++) {
      const node = children[i] as Nodes;
      switch (node.type) {
        case 'paragraph': {
          const embed = blockEmbed(node, ctx);
          if (embed) {
            children[i] = embed;
            break;
          }
          resolveInline(node, ctx, definitions);
          break;
        }
        case 'heading':
        case 'tableCell':
          resolveInline(node, ctx, definitions);
          break;
        case 'code':
        case 'math':
        case 'html':
        case 'yaml':
        case 'definition':
          break;
        default:
          if ('children' in node) visitBlocks(node);
      }
    }
  };
  visitBlocks(tree);
}

function collectDefinitions(node: Nodes, definitions: Map<string, string>): void {
  if (node.type === 'definition') definitions.set(node.identifier.toLowerCase(), node.url);
  if ('children' in node) for (const child of node.children) collectDefinitions(child as Nodes, definitions);
}

function resolveInline(block: Parents, ctx: ReferenceContext, definitions: Map<string, string>): void {
  markCitations(block, ctx);
  resolveLinks(block, ctx, definitions);
}
