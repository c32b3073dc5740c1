/**
 * The Markdown reader used for indexing: markdown-it, set up to read what
 * remark-parse with GFM, math and wikilinks reads (pages are still rendered
 * with remark). markdown-it parses about fifteen times faster here, and parsing
 * bounds a cold index. The differential test holds the two to the same records.
 *
 * What markdown-it lacks is added as rules: `$` math (read like code spans and
 * fences, as remark-math does), `[[wikilinks]]` and `![[embeds]]` (the grammar
 * of @flowershow/remark-wiki-link), GFM's single-tilde strikethrough, and GFM's
 * literal `www.`/`http(s)://` links (`literal-autolink-rule.ts`).
 * Inline tokens carry no lines, so the rules that can swallow a line ending
 * without a break token note how many they swallowed (`meta.lines`).
 */
import markdownIt, { type MarkdownIt, type StateBlock, type StateInline, type Token } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { literalAutolink, textUntilLiteral } from './literal-autolink-rule.ts';

const DOLLAR = 0x24;
const BACKTICK = 0x60;
const CARET = 0x5e;
const SPACE = 0x20;
const TILDE = 0x7e;
const LEFT_BRACKET = 0x5b;
const RIGHT_BRACKET = 0x5d;
const BANG = 0x21;
const PIPE = 0x7c;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** Single-tilde runs are delimiters of their own: GFM pairs `~` with `~` and `~~` with `~~` only. */
const SINGLE_TILDE_MARKER = -TILDE;

type InlineRule = (state: StateInline, silent: boolean) => boolean;

export function createMarkdownReader(): MarkdownIt {
  const md = markdownIt('default', { html: true, linkify: false });
  // remark keeps each destination as written (unescaped, never percent-encoded) and refuses none.
  md.validateLink = () => true;
  md.normalizeLink = (url) => url;
  md.normalizeLinkText = (text) => text;

  md.use(footnote);
  // Definitions stay where they are written (remark keeps them in place); `^[inline]` notes are not GFM.
  md.core.ruler.disable(['footnote_tail']);
  md.inline.ruler.disable(['footnote_inline']);

  md.inline.ruler.at('footnote_ref', footnoteRef);

  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  // mdast keeps a code span's line endings; markdown-it's own rule turns them into spaces.
  md.inline.ruler.at('backticks', codeSpan(BACKTICK, 'code_inline'));
  md.inline.ruler.after('backticks', 'math_inline', codeSpan(DOLLAR, 'math_inline'));
  md.inline.ruler.before('link', 'wikilink', wikilink);
  md.inline.ruler.at('text', textUntilLiteral);
  md.inline.ruler.after('text', 'literal_autolink', literalAutolink);
  md.inline.ruler.at('strikethrough', strikethroughTokenize);
  md.inline.ruler2.at('strikethrough', strikethroughPairs);

  for (const name of ['link', 'image']) {
    // The ruler's own list (not in its typings): `at` replaces a rule, so the original is read first.
    const ruler = md.inline.ruler as unknown as { __rules__: { fn: InlineRule }[]; __find__(name: string): number };
    const rule = ruler.__rules__[ruler.__find__(name)]?.fn;
    if (!rule) throw new Error(`markdown-it has no inline rule ${name}`);
    md.inline.ruler.at(name, countingSwallowedLines(rule));
  }
  return md;
}

