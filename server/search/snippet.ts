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
/** Whitespace that is not already one plain space: collapsing every run (\s+) replaced each space between words by itself. */
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

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
  const local = scanPassage(text.slice(from, to), terms, windowWords, folded.slice(from, to));
  const html = `${from > section.start && !local.html.startsWith('…') ? '…' : ''}${local.html}${to < section.end && !local.html.endsWith('…') ? '…' : ''}`;
  return { ...local, html, offset: local.offset + from, section: index };
}

/** Query words a passage is located by, at most: a hit is packed as `position × TERM_SLOTS + term`. */
const TERM_SLOTS = 1024;

/**
 * The query words' hits in a text, reused from passage to passage: packed (to be merged by one
 * sort when there are several words), then unpacked, inside sections only, with their section.
 * A common word is found hundreds of times in a long note, on twenty notes a page.
 */
let packedHits = new Float64Array(1024);
let hitPositions = new Int32Array(1024);
let hitTerms = new Int32Array(1024);
let hitSections = new Int32Array(1024);

function growHits(): void {
  const next = packedHits.length * 2;
  const copy = <T extends Float64Array | Int32Array>(old: T, fresh: T): T => {
    fresh.set(old);
    return fresh;
  };
  packedHits = copy(packedHits, new Float64Array(next));
  hitPositions = copy(hitPositions, new Int32Array(next));
  hitTerms = copy(hitTerms, new Int32Array(next));
  hitSections = copy(hitSections, new Int32Array(next));
}

/**
 * The span (of `LOCATE_WINDOW_CHARS`) with the most distinct query words, then the most
 * matches, that lies within one section: its section, where it starts, and its score;
 * null when no query word is in any section. One pass over the text a word, whatever
 * the number of sections (a long note has hundreds of headings).
 */
