/**
 * GFM literal autolinks that start with `www.`, `http://` or `https://`, read
 * as remark-gfm's tokenizer (micromark-extension-gfm-autolink-literal) reads
 * them: while the inline text is read, so that a `_`, `~` or `*` inside a URL
 * is part of the URL and never an emphasis or strikethrough delimiter
 * (`…/__init__.py`, `http://a.edu/~alice/`). Same domain, path and trailing-
 * punctuation rules; e-mail addresses are left to the transform that remark-gfm
 * also runs afterwards (`autolink-literal.ts`), as are URLs after a `[` that no
 * `]` has closed, which remark's tokenizer leaves to that transform too.
 *
 * markdown-it's text rule runs over letters without stopping, so it is replaced
 * by one that also stops where a literal may start.
 */
import type { StateInline } from 'markdown-it';

type InlineRule = (state: StateInline, silent: boolean) => boolean;

const EOF = -1;
const LITERAL_START = /https?:\/\/|www\./gi;
const PROTOCOL = /^https?:\/\//i;
const UNICODE_PUNCTUATION = /[\p{P}\p{S}]/u;
const UNICODE_WHITESPACE = /\s/;

/**
 * Where literals may start in the inline text read last, ascending. The text rule asks at every
 * stop, so one text's answer is kept (a WeakMap by state took a third of the rule's time); texts
 * equal in content have the same starts.
 */
let startsSource: string | undefined;
let starts: number[] = [];
/** Per inline text: how far `[`/`]` have been counted, and the depth there. */
const bracketsByState = new WeakMap<StateInline, { at: number; depth: number }>();

function literalStarts(state: StateInline): number[] {
  const src = state.src;
  if (src !== startsSource) {
    starts = [];
    LITERAL_START.lastIndex = 0;
    for (let m = LITERAL_START.exec(src); m; m = LITERAL_START.exec(src)) starts.push(m.index);
    startsSource = src;
  }
  return starts;
}

/** The first place a literal may start at or after `from`, or -1. */
function nextLiteralStart(state: StateInline, from: number): number {
  const starts = literalStarts(state);
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return starts[lo] ?? -1;
}

/** markdown-it's text rule, stopping also where a literal may start. */
export const textUntilLiteral: InlineRule = (state, silent) => {
  const src = state.src;
  const next = nextLiteralStart(state, state.pos);
  const end = next === -1 ? state.posMax : Math.min(next, state.posMax);
  let pos = state.pos;
  while (pos < end && !isTerminator(src.charCodeAt(pos))) pos++;
  if (pos === state.pos) return false;
  if (!silent) state.pending += src.slice(state.pos, pos);
  state.pos = pos;
  return true;
};

export const literalAutolink: InlineRule = (state, silent) => {
  // Inside a link's label (or while one is being measured) remark makes no literal either.
  if (silent || (state as StateInline & { linkLevel: number }).linkLevel > 0) return false;
  const src = state.src;
  const start = state.pos;
  const max = state.posMax;
  const first = src.charCodeAt(start) | 0x20;
  if ((first !== 0x68 && first !== 0x77) || nextLiteralStart(state, start) !== start) return false;
  const previous = start > 0 ? src.charCodeAt(start - 1) : EOF;
  let domainStart = start;
  let prefix = '';
  if (first === 0x77) {
    if (!previousWww(previous) || start + 4 >= max) return false;
    prefix = 'http://';
  } else {
    if (isAsciiAlpha(previous)) return false;
    domainStart = start + (PROTOCOL.exec(src.slice(start, start + 8))?.[0].length ?? 0);
    const next = at(src, domainStart, max);
    if (next === EOF || next < 0x20 || next === 0x7f || isWhitespace(next) || isUnicodePunctuation(next)) return false;
  }
  if (unbalancedBefore(state, start)) return false;
  const domainEnd = domain(src, domainStart, max);
  if (domainEnd === -1) return false;
  const end = path(src, domainEnd, max);
  const raw = src.slice(start, end);
  const open = state.push('link_open', 'a', 1);
  open.attrs = [['href', prefix + raw]];
  open.markup = 'linkify';
  open.info = 'auto';
  state.push('text', '', 0).content = raw;
  const close = state.push('link_close', 'a', -1);
  close.markup = 'linkify';
  close.info = 'auto';
  state.pos = end;
  return true;
};

/** The domain from `pos`: its end, or -1 when it is none (empty, or `_` in its last two labels). */
function domain(src: string, from: number, max: number): number {
  let pos = from;
  let seen = false;
  let underscoreInLast = false;
  let underscoreInLastButOne = false;
  for (;;) {
    const code = at(src, pos, max);
    if (code === 0x2e || code === 0x5f) {
      if (isTrail(src, pos, max)) break;
      if (code === 0x5f) underscoreInLast = true;
      else {
        underscoreInLastButOne = underscoreInLast;
        underscoreInLast = false;
      }
      pos++;
      continue;
    }
    if (code === EOF || isWhitespace(code) || (code !== 0x2d && isUnicodePunctuation(code))) break;
    seen = true;
    pos++;
  }
  return underscoreInLast || underscoreInLastButOne || !seen ? -1 : pos;
}

