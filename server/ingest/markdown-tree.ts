/**
 * Markdown → the mdast tree `extract` walks, read by markdown-it
 * (`markdown-syntax.ts`). Only what extraction looks at is built: blocks with
 * their first line, inline text, code, math, links with their URLs, wikilinks
 * and what they contain. GFM's literal autolinks (`www.…`, `https://…`, e-mail
 * addresses) are found in text as mdast-util-gfm-autolink-literal finds them.
 */

import type { Token } from 'markdown-it';
import type { Blockquote, Code, Heading, Link, List, ListItem, Parent, PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import { splitLiteralLinks } from './autolink-literal.ts';
import { createMarkdownReader, linesOf } from './markdown-syntax.ts';

const reader = createMarkdownReader();

/** Parses Markdown (a note's body, without front matter) into an mdast tree. */
export function parseMarkdown(markdown: string): Root {
  const env: { references?: Record<string, { href: string }> } = {};
  const tokens = reader.parse(markdown, env);
  const root: Root = { type: 'root', children: [] };
  new TreeBuilder(tokens, root, markdown).build();
  // Reference definitions leave no tokens; extraction reads them (`[[name]]` goes through `[name]: path.md`).
  for (const [label, reference] of Object.entries(env.references ?? {})) {
    root.children.push({ type: 'definition', identifier: label.toLowerCase(), label, url: reference.href, title: null });
  }
  return root;
}

const at = (line: number) => ({ start: { line, column: 1 }, end: { line, column: 1 } });

type Container = Parent & { children: RootContent[] };

class TreeBuilder {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly root: Root,
    private readonly markdown: string,
  ) {}

  build(): void {
    this.blocks(this.root as Container, null);
  }

  /** Reads blocks into `parent` until the closing token `until` (or the end). */
  private blocks(parent: Container, until: string | null): void {
    const tokens = this.tokens;
    while (this.index < tokens.length) {
      const token = tokens[this.index++] as Token;
      if (token.type === until) return;
      const line = (token.map?.[0] ?? 0) + 1;
      switch (token.type) {
        case 'paragraph_open': {
          const children = this.inline(line);
          this.index++; // paragraph_close
          parent.children.push({ type: 'paragraph', children, position: at(line) });
          break;
        }
        case 'heading_open': {
          const children = this.inline(line);
          this.index++;
          const depth = Number(token.tag.slice(1)) as Heading['depth'];
          parent.children.push({ type: 'heading', depth, children, position: at(line) });
          break;
        }
        case 'blockquote_open':
          parent.children.push(this.container<Blockquote>({ type: 'blockquote', children: [], position: at(line) }, 'blockquote_close'));
          break;
        case 'bullet_list_open':
        case 'ordered_list_open': {
          const list: List = { type: 'list', ordered: token.type === 'ordered_list_open', children: [], position: at(line) };
          parent.children.push(this.container(list, token.type.replace('_open', '_close')));
          break;
        }
        case 'list_item_open': {
          const item = this.container({ type: 'listItem', children: [], position: at(line) } as ListItem, 'list_item_close') as ListItem;
          removeTaskCheck(item);
          parent.children.push(item);
          break;
        }
        case 'footnote_reference_open': {
          const label = (token.meta as { label?: string } | null)?.label ?? '';
          const definition = { type: 'footnoteDefinition' as const, identifier: label.toLowerCase(), label, children: [], position: at(line) };
          parent.children.push(this.container(definition, 'footnote_reference_close'));
          break;
        }
        case 'table_open':
          parent.children.push(this.table(line));
          break;
        case 'fence':
        case 'code_block':
          parent.children.push({ type: 'code', value: this.codeValue(token), position: at(line) } satisfies Code);
          break;
        case 'math_block':
          parent.children.push({ type: 'math', value: token.content.replace(/\n$/, ''), position: at(line) });
          break;
        case 'html_block':
          parent.children.push({ type: 'html', value: token.content, position: at(line) });
          break;
        case 'hr':
          parent.children.push({ type: 'thematicBreak', position: at(line) });
          break;
        default:
          // footnote anchors, closing tokens of skipped blocks: nothing to keep
          break;
      }
    }
  }

  /**
   * A fence left open runs to the end of its container; mdast leaves out the blank
   * lines before that end, markdown-it keeps them.
   */
  private codeValue(token: Token): string {
    const value = token.content.replace(/\n$/, '');
    if (token.type !== 'fence' || !value.endsWith('\n') || !token.map) return value;
    const lines = this.lineStarts();
    // Open to the end of the note: remark keeps the blank lines then.
    if (token.map[1] >= lines.length) return value;
    // The fence's last line, without the quote markers and indent of its containers.
    const lastLine = lineAt(this.markdown, lines, token.map[1] - 1)
      .replace(/^[\s>]*/, '')
      .trimEnd();
    const closed = lastLine.length >= token.markup.length && lastLine.replaceAll(token.markup[0] ?? '`', '') === '';
    return closed ? value : value.replace(/\n+$/, '');
  }

  private starts: number[] | null = null;

  /** Where each line starts, found once per note on first need. */
  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    for (let i = this.markdown.indexOf('\n'); i !== -1; i = this.markdown.indexOf('\n', i + 1)) starts.push(i + 1);
    if (starts.at(-1) === this.markdown.length) starts.pop();
    this.starts = starts;
    return starts;
  }

  private container<T extends Parent>(node: T, until: string): T {
    this.blocks(node as unknown as Container, until);
    return node;
  }

  private table(line: number): Table {
    const table: Table = { type: 'table', children: [], position: at(line) };
    let row: TableRow | null = null;
    while (this.index < this.tokens.length) {
      const token = this.tokens[this.index++] as Token;
      if (token.type === 'table_close') break;
      if (token.type === 'tr_open') {
        row = { type: 'tableRow', children: [], position: at((token.map?.[0] ?? line - 1) + 1) } satisfies TableRow;
        table.children.push(row);
      } else if ((token.type === 'th_open' || token.type === 'td_open') && row) {
        const rowLine = row.position?.start.line ?? line;
        const children = this.tokens[this.index]?.type === 'inline' ? this.inline(rowLine) : [];
        row.children.push({ type: 'tableCell', children, position: at(rowLine) } satisfies TableCell);
      }
    }
    return table;
  }

  /** The inline token at the cursor as phrasing content; `line` is where its block starts. */
  private inline(line: number): PhrasingContent[] {
    const token = this.tokens[this.index] as Token;
    if (token.type !== 'inline') return [];
    this.index++;
    const start = (token.map?.[0] ?? line - 1) + 1;
    return new InlineBuilder(token.children ?? [], start).build();
  }
}

