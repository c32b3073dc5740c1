/**
 * The passage shown under a search hit: the window of about 30 words that
 * holds the most distinct query words (then the most matches), with matched
 * words in `<mark>` and everything else HTML-escaped.
 *
 * Computed here rather than with FTS5's snippet(): that one re-tokenises the
 * whole column per phrase and took seconds on long notes with long queries.
 */
import { escapeHtml, fold } from './text.ts';

export interface SnippetTerm {
  /** Folded word. */
  word: string;
  prefix: boolean;
}

export interface Passage {
  html: string;
  /** Distinct query words × 100 + matches in the window: how good a passage it is. */
  score: number;
  /** Character offset in the text of the passage's first matched word (or of its start, without a match). */
  offset: number;
  matched: boolean;
}

const WINDOW_WORDS = 30;
const TOKEN = /[\p{L}\p{N}]+/gu;
const NON_ASCII = /[^ -~\t\n\r]/;

/** About 30 words of prose, in characters: the span in which matches are counted to locate the passage. */
const LOCATE_WINDOW_CHARS = 220;
const MAX_OCCURRENCES_PER_TERM = 400;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const WORD_CODE_POINT = /^[\p{L}\p{N}]$/u;

/**
 * Finds the best passage in two steps: locate the densest span of query words
 * by scanning the lower-cased text with indexOf (native, fast on long notes),
 * then tokenise only that neighbourhood to choose the window and mark words.
 */
export function bestPassage(text: string, terms: SnippetTerm[], windowWords = WINDOW_WORDS): Passage {
  return bestPassageAmong(text, [{ start: 0, end: text.length }], terms, windowWords);
}

/** A part of a text (a section under one heading) that a passage must not cross. */
export interface Span {
  start: number;
  end: number;
}

/**
 * The best passage of a text split into sections, and the index of the section
 * it is in. The densest span of the `locate` terms (by default all; a caller may
 * leave out words found everywhere, which only crowd the count) is found in every
 * section first (cheap); only the winner is tokenised and marked, with all terms.
 */
export function bestPassageAmong(
  text: string,
  sections: Span[],
  terms: SnippetTerm[],
  windowWords = WINDOW_WORDS,
  locate: SnippetTerm[] = terms,
): Passage & { section: number } {
  // Sections without text (a heading right after another) hold no passage.
  const firstIndex = sections.findIndex((s) => s.end > s.start);
  const first = sections[firstIndex];
  if (!first) return { html: '', score: 0, offset: 0, matched: false, section: 0 };
  // Folding (accents off, lower case) keeps offsets for nearly all text; where it does not, scan every section whole.
  const folded = fold(text);
  if (folded.length !== text.length) {
    let best: (Passage & { section: number }) | null = null;
    for (let index = firstIndex; index < sections.length; index++) {
      const s = sections[index] as Span;
      if (s.end <= s.start) continue;
      const passage = scanPassage(text.slice(s.start, s.end), terms, windowWords);
      if (!best || passage.score > best.score) best = { ...passage, offset: passage.offset + s.start, section: index };
    }
    return best as Passage & { section: number };
  }
  const best = densestSpan(folded, sections, locate);
  // No query word anywhere: the opening words stand in, and only they need tokenising.
  if (!best) {
    const opening = scanPassage(openingWords(text.slice(first.start, first.end), windowWords + 1), terms, windowWords);
    return { ...opening, offset: opening.offset + first.start, section: firstIndex };
  }
  const { index, at } = best;
  const section = sections[index] as Span;
  const from = wordStart(text, Math.max(section.start, at - LOCATE_WINDOW_CHARS), section.start);
  const to = Math.min(section.end, at + 2 * LOCATE_WINDOW_CHARS);
  const local = scanPassage(text.slice(from, to), terms, windowWords);
  const html = `${from > section.start && !local.html.startsWith('…') ? '…' : ''}${local.html}${to < section.end && !local.html.endsWith('…') ? '…' : ''}`;
  return { ...local, html, offset: local.offset + from, section: index };
}

/** Query words a passage is located by, at most: a hit is packed as `position × TERM_SLOTS + term`. */
const TERM_SLOTS = 1024;