function densestSpan(lower: string, sections: readonly Span[], terms: SnippetTerm[]): { index: number; at: number; score: number } | null {
  let hitCount = 0;
  let wordsFound = 0;
  const cap = MAX_OCCURRENCES_PER_TERM * sections.length;
  const located = Math.min(terms.length, TERM_SLOTS);
  for (let i = 0; i < located; i++) {
    const word = (terms[i] as SnippetTerm).word;
    const prefix = (terms[i] as SnippetTerm).prefix;
    if (!word) continue;
    let found = 0;
    for (let pos = lower.indexOf(word); pos !== -1 && found < cap; pos = lower.indexOf(word, pos + 1)) {
      if (isWordCharAt(lower, pos - 1) || (!prefix && isWordCharAt(lower, pos + word.length))) continue;
      if (hitCount === packedHits.length) growHits();
      packedHits[hitCount++] = pos * TERM_SLOTS + i;
      found++;
    }
    if (found > 0) wordsFound++;
  }
  if (hitCount === 0) return null;
  // Each word's hits are in order already: only several words need merging.
  const sorted = packedHits.subarray(0, hitCount);
  if (wordsFound > 1) sorted.sort();
  // The hits inside a section (not on a heading's own line), with the section each is in.
  let count = 0;
  let s = 0;
  for (let h = 0; h < hitCount; h++) {
    const packed = sorted[h] as number;
    const pos = Math.floor(packed / TERM_SLOTS);
    const term = packed - pos * TERM_SLOTS;
    const end = pos + (terms[term] as SnippetTerm).word.length;
    while (s < sections.length && (sections[s] as Span).end <= pos) s++;
    const section = sections[s];
    if (!section || pos < section.start || end > section.end) continue;
    hitPositions[count] = pos;
    hitTerms[count] = term;
    hitSections[count] = s;
    count++;
  }
  const counts = new Int32Array(located);
  let distinct = 0;
  /** Takes a hit of `term` out of the window. */
  const leave = (term: number) => {
    counts[term] = (counts[term] as number) - 1;
    if (counts[term] === 0) distinct--;
  };
  let bestIndex = -1;
  let bestAt = 0;
  let bestScore = -1;
  let left = 0;
  for (let right = 0; right < count; right++) {
    const pos = hitPositions[right] as number;
    if (hitSections[right] !== hitSections[left]) {
      // A new section: the window starts again.
      for (; left < right; left++) leave(hitTerms[left] as number);
    }
    const entering = hitTerms[right] as number;
    if (counts[entering] === 0) distinct++;
    counts[entering] = (counts[entering] as number) + 1;
    for (; (hitPositions[left] as number) < pos - LOCATE_WINDOW_CHARS; left++) leave(hitTerms[left] as number);
    const score = distinct * 100 + (right - left + 1);
    if (score > bestScore) {
      bestIndex = hitSections[right] as number;
      bestAt = hitPositions[left] as number;
      bestScore = score;
    }
  }
  return bestIndex < 0 ? null : { index: bestIndex, at: bestAt, score: bestScore };
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

/**
 * Each token's bounds and the query term it is (-1 for none), reused from passage to passage:
 * a page of hits tokenises twenty windows, and an object per word was most of their cost.
 */
let tokenStarts = new Int32Array(256);
let tokenEnds = new Int32Array(256);
let tokenTerms = new Int32Array(256);

function growTokens(): void {
  const grown = (old: Int32Array) => {
    const next = new Int32Array(old.length * 2);
    next.set(old);
    return next;
  };
  tokenStarts = grown(tokenStarts);
  tokenEnds = grown(tokenEnds);
  tokenTerms = grown(tokenTerms);
}

/**
 * Tokenises the whole text and slides a window of `windowWords` words over it. `folded` is
 * the text folded (same length, offsets kept) when the caller has it: words are then
 * matched on it, without folding each one.
 */
function scanPassage(text: string, terms: SnippetTerm[], windowWords: number, folded?: string): Passage {
  const exact = new Map<string, number>();
  const prefixes: [string, number][] = [];
  terms.forEach((t, i) => {
    if (t.prefix) prefixes.push([t.word, i]);
    else if (!exact.has(t.word)) exact.set(t.word, i);
  });
  const firstCodes = terms.map((t) => t.word.charCodeAt(0));
  const termOf = (start: number, end: number): number => {
    let word: string;
    if (folded === undefined) {
      const raw = text.slice(start, end);
      // Folding is the costly step; most words are ASCII and only need lower-casing.
      word = NON_ASCII.test(raw) ? fold(raw) : raw.toLowerCase();
    } else {
      // Most words start with a letter no query word starts with: they are not cut out at all.
      if (!firstCodes.includes(folded.charCodeAt(start))) return -1;
      word = folded.slice(start, end);
    }
    const hit = exact.get(word);
    if (hit !== undefined) return hit;
    for (const [prefix, i] of prefixes) if (word.startsWith(prefix)) return i;
    return -1;
  };
  let count = 0;
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
    if (count === tokenStarts.length) growTokens();
    tokenStarts[count] = start;
    tokenEnds[count] = i;
    tokenTerms[count] = termOf(start, i);
    count++;
  }
  if (count === 0) return { html: '', score: 0, offset: 0, matched: false };

  // Slide a window of `windowWords` tokens; score = distinct terms × 100 + matches.
  const counts = new Int32Array(terms.length);
  let distinct = 0;
  let matches = 0;
  let bestStart = 0;
  let bestScore = -1;
  for (let i = 0; i < count; i++) {
    const entering = tokenTerms[i] as number;
    if (entering >= 0) {
      if (counts[entering] === 0) distinct++;
      counts[entering] = (counts[entering] as number) + 1;
      matches++;
    }
    const leavingIndex = i - windowWords;
    if (leavingIndex >= 0) {
      const leaving = tokenTerms[leavingIndex] as number;
      if (leaving >= 0) {
        counts[leaving] = (counts[leaving] as number) - 1;
        if (counts[leaving] === 0) distinct--;
        matches--;
      }
    }
    const score = distinct * 100 + matches;
    if (score > bestScore) {
      bestStart = Math.max(0, i - windowWords + 1);
      bestScore = score;
    }
  }
  const matched = bestScore > 0;
  // With no match, the opening words stand in; with one, the window is centred on its matches.
  const first = matched ? centred(count, bestStart, windowWords) : 0;
  const last = Math.min(count, first + windowWords) - 1;
  const from = first === 0 ? 0 : (tokenStarts[first] as number);
  const to = tokenEnds[last] as number;

  let firstMatchAt = -1;
  let html = first > 0 ? '…' : '';
  let cursor = from;
  for (let i = first; i <= last; i++) {
    if ((tokenTerms[i] as number) < 0) continue;
    const start = tokenStarts[i] as number;
    const end = tokenEnds[i] as number;
    if (firstMatchAt < 0) firstMatchAt = start;
    html += escapeHtml(text.slice(cursor, start));
    html += `<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    cursor = end;
  }
  html += escapeHtml(text.slice(cursor, to));
  if (last < count - 1) html += '…';
  return { html: html.replace(WHITESPACE_TO_COLLAPSE, ' ').trim(), score: Math.max(0, bestScore), offset: firstMatchAt >= 0 ? firstMatchAt : from, matched };
}

/** The first of the `windowWords` tokens centred on the matches of the window starting at `start` (of the last scan's `count`). */
function centred(count: number, start: number, windowWords: number): number {
  const end = Math.min(count, start + windowWords);
  let firstMatch = -1;
  let lastMatch = -1;
  for (let i = start; i < end; i++) {
    if ((tokenTerms[i] as number) < 0) continue;
    if (firstMatch < 0) firstMatch = i;
    lastMatch = i;
  }
  const centre = Math.floor((firstMatch + lastMatch) / 2);
  return Math.max(0, Math.min(centre - Math.floor(windowWords / 2), count - windowWords));
}
