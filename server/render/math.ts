/**
 * Typesets `$…$` and `$$…$$` with KaTeX on the server.
 *
 * remark-math leaves math as `<code class="language-math math-inline">` and
 * `<pre><code class="language-math math-display">` (a ```` ```math ```` fence is
 * display math too). Each is replaced by KaTeX's HTML, which is trusted:
 * KaTeX escapes the TeX it is given, and `trust: false` refuses `\href`,
 * `\url`, `\includegraphics` and `\html…`. Invalid TeX is shown as KaTeX's
 * red error text rather than failing the note.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import katex, { type KatexOptions } from 'katex';
import { LruCache } from './lru.ts';

const KATEX_OPTIONS: KatexOptions = {
  // HTML for the eye, MathML (hidden by KaTeX's CSS) for screen readers.
  output: 'htmlAndMathml',
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  // Bounds what one formula can make the renderer or the page do.
  maxSize: 20,
  maxExpand: 1000,
};

/** Typeset formulas kept for re-renders: about 8 MB of UTF-16 (a formula is typically 1–5 KB of HTML). */
const cache = new LruCache(4_000_000);

export function typesetMath(tree: HastRoot): void {
  const walk = (children: (RootContent | ElementContent)[]): void => {
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child?.type !== 'element') continue;
      const math = mathIn(child);
      if (math) children[i] = { type: 'raw', value: typeset(math.tex, math.display) };
      else walk(child.children);
    }
  };
  walk(tree.children);
}

/** The TeX of a math element: a `pre` holding only math code, or math `code` on its own. */
function mathIn(element: Element): { tex: string; display: boolean } | null {
  if (element.tagName === 'pre') {
    const only = element.children.length === 1 ? element.children[0] : undefined;
    return only?.type === 'element' && only.tagName === 'code' && hasClass(only, 'language-math') ? { tex: textOf(only), display: true } : null;
  }
  if (element.tagName === 'code' && hasClass(element, 'language-math')) {
    return { tex: textOf(element), display: hasClass(element, 'math-display') };
  }
  return null;
}

export function typeset(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let html: string;
  try {
    html = katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display });
  } catch {
    // throwOnError: false covers TeX errors; anything else still must not break the note.
    html = `<span class="katex-error">${escapeHtml(tex)}</span>`;
  }
  cache.set(key, html);
  return html;
}

export function clearMathCache(): void {
  cache.clear();
}

function hasClass(element: Element, name: string): boolean {
  const classes = element.properties.className;
  return Array.isArray(classes) && classes.includes(name);
}

function textOf(element: Element): string {
  let text = '';
  for (const child of element.children) {
    if (child.type === 'text') text += child.value;
    else if (child.type === 'element') text += textOf(child);
  }
  return text;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