/**
 * The span (of `LOCATE_WINDOW_CHARS`) with the most distinct query words, then the most
 * matches, that lies within one section: its section, where it starts, and its score;
 * null when no query word is in any section. One pass over the text a word, whatever
 * the number of sections (a long note has hundreds of headings).
 */
function densestSpan(lower: string, sections: readonly Span[], terms: SnippetTerm[]): { index: number; at: number; score: number } | null {
  const hits: number[] = [];
  const cap = MAX_OCCURRENCES_PER_TERM * sections.length;
  const located = Math.min(terms.length, TERM_SLOTS);
  for (let i = 0; i < located; i++) {
    const word = (terms[i] as SnippetTerm).word;
    const prefix = (terms[i] as SnippetTerm).prefix;
    if (!word) continue;
    let found = 0;
    for (let pos = lower.indexOf(word); pos !== -1 && found < cap; pos = lower.indexOf(word, pos + 1)) {
      if (isWordCharAt(lower, pos - 1) || (!prefix && isWordCharAt(lower, pos + word.length))) continue;
      hits.push(pos * TERM_SLOTS + i);
      found++;
    }
  }
  if (hits.length === 0) return null;
  const sorted = Float64Array.from(hits).sort();
  // The hits inside a section (not on a heading's own line), with the section each is in.
  const positions: number[] = [];
  const termsAt: number[] = [];
  const sectionAt: number[] = [];
  let s = 0;
  for (const packed of sorted) {
    const pos = Math.floor(packed / TERM_SLOTS);
    const term = packed - pos * TERM_SLOTS;
    const end = pos + (terms[term] as SnippetTerm).word.length;
    while (s < sections.length && (sections[s] as Span).end <= pos) s++;
    const section = sections[s];
    if (!section || pos < section.start || end > section.end) continue;
    positions.push(pos);
    termsAt.push(term);
    sectionAt.push(s);
  }
  const counts = new Int32Array(located);
  let distinct = 0;
  /** Takes a hit of `term` out of the window; 1 when it was the term's last. */
  const leave = (term: number): number => {
    counts[term] = (counts[term] as number) - 1;
    return counts[term] === 0 ? 1 : 0;
  };
  let best: { index: number; at: number; score: number } | null = null;
  let left = 0;
  for (let right = 0; right < positions.length; right++) {
    const pos = positions[right] as number;
    if (sectionAt[right] !== sectionAt[left]) {
      // A new section: the window starts again.
      for (; left < right; left++) distinct -= leave(termsAt[left] as number);
    }
    const entering = termsAt[right] as number;
    if (counts[entering] === 0) distinct++;
    counts[entering] = (counts[entering] as number) + 1;
    for (; (positions[left] as number) < pos - LOCATE_WINDOW_CHARS; left++) distinct -= leave(termsAt[left] as number);
    const score = distinct * 100 + (right - left + 1);
    if (!best || score > best.score) best = { index: sectionAt[right] as number, at: positions[left] as number, score };
  }
  return best;
}

/** How many code units the letter or digit at `i` takes (2 beyond the Basic Multilingual Plane), or 0 for any other character. */
function wordCharWidth(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) ? 1 : 0;
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) return WORD_CODE_POINT.test(text.slice(i, i + 2)) ? 2 : 0;
  return WORD_CHAR.test(text[i] as string) ? 1 : 0;
}

/** Whether the character at `i` is a letter or digit (false outside the text). */
function isWordCharAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const code = text.charCodeAt(i);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  return WORD_CHAR.test(text[i] as string);
}

/** The text up to the end of its `count`-th word (all of it if shorter). */
function openingWords(text: string, count: number): string {
  let end = text.length;
  let n = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (++n === count) {
      end = m.index + m[0].length;
      break;
    }
  }
  return text.slice(0, end);
}

function wordStart(text: string, offset: number, floor = 0): number {
  let i = offset;
  while (i > floor && WORD_CHAR.test(text[i - 1] as string)) i--;
  return i;
}