/** Line endings a token stands for in the source (break tokens, raw HTML, and what the rules above noted). */
export function linesOf(token: Token): number {
  if (token.type === 'softbreak' || token.type === 'hardbreak') return 1;
  if (token.type === 'html_inline') return countNewlines(token.content, 0, token.content.length);
  return (token.meta as { lines?: number } | null)?.lines ?? 0;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Wraps an inline rule so that the line endings it consumed, less those its own
 * tokens stand for, are noted on its last token: a code span or a link
 * destination over two lines must not shift the lines of what follows.
 */
function countingSwallowedLines(rule: InlineRule): InlineRule {
  return (state, silent) => {
    const start = state.pos;
    const first = state.tokens.length;
    const matched = rule(state, silent);
    if (!matched || silent || state.tokens.length === first) return matched;
    let swallowed = countNewlines(state.src, start, state.pos);
    if (swallowed === 0) return matched;
    for (let i = first; i < state.tokens.length; i++) swallowed -= linesOf(state.tokens[i] as Token);
    if (swallowed > 0) {
      const last = state.tokens[state.tokens.length - 1] as Token;
      last.meta = { ...(last.meta ?? {}), lines: linesOf(last) + swallowed };
    }
    return matched;
  };
}

/** `$$` fences: as code fences, with `$` (two or more) and no `$` after the opening run. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  let pos = (state.bMarks[startLine] as number) + (state.tShift[startLine] as number);
  let max = state.eMarks[startLine] as number;
  if ((state.sCount[startLine] as number) - state.blkIndent >= 4) return false;
  if (state.src.charCodeAt(pos) !== DOLLAR) return false;
  const openStart = pos;
  pos = state.skipChars(pos, DOLLAR);
  const openLength = pos - openStart;
  if (openLength < 2) return false;
  if (state.src.slice(pos, max).includes('$')) return false;
  if (silent) return true;
  let nextLine = startLine;
  let closed = false;
  for (;;) {
    nextLine++;
    if (nextLine >= endLine) break;
    pos = (state.bMarks[nextLine] as number) + (state.tShift[nextLine] as number);
    max = state.eMarks[nextLine] as number;
    if (pos < max && (state.sCount[nextLine] as number) < state.blkIndent) break;
    if (state.src.charCodeAt(pos) !== DOLLAR) continue;
    if ((state.sCount[nextLine] as number) - state.blkIndent >= 4) continue;
    const runStart = pos;
    pos = state.skipChars(pos, DOLLAR);
    if (pos - runStart < openLength) continue;
    pos = state.skipSpaces(pos);
    if (pos < max) continue;
    closed = true;
    break;
  }
  const indent = state.sCount[startLine] as number;
  state.line = nextLine + (closed ? 1 : 0);
  const token = state.push('math_block', 'math', 0);
  token.content = state.getLines(startLine + 1, nextLine, indent, true);
  token.map = [startLine, state.line];
  return true;
}

/**
 * Code spans, and `$…$` math read the same way (as remark-math does): a run of
 * markers closed by a run of the same length; one space or line ending of
 * padding is dropped from each side; line endings inside are kept, as mdast
 * keeps them.
 */
function codeSpan(marker: number, type: 'code_inline' | 'math_inline'): InlineRule {
  const char = String.fromCharCode(marker);
  /** Per inline text: where the last run of each length starts, so an unmatched run costs no scan. */
  const lastRuns = new WeakMap<StateInline, Map<number, number>>();
  return (state, silent) => {
    const start = state.pos;
    const src = state.src;
    if (src.charCodeAt(start) !== marker) return false;
    const max = state.posMax;
    let pos = start + 1;
    while (pos < max && src.charCodeAt(pos) === marker) pos++;
    const openLength = pos - start;
    let runs = lastRuns.get(state);
    if (!runs) {
      runs = lastRunStarts(src, char);
      lastRuns.set(state, runs);
    }
    if ((runs.get(openLength) ?? -1) >= pos) {
      let matchEnd = pos;
      for (let matchStart = src.indexOf(char, matchEnd); matchStart !== -1 && matchStart < max; matchStart = src.indexOf(char, matchEnd)) {
        matchEnd = matchStart + 1;
        while (matchEnd < max && src.charCodeAt(matchEnd) === marker) matchEnd++;
        if (matchEnd - matchStart !== openLength) continue;
        if (!silent) {
          const raw = src.slice(pos, matchStart);
          let content = raw;
          if (/^[ \n]/.test(content) && /[ \n]$/.test(content) && /[^ \n]/.test(content)) content = content.slice(1, -1);
          const token = state.push(type, 'code', 0);
          token.markup = src.slice(start, pos);
          token.content = content;
          const lines = countNewlines(raw, 0, raw.length);
          if (lines) token.meta = { lines };
        }
        state.pos = matchEnd;
        return true;
      }
    }
    if (!silent) state.pending += src.slice(start, pos);
    state.pos = pos;
    return true;
  };
}

function lastRunStarts(src: string, char: string): Map<number, number> {
  const runs = new Map<number, number>();
  for (let pos = src.indexOf(char); pos !== -1; pos = src.indexOf(char, pos)) {
    const start = pos;
    while (src[++pos] === char);
    runs.set(pos - start, start);
  }
  return runs;
}

interface FootnoteEnv {
  footnotes?: { refs?: Record<string, number> };
  /** The defined labels, lower-cased, made once per note (definitions are all read before any text). */
  footnoteLabels?: Set<string>;
}

function definedFootnotes(env: FootnoteEnv): Set<string> | null {
  const refs = env.footnotes?.refs;
  if (!refs) return null;
  env.footnoteLabels ??= new Set(Object.keys(refs).map((key) => key.slice(1).toLowerCase()));
  return env.footnoteLabels;
}

/**
 * `[^label]` calls a footnote defined anywhere in the note; GFM matches labels
 * regardless of case, markdown-it-footnote exactly.
 */
function footnoteRef(state: StateInline, silent: boolean): boolean {
  // As for wikilinks: inside a link's label a call counts as brackets.
  if (silent) return false;
  const src = state.src;
  const start = state.pos;
  const max = state.posMax;
  if (start + 3 > max || src.charCodeAt(start) !== LEFT_BRACKET || src.charCodeAt(start + 1) !== CARET) return false;
  const labels = definedFootnotes(state.env as FootnoteEnv);
  if (!labels) return false;
  let pos = start + 2;
  for (; pos < max; pos++) {
    const code = src.charCodeAt(pos);
    if (code === SPACE || code === NEWLINE) return false;
    if (code === RIGHT_BRACKET) break;
  }
  if (pos === start + 2 || pos >= max) return false;
  const label = src.slice(start + 2, pos);
  if (!labels.has(label.toLowerCase())) return false;
  if (!silent) {
    const token = state.push('footnote_ref', '', 0);
    token.meta = { label };
  }
  state.pos = pos + 1;
  return true;
}

/**
 * `[[target]]`, `[[target|label]]`, `![[embed]]`: the grammar of
 * @flowershow/remark-wiki-link. Any run of two or more `[` opens; the target
 * runs to `|` or `]`, the label to `]`, neither may be empty or cross a line;
 * exactly `]]` closes.
 */
function wikilink(state: StateInline, silent: boolean): boolean {
  // Silent calls come from markdown-it measuring a link's label: there a wikilink must count as
  // brackets, or the label would be refused as nesting a link (remark links `[see [[a]]](b.md)`).
  if (silent) return false;
  const src = state.src;
  const max = state.posMax;
  let pos = state.pos;
  const embed = src.charCodeAt(pos) === BANG;
  if (embed) pos++;
  if (src.charCodeAt(pos) !== LEFT_BRACKET || src.charCodeAt(pos + 1) !== LEFT_BRACKET) return false;
  pos += 2;
  while (pos < max && src.charCodeAt(pos) === LEFT_BRACKET) pos++;
  const targetStart = pos;
  pos = skipWikiText(src, pos, max, true);
  if (pos === targetStart || pos >= max) return false;
  const target = src.slice(targetStart, pos);
  let alias: string | undefined;
  if (src.charCodeAt(pos) === PIPE) {
    const aliasStart = ++pos;
    pos = skipWikiText(src, pos, max, false);
    if (pos === aliasStart || pos >= max) return false;
    alias = src.slice(aliasStart, pos);
  }
  if (src.charCodeAt(pos) !== RIGHT_BRACKET || pos + 1 >= max || src.charCodeAt(pos + 1) !== RIGHT_BRACKET) return false;
  if (!silent) {
    const token = state.push(embed ? 'embed' : 'wikilink', '', 0);
    token.content = target;
    if (alias !== undefined) token.info = alias;
    token.markup = alias === undefined ? '' : '|';
  }
  state.pos = pos + 2;
  return true;
}

function skipWikiText(src: string, from: number, max: number, stopAtPipe: boolean): number {
  let pos = from;
  while (pos < max) {
    const code = src.charCodeAt(pos);
    if (code === NEWLINE || code === CARRIAGE_RETURN || code === RIGHT_BRACKET || (stopAtPipe && code === PIPE)) break;
    pos++;
  }
  return pos;
}

/** `~` and `~~` runs as GFM reads them; a longer run is text. */
function strikethroughTokenize(state: StateInline, silent: boolean): boolean {
  if (silent || state.src.charCodeAt(state.pos) !== TILDE) return false;
  const scanned = state.scanDelims(state.pos, true);
  const run = state.src.slice(state.pos, state.pos + scanned.length);
  if (scanned.length > 2) {
    state.pending += run;
  } else {
    const token = state.push('text', '', 0);
    token.content = run;
    state.delimiters.push({
      marker: scanned.length === 1 ? SINGLE_TILDE_MARKER : TILDE,
      length: 0,
      token: state.tokens.length - 1,
      end: -1,
      open: scanned.can_open,
      close: scanned.can_close,
    });
  }
  state.pos += scanned.length;
  return true;
}

function strikethroughPairs(state: StateInline): boolean {
  pairTildes(state, state.delimiters);
  for (const meta of state.tokens_meta) if (meta?.delimiters) pairTildes(state, meta.delimiters);
  return false;
}

function pairTildes(state: StateInline, delimiters: StateInline['delimiters']): void {
  for (const opener of delimiters) {
    if ((opener.marker !== TILDE && opener.marker !== SINGLE_TILDE_MARKER) || opener.end === -1) continue;
    const closer = delimiters[opener.end];
    if (!closer) continue;
    const open = state.tokens[opener.token] as Token;
    open.type = 's_open';
    open.nesting = 1;
    open.content = '';
    const close = state.tokens[closer.token] as Token;
    close.type = 's_close';
    close.nesting = -1;
    close.content = '';
  }
}