class InlineBuilder {
  private line: number;

  constructor(
    private readonly tokens: Token[],
    startLine: number,
  ) {
    this.line = startLine;
  }

  build(): PhrasingContent[] {
    const out: PhrasingContent[] = [];
    this.read(out, 0, null, false);
    return out;
  }

  /**
   * Reads tokens from `from` into `out` until the closing type `until`; returns the index after it.
   * Outside links, text is then searched for literal autolinks.
   */
  private read(out: PhrasingContent[], from: number, until: string | null, inLink: boolean): number {
    const end = this.readNodes(out, from, until, inLink);
    if (!inLink) splitTextNodes(out);
    return end;
  }

  private readNodes(out: PhrasingContent[], from: number, until: string | null, inLink: boolean): number {
    let i = from;
    while (i < this.tokens.length) {
      const token = this.tokens[i++] as Token;
      if (token.type === until) {
        this.line += linesOf(token);
        return i;
      }
      const line = this.line;
      switch (token.type) {
        case 'text':
          this.text(out, token.content, line);
          break;
        case 'softbreak': {
          // markdown-it leaves tabs before a line ending; mdast drops all trailing whitespace.
          const last = out[out.length - 1];
          if (last?.type === 'text' && /[ \t]$/.test(last.value)) last.value = last.value.replace(/[ \t]+$/, '');
          this.text(out, '\n', line);
          break;
        }
        case 'hardbreak':
          out.push({ type: 'break', position: at(line) });
          break;
        case 'code_inline':
          out.push({ type: 'inlineCode', value: token.content, position: at(line) });
          break;
        case 'math_inline':
          out.push({ type: 'inlineMath', value: token.content, position: at(line) });
          break;
        case 'html_inline':
          out.push({ type: 'html', value: token.content, position: at(line) });
          break;
        case 'image':
          out.push({ type: 'image', url: String(token.attrGet('src') ?? ''), alt: token.content, position: at(line) });
          break;
        case 'footnote_ref': {
          const label = (token.meta as { label?: string } | null)?.label ?? '';
          out.push({ type: 'footnoteReference', identifier: label.toLowerCase(), label, position: at(line) });
          break;
        }
        case 'wikilink':
        case 'embed': {
          const node = {
            type: token.type === 'embed' ? 'embed' : 'wikiLink',
            value: token.content,
            data: token.markup ? { alias: token.info } : {},
            position: at(line),
          };
          out.push(node as unknown as PhrasingContent);
          break;
        }
        case 'link_open': {
          const link: Link = { type: 'link', url: String(token.attrGet('href') ?? ''), children: [], position: at(line) };
          this.line += linesOf(token);
          i = this.read(link.children, i, 'link_close', true);
          out.push(link);
          continue;
        }
        case 'em_open':
        case 'strong_open':
        case 's_open': {
          const type = token.type === 'em_open' ? 'emphasis' : token.type === 'strong_open' ? 'strong' : 'delete';
          const node = { type, children: [] as PhrasingContent[], position: at(line) } as PhrasingContent & { children: PhrasingContent[] };
          this.line += linesOf(token);
          i = this.read(node.children, i, token.type.replace('_open', '_close'), inLink);
          out.push(node);
          continue;
        }
        default:
          break;
      }
      this.line += linesOf(token);
    }
    return i;
  }

  /** Adjacent text (and soft breaks) is one text node, as in mdast; literal autolinks are split out of it. */
  private text(out: PhrasingContent[], value: string, line: number): void {
    const last = out[out.length - 1];
    if (last?.type === 'text') {
      last.value += value;
      return;
    }
    out.push({ type: 'text', value, position: at(line) });
  }
}

/** The text of 0-based line `index`. */
function lineAt(text: string, starts: number[], index: number): string {
  const start = starts[index];
  if (start === undefined) return '';
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end);
}

function splitTextNodes(nodes: PhrasingContent[]): void {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (node?.type !== 'text') continue;
    const pieces = splitLiteralLinks(node);
    if (pieces) nodes.splice(i, 1, ...pieces);
  }
}

/** GFM task items: `[ ]`/`[x]` opening an item's first paragraph is a check box, not text (as remark-gfm reads it). */
function removeTaskCheck(item: ListItem): void {
  const paragraph = item.children[0];
  if (paragraph?.type !== 'paragraph') return;
  const head = paragraph.children[0];
  if (head?.type !== 'text' || !/^\[[ \t\nxX]\](?:\n|[ \t])/.test(head.value)) return;
  // After the box: a line ending, or spaces and then anything (here or in the next node).
  if (!head.value[3]?.startsWith('\n') && !/[^ \t]/.test(head.value.slice(4)) && paragraph.children.length === 1) return;
  head.value = head.value.slice(4);
  if (head.value === '') paragraph.children.shift();
}
