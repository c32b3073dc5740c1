/**
 * Text folding shared by both indexes, so a query is folded exactly like the documents.
 * Indexes saved for the next start hold folded words: a change here bumps their formats
 * (`FORMAT` in fuzzy.ts, `SAVED_FORMAT` in attributes.ts, the vocabulary's and posting lists').
 */

const ASCII = /^[\t\n\r -~]*$/;

/**
 * Lower-cases and strips diacritics from Latin letters: `Müller` → `muller`,
 * matching FTS5's `remove_diacritics 2`, which leaves other scripts' marks
 * alone (`йод`, `σοφία` stay as they are: stripping them would find nothing).
 */
export function fold(text: string): string {
  // Most words are plain ASCII: lower-casing is all they need.
  if (isAscii(text)) return text.toLowerCase();
  // Normalising only the accented Latin letters: normalising whole note texts (for passages) cost more than the rest of a query.
  return text.toLowerCase().replace(LATIN_WITH_MARKS, stripMarks);
}

/**
 * Whether every character is ASCII. A long text (a note searched for its passage) is
 * measured natively: its UTF-8 length equals its length only then, ~6× faster than the regex.
 */
function isAscii(text: string): boolean {
  return text.length > 256 ? Buffer.byteLength(text, 'utf8') === text.length : ASCII.test(text);
}

/** A Latin letter that may carry a diacritic (precomposed, or followed by combining marks). */
const LATIN_WITH_MARKS = /[\u00C0-\u024F\u1E00-\u1EFF][\u0300-\u036F]*|[a-z][\u0300-\u036F]+/g;

function stripMarks(letter: string): string {
  return letter
    .normalize('NFD')
    .replace(/[\u0300-\u036F]+/g, '')
    .normalize('NFC');
}

/**
 * Words as FTS5's unicode61 tokenizer sees them: runs of letters, digits and
 * marks, and of any character beyond the Basic Multilingual Plane (emoji,
 * mathematical letters), which it keeps inside words.
 */
export function words(text: string): string[] {
  const folded = fold(text);
  // In ASCII text those classes are letters and digits: the ASCII pattern is ~3× faster, and
  // every document's text goes through here when the posting lists are built.
  if (isAscii(folded)) return folded.match(/[a-z0-9]+/g) ?? [];
  return folded.match(/[\p{L}\p{N}\p{M}\p{Co}\u{10000}-\u{10FFFF}]+/gu) ?? [];
}

/**
 * The parts of CamelCase and letter–digit words that a tokenizer would keep
 * whole: `MiniSearch` → `mini search`, `GPT4o` → `gpt 4 o`. Hyphens and
 * underscores already split words, so only case and digit changes count here.
 */
export function camelParts(text: string): string[] {
  const parts: string[] = [];
  // ASCII text (most notes) with the Unicode classes spelled out in ASCII: the Unicode
  // regexes over every word of every body took ~2 s of a 10k cold index.
  if (isAscii(text)) {
    // Only words with a case or digit change have parts: find the changes, then their words.
    ASCII_CHANGES.lastIndex = 0;
    let wordEnd = 0;
    for (let change = ASCII_CHANGES.exec(text); change; change = ASCII_CHANGES.exec(text)) {
      if (change.index < wordEnd) continue;
      let start = change.index;
      while (start > 0 && isAsciiAlnum(text.charCodeAt(start - 1))) start--;
      wordEnd = change.index + 1;
      while (wordEnd < text.length && isAsciiAlnum(text.charCodeAt(wordEnd))) wordEnd++;
      ASCII_CHANGES.lastIndex = wordEnd;
      for (const piece of text.slice(start, wordEnd).match(ASCII_PIECE) ?? []) parts.push(piece.toLowerCase());
    }
    return parts;
  }
  for (const word of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
    const pieces = word.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+|\p{L}+/gu) ?? [];
    if (pieces.length > 1) for (const piece of pieces) parts.push(fold(piece));
  }
  return parts;
}

const ASCII_CHANGES = /[a-z][A-Z]|[A-Z]{2}[a-z]|[A-Za-z][0-9]|[0-9][A-Za-z]/g;
const ASCII_PIECE = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Two rows of the distance table, reused: a misspelled word is compared with a thousand candidates or more. */
let previousRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > previousRow.length) {
    previousRow = new Int32Array(2 * (b.length + 1));
    currentRow = new Int32Array(2 * (b.length + 1));
  }
  let previous = previousRow;
  let current = currentRow;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[b.length] as number;
}

/**
 * The typo tolerance of the product: one edit on 4–7 letter words, two on longer ones. None on a
 * number: one digit off is another year, another arXiv id or another result, not a typo.
 */
export function allowedEdits(term: string): number {
  if (/^[0-9]+$/.test(term)) return 0;
  if (term.length >= 8) return 2;
  if (term.length >= 4) return 1;
  return 0;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);
}