/** Punctuation a path may end before: `!"&')*,.:;<?]_~`. */
function isPathPunctuation(code: number): boolean {
  return (
    code === 0x21 ||
    code === 0x22 ||
    code === 0x26 ||
    code === 0x27 ||
    code === 0x29 ||
    code === 0x2a ||
    code === 0x2c ||
    code === 0x2e ||
    code === 0x3a ||
    code === 0x3b ||
    code === 0x3c ||
    code === 0x3f ||
    code === 0x5d ||
    code === 0x5f ||
    code === 0x7e
  );
}

/** The path from `pos` (after the domain): its end. Balanced parentheses belong to it. */
function path(src: string, from: number, max: number): number {
  let pos = from;
  let opened = 0;
  let closed = 0;
  for (;;) {
    const code = at(src, pos, max);
    if (code === EOF || isWhitespace(code)) return pos;
    if (code === 0x28) opened++;
    else if (code === 0x29 && closed < opened) closed++;
    else if (isPathPunctuation(code)) {
      if (isTrail(src, pos, max)) return pos;
      if (code === 0x29) closed++;
    }
    pos++;
  }
}

/** Whether the text from `pos` is trailing punctuation: some of `!"')*,.:;?_~`, `&name;`, `]`, then an end. */
function isTrail(src: string, from: number, max: number): boolean {
  let pos = from;
  for (;;) {
    const code = at(src, pos, max);
    if (
      code === 0x21 ||
      code === 0x22 ||
      code === 0x27 ||
      code === 0x29 ||
      code === 0x2a ||
      code === 0x2c ||
      code === 0x2e ||
      code === 0x3a ||
      code === 0x3b ||
      code === 0x3f ||
      code === 0x5f ||
      code === 0x7e
    ) {
      pos++;
    } else if (code === 0x26) {
      pos++;
      if (!isAsciiAlpha(at(src, pos, max))) return false;
      while (isAsciiAlpha(at(src, pos, max))) pos++;
      if (at(src, pos, max) !== 0x3b) return false;
      pos++;
    } else if (code === 0x5d) {
      pos++;
      const next = at(src, pos, max);
      if (next === EOF || next === 0x28 || next === 0x5b || isWhitespace(next)) return true;
    } else {
      return code === 0x3c || code === EOF || isWhitespace(code);
    }
  }
}

/** Whether a `[` before `pos` is still open (remark's tokenizer makes no literal there). Counted once per text. */
function unbalancedBefore(state: StateInline, pos: number): boolean {
  let count = bracketsByState.get(state);
  if (!count || count.at > pos) count = { at: 0, depth: 0 };
  const src = state.src;
  let depth = count.depth;
  let i = count.at;
  for (; i < pos; i++) {
    const code = src.charCodeAt(i);
    if (code === 0x5c) i++;
    else if (code === 0x5b) depth++;
    else if (code === 0x5d && depth > 0) depth--;
  }
  bracketsByState.set(state, { at: Math.max(i, pos), depth });
  return depth > 0;
}

function previousWww(code: number): boolean {
  return (
    code === EOF ||
    code === 0x28 ||
    code === 0x2a ||
    code === 0x5f ||
    code === 0x5b ||
    code === 0x5d ||
    code === 0x7e ||
    code === 0x20 ||
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d
  );
}

function at(src: string, pos: number, max: number): number {
  return pos < max ? src.charCodeAt(pos) : EOF;
}

function isAsciiAlpha(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isWhitespace(code: number): boolean {
  // Tab, line feed, vertical tab, form feed, carriage return, space; then Unicode's.
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code > 0x7f && UNICODE_WHITESPACE.test(String.fromCharCode(code)));
}

function isUnicodePunctuation(code: number): boolean {
  if (code < 0x80) return (code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) || (code >= 0x5b && code <= 0x60) || (code >= 0x7b && code <= 0x7e);
  return UNICODE_PUNCTUATION.test(String.fromCharCode(code));
}

/** The characters markdown-it's text rule stops at (its own list, which it does not export). */
function isTerminator(code: number): boolean {
  switch (code) {
    case 0x0a:
    case 0x21:
    case 0x23:
    case 0x24:
    case 0x25:
    case 0x26:
    case 0x2a:
    case 0x2b:
    case 0x2d:
    case 0x3a:
    case 0x3c:
    case 0x3d:
    case 0x3e:
    case 0x40:
    case 0x5b:
    case 0x5c:
    case 0x5d:
    case 0x5e:
    case 0x5f:
    case 0x60:
    case 0x7b:
    case 0x7d:
    case 0x7e:
      return true;
    default:
      return false;
  }
}