/** Tokenises the whole text and slides a window of `windowWords` words over it. */
function scanPassage(text: string, terms: SnippetTerm[], windowWords: number): Passage {
  const exact = new Map<string, number>();
  const prefixes: [string, number][] = [];
  terms.forEach((t, i) => {
    if (t.prefix) prefixes.push([t.word, i]);
    else if (!exact.has(t.word)) exact.set(t.word, i);
  });
  const termOf = (raw: string): number => {
    // Folding is the costly step; most words are ASCII and only need lower-casing.
    const word = NON_ASCII.test(raw) ? fold(raw) : raw.toLowerCase();
    const hit = exact.get(word);
    if (hit !== undefined) return hit;
    for (const [prefix, i] of prefixes) if (word.startsWith(prefix)) return i;
    return -1;
  };
  const tokens: { start: number; end: number; term: number }[] = [];
  // Words as TOKEN matches them (letters and digits), found by a loop over the characters: matching the
  // regex made an array per word, and this runs over ~100 words for each hit of each query.
  for (let i = 0; i < text.length; ) {
    let width = wordCharWidth(text, i);
    if (width === 0) {
      i++;
      continue;
    }
    const start = i;
    do {
      i += width;
      width = i < text.length ? wordCharWidth(text, i) : 0;
    } while (width > 0);
    tokens.push({ start, end: i, term: termOf(text.slice(start, i)) });
  }
  if (tokens.length === 0) return { html: '', score: 0, offset: 0, matched: false };

  // Slide a window of `windowWords` tokens; score = distinct terms × 100 + matches.
  const counts = new Int32Array(terms.length);
  let distinct = 0;
  let matches = 0;
  let best = { start: 0, score: -1 };
  for (let i = 0; i < tokens.length; i++) {
    const entering = (tokens[i] as { term: number }).term;
    if (entering >= 0) {
      if (counts[entering] === 0) distinct++;
      counts[entering] = (counts[entering] as number) + 1;
      matches++;
    }
    const leavingIndex = i - windowWords;
    if (leavingIndex >= 0) {
      const leaving = (tokens[leavingIndex] as { term: number }).term;
      if (leaving >= 0) {
        counts[leaving] = (counts[leaving] as number) - 1;
        if (counts[leaving] === 0) distinct--;
        matches--;
      }
    }
    const score = distinct * 100 + matches;
    if (score > best.score) best = { start: Math.max(0, i - windowWords + 1), score };
  }
  const matched = best.score > 0;
  // With no match, the opening words stand in; with one, the window is centred on its matches.
  const first = matched ? centred(tokens, best.start, windowWords) : 0;
  const last = Math.min(tokens.length, first + windowWords) - 1;
  const from = first === 0 ? 0 : (tokens[first] as { start: number }).start;
  const to = (tokens[last] as { end: number }).end;

  let firstMatchAt = -1;
  let html = first > 0 ? '…' : '';
  let cursor = from;
  for (let i = first; i <= last; i++) {
    const token = tokens[i] as { start: number; end: number; term: number };
    if (token.term < 0) continue;
    if (firstMatchAt < 0) firstMatchAt = token.start;
    html += escapeHtml(text.slice(cursor, token.start));
    html += `<mark>${escapeHtml(text.slice(token.start, token.end))}</mark>`;
    cursor = token.end;
  }
  html += escapeHtml(text.slice(cursor, to));
  if (last < tokens.length - 1) html += '…';
  return { html: html.replace(/\s+/g, ' ').trim(), score: Math.max(0, best.score), offset: firstMatchAt >= 0 ? firstMatchAt : from, matched };
}

function centred(tokens: { term: number }[], start: number, windowWords: number): number {
  const end = Math.min(tokens.length, start + windowWords);
  let firstMatch = -1;
  let lastMatch = -1;
  for (let i = start; i < end; i++) {
    if ((tokens[i] as { term: number }).term < 0) continue;
    if (firstMatch < 0) firstMatch = i;
    lastMatch = i;
  }
  const centre = Math.floor((firstMatch + lastMatch) / 2);
  return Math.max(0, Math.min(centre - Math.floor(windowWords / 2), tokens.length - windowWords));
}
