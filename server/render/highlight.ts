/**
 * Syntax highlighting of fenced code with Shiki, on the server.
 *
 * One highlighter per process, created on first use with a handful of
 * languages and the JavaScript regex engine (no WebAssembly to load). Colours
 * come from two themes at once: inline `color` is the light theme and
 * `--shiki-dark` holds the dark one, so the page can follow the system theme
 * with the CSS in `CODE_THEME_CSS`. Code in other languages, or too big to
 * highlight quickly, stays plain escaped code.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import type { HighlighterCore } from 'shiki/core';
import { LruCache } from './lru.ts';

export const CODE_THEMES = { light: 'github-light', dark: 'github-dark' } as const;

/** Highlighted languages and the fence names that mean them. */
const LANGUAGES: Record<string, string[]> = {
  python: ['py', 'python3'],
  typescript: ['ts', 'mts', 'cts'],
  javascript: ['js', 'mjs', 'cjs'],
  shellscript: ['bash', 'sh', 'shell', 'zsh'],
  json: ['jsonc'],
  yaml: ['yml'],
  latex: ['tex'],
  text: ['txt', 'plain', 'plaintext'],
};
const CANONICAL = new Map(Object.entries(LANGUAGES).flatMap(([name, aliases]) => [name, ...aliases].map((alias) => [alias, name] as const)));

/** Past these, a block is shown plain: tokenizing is roughly linear but slow (a few ms per 100 lines). */
export const MAX_HIGHLIGHT_CHARS = 100_000;
export const MAX_HIGHLIGHT_LINES = 2_000;
/** Highlighted HTML kept for re-renders: about 16 MB of UTF-16. */
const CACHE_CHARS = 8_000_000;

/** The page CSS that switches highlighted code to the dark theme; the light theme needs none. */
export const CODE_THEME_CSS = `@media (prefers-color-scheme: dark) {
  .shiki, .shiki span { color: var(--shiki-dark) !important; background-color: var(--shiki-dark-bg) !important; }
}`;

let loading: Promise<HighlighterCore> | undefined;
let loaded: HighlighterCore | undefined;
const cache = new LruCache(CACHE_CHARS);

/** The process's highlighter, created on the first call (the same promise afterwards). */
export function loadHighlighter(): Promise<HighlighterCore> {
  loading ??= createHighlighter().then(
    (highlighter) => {
      loaded = highlighter;
      return highlighter;
    },
    (error: unknown) => {
      loading = undefined; // let the next render try again
      throw new Error(`render: cannot load the Shiki highlighter: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    },
  );
  return loading;
}

/**
 * Loads the highlighter and compiles every grammar by highlighting a line in
 * each language: the first block of a language otherwise pays for it (tens to
 * hundreds of ms). For a server to call at start-up, without waiting.
 */
export async function warmUpHighlighter(): Promise<void> {
  const highlighter = await loadHighlighter();
  for (const lang of Object.keys(LANGUAGES)) {
    await new Promise((resolve) => setImmediate(resolve)); // one grammar at a time, letting requests in between
    highlighter.codeToHtml('x', { lang, themes: CODE_THEMES });
  }
}

/** The highlighter if it has finished loading, else undefined. */
export function loadedHighlighter(): HighlighterCore | undefined {
  return loaded;
}

async function createHighlighter(): Promise<HighlighterCore> {
  const [{ createHighlighterCore }, { createJavaScriptRegexEngine }] = await Promise.all([import('shiki/core'), import('shiki/engine/javascript')]);
  return createHighlighterCore({
    themes: [import('shiki/themes/github-light.mjs'), import('shiki/themes/github-dark.mjs')],
    langs: [
      import('shiki/langs/python.mjs'),
      import('shiki/langs/typescript.mjs'),
      import('shiki/langs/javascript.mjs'),
      import('shiki/langs/shellscript.mjs'),
      import('shiki/langs/json.mjs'),
      import('shiki/langs/yaml.mjs'),
      import('shiki/langs/latex.mjs'),
    ],
    engine: createJavaScriptRegexEngine(),
  });
}

/** Replaces each `<pre><code class="language-X">` in a known language by Shiki's HTML. */
export function highlightCode(tree: HastRoot, highlighter: HighlighterCore): void {
  const walk = (children: (RootContent | ElementContent)[]): void => {
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child?.type !== 'element') continue;
      const block = child.tagName === 'pre' ? codeBlock(child) : null;
      const html = block ? highlight(highlighter, block.code, block.lang) : null;
      if (html !== null) children[i] = { type: 'raw', value: html };
      else walk(child.children);
    }
  };
  walk(tree.children);
}

function codeBlock(pre: Element): { code: string; lang: string } | null {
  const code = pre.children.length === 1 ? pre.children[0] : undefined;
  if (code?.type !== 'element' || code.tagName !== 'code') return null;
  const classes = code.properties.className;
  const language = Array.isArray(classes) ? classes.find((c): c is string => typeof c === 'string' && c.startsWith('language-')) : undefined;
  const lang = language ? CANONICAL.get(language.slice('language-'.length).toLowerCase()) : undefined;
  if (!lang || code.children.length !== 1 || code.children[0]?.type !== 'text') return null;
  return { code: code.children[0].value, lang };
}

/** Shiki's HTML for a block, or null to leave it plain. */
function highlight(highlighter: HighlighterCore, code: string, lang: string): string | null {
  if (code.length > MAX_HIGHLIGHT_CHARS || countLines(code) > MAX_HIGHLIGHT_LINES) return null;
  const key = `${lang}\0${code}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let html: string;
  try {
    html = highlighter.codeToHtml(code.replace(/\n$/, ''), {
      lang,
      themes: CODE_THEMES,
      transformers: [
        {
          pre(node) {
            node.properties['data-language'] = lang;
          },
        },
      ],
    });
  } catch {
    return null; // a grammar that chokes on this code: plain is better than nothing
  }
  cache.set(key, html);
  return html;
}

export function clearCodeCache(): void {
  cache.clear();
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
