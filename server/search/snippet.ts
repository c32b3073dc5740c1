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
  const filled = sections.map((span, index) => ({ ...span, index })).filter((s) => s.end > s.start);
  const first = filled[0];
  if (!first) return { html: '', score: 0, offset: 0, matched: false, section: 0 };
  // Folding (accents off, lower case) keeps offsets for nearly all text; where it does not, scan every section whole.
  const folded = fold(text);
  if (folded.length !== text.length) {
    let best: (Passage & { section: number }) | null = null;
    for (const s of filled) {
      const passage = scanPassage(text.slice(s.start, s.end), terms, windowWords);
      if (!best || passage.score > best.score) best = { ...passage, offset: passage.offset + s.start, section: s.index };
    }
    return best as Passage & { section: number };
  }
  let best: { section: (typeof filled)[number]; at: number; score: number } | null = null;
  for (const s of filled) {
    const span = densestSpan(folded.slice(s.start, s.end), locate);
    if (span && (!best || span.score > best.score)) best = { section: s, at: span.pos + s.start, score: span.score };
  }
  // No query word anywhere: the opening words stand in, and only they need tokenising.
  if (!best) {
    const opening = scanPassage(openingWords(text.slice(first.start, first.end), windowWords + 1), terms, windowWords);
    return { ...opening, offset: opening.offset + first.start, section: first.index };
  }
  const { section, at } = best;
  const from = wordStart(text, Math.max(section.start, at - LOCATE_WINDOW_CHARS), section.start);
  const to = Math.min(section.end, at + 2 * LOCATE_WINDOW_CHARS);
  const local = scanPassage(text.slice(from, to), terms, windowWords);
  const html = `${from > section.start && !local.html.startsWith('…') ? '…' : ''}${local.html}${to < section.end && !local.html.endsWith('…') ? '…' : ''}`;
  return { ...local, html, offset: local.offset + from, section: section.index };
}

/** The start of the span with the most distinct query words (then the most matches) and its score, or null if none is found. */
function densestSpan(lower: string, terms: SnippetTerm[]): { pos: number; score: number } | null {
  const hits: { pos: number; term: number }[] = [];
  terms.forEach((term, i) => {
    if (!term.word) return;
    let found = 0;
    for (let pos = lower.indexOf(term.word); pos !== -1 && found < MAX_OCCURRENCES_PER_TERM; pos = lower.indexOf(term.word, pos + 1)) {
      const before = pos > 0 ? (lower[pos - 1] as string) : ' ';
      const after = lower[pos + term.word.length] ?? ' ';
      if (WORD_CHAR.test(before) || (!term.prefix && WORD_CHAR.test(after))) continue;
      hits.push({ pos, term: i });
      found++;
    }
  });
  if (hits.length === 0) return null;
  hits.sort((a, b) => a.pos - b.pos);
  const counts = new Map<number, number>();
  let best = { pos: 0, score: -1 };
  let left = 0;
  for (let right = 0; right < hits.length; right++) {
    const entering = hits[right] as { pos: number; term: number };
    counts.set(entering.term, (counts.get(entering.term) ?? 0) + 1);
    while ((hits[left] as { pos: number }).pos < entering.pos - LOCATE_WINDOW_CHARS) {
      const leaving = (hits[left] as { term: number }).term;
      const n = (counts.get(leaving) ?? 1) - 1;
      if (n === 0) counts.delete(leaving);
      else counts.set(leaving, n);
      left++;
    }
    const score = counts.size * 100 + (right - left + 1);
    if (score > best.score) best = { pos: (hits[left] as { pos: number }).pos, score };
  }
  return best;
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
  for (const m of text.matchAll(TOKEN)) tokens.push({ start: m.index, end: m.index + m[0].length, term: termOf(m[0]) });
  if (tokens.length === 0) return { html: '', score: 0, offset: 0, matched: false };

  // Slide a window of `windowWords` tokens; score = distinct terms × 100 + matches.
  const counts = new Map<number, number>();
  let matches = 0;
  let best = { start: 0, score: -1 };
  for (let i = 0; i < tokens.length; i++) {
    const entering = (tokens[i] as { term: number }).term;
    if (entering >= 0) {
      counts.set(entering, (counts.get(entering) ?? 0) + 1);
      matches++;
    }
    const leavingIndex = i - windowWords;
    if (leavingIndex >= 0) {
      const leaving = (tokens[leavingIndex] as { term: number }).term;
      if (leaving >= 0) {
        const n = (counts.get(leaving) ?? 1) - 1;
        if (n === 0) counts.delete(leaving);
        else counts.set(leaving, n);
        matches--;
      }
    }
    const score = counts.size * 100 + matches;
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
