/**
 * Finds pandoc citations (`[see @doe99, p. 3]`, `@smith04 says`) in a run of
 * prose, following the "Citation syntax" section of the pandoc manual and the
 * key grammar of pandoc's own parser.
 *
 * The caller passes prose only: this module does not know about Markdown code
 * spans, code blocks, math or link URLs, so an `@` inside them would be taken
 * for a citation. Mask them out (e.g. with spaces, so offsets still line up)
 * before calling.
 */

export interface CitationMatch {
  /** Citekey without '@' (braces removed for `@{...}` keys). */
  key: string;
  /** Where the citation starts: the '[' of a bracketed group, the '@' (or its '-') of an in-text one. */
  start: number;
  /** Just past the citation: past ']' of the group, or of an in-text citation's `[p. 33]`. */
  end: number;
  /** Offset of this key's '@'. */
  keyOffset: number;
  mode: 'bracketed' | 'in-text';
  /** `[-@key]` (or in-text `-@key`): the author is already named in the prose. */
  suppressAuthor: boolean;
  /** Text before the key inside its group, e.g. "see". */
  prefix?: string;
  /** Text after the key, leading comma removed, e.g. "pp. 33-35 and *passim*". */
  locator?: string;
}

interface Key {
  key: string;
  /** The '-' of `-@key`, else the '@'. */
  start: number;
  at: number;
  end: number;
  suppressAuthor: boolean;
}

// A key starts with a letter, digit or '_'; later characters may also be
// combining marks so keys typed in decomposed Unicode (NFD) are not cut short.
// Punctuation counts only when internal (followed by a key character), so
// `@doe99.` is `doe99` and `@Foo_bar--baz` is `Foo_bar`; pandoc also lets ':'
// and '/' precede a '/' so that URL-like keys (`http://...`) survive.
const SIMPLE_KEY = /[\p{L}\p{N}_](?:[\p{L}\p{N}\p{M}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}\p{M}_])|[:/](?=\/))*/uy;
// Pandoc reads braced keys literally but stops at white space.
const BRACED_KEY = /\{([^{}\s]+)\}/uy;
// An '@' right after one of these is part of a word or an e-mail address
// (`jane.doe@example.com`), or escaped (`\@`), not the start of a citation.
// A lookbehind in a /u regex steps back over whole code points, so letters
// outside the BMP count as letters.
const NOT_AFTER_WORD = /(?<![\p{L}\p{N}\p{M}_.+\-\\])/uy;
const CROSS_REFERENCE = /^(?:[Ff]ig|[Ee]q|[Tt]bl|[Ss]ec|[Ll]st):/;
const BLANK_LINE = /\n[ \t\r]*\n/y;

/** pandoc-crossref labels (`@fig:plot`, `@Eq:energy`) share the syntax but are not bibliography keys. */
export function isCrossReference(key: string): boolean {
  return CROSS_REFERENCE.test(key);
}

export function findCitations(text: string): CitationMatch[] {
  const out: CitationMatch[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2; // `\@` and `\[` are literal characters
    } else if (ch === '[') {
      const end = readGroup(text, i, out);
      i = end ?? i + 1; // not a group: its inside may still hold in-text citations
    } else if (ch === '@' || ch === '-') {
      const key = readKey(text, i);
      if (key) {
        i = readInText(text, key, out);
      } else {
        i++;
      }
    } else {
      i++;
    }
  }
  return out;
}

/** Reads a bracketed group at `open`; returns the offset past it, or null when it is not one. */
function readGroup(text: string, open: number, out: CitationMatch[]): number | null {
  // `^[...]` is an inline footnote, whose text holds ordinary (in-text) citations.
  if (text[open - 1] === '^' || text[open + 1] === '^') return null;
  const bracket = matchBracket(text, open);
  if (!bracket) return null;

  const found: CitationMatch[] = [];
  let partStart = open + 1;
  for (const partEnd of [...bracket.semicolons, bracket.close]) {
    const key = firstKey(text, partStart, partEnd);
    // Every `;`-separated part must cite something, else this is ordinary bracketed text.
    if (!key) return null;
    const match: CitationMatch = {
      key: key.key,
      start: open,
      end: bracket.close + 1,
      keyOffset: key.at,
      mode: 'bracketed',
      suppressAuthor: key.suppressAuthor,
    };
    const prefix = text.slice(partStart, key.start).trim();
    if (prefix) match.prefix = prefix;
    const locator = cleanLocator(text.slice(key.end, partEnd));
    if (locator) match.locator = locator;
    found.push(match);
    partStart = partEnd + 1;
  }
  for (const match of found) if (!isCrossReference(match.key)) out.push(match);
  return bracket.close + 1;
}

/** Records an in-text citation plus the `[p. 33]` that may follow it; returns the offset past both. */
function readInText(text: string, key: Key, out: CitationMatch[]): number {
  const match: CitationMatch = {
    key: key.key,
    start: key.start,
    end: key.end,
    keyOffset: key.at,
    mode: 'in-text',
    suppressAuthor: key.suppressAuthor,
  };
  const locator = readTrailingLocator(text, key.end);
  if (locator) {
    match.end = locator.end;
    if (locator.text) match.locator = locator.text;
  }
  if (!isCrossReference(match.key)) out.push(match);
  return match.end;
}

/**
 * `@smith04 [p. 33]`: a bracket after an in-text citation (white space and at
 * most one line break between) is its locator, unless it cites keys itself
 * (then it is a group of its own) or is followed by `[`/`(` (then it is a link).
 */
function readTrailingLocator(text: string, from: number): { text: string; end: number } | null {
  const gap = /[ \t]*(?:\r?\n[ \t]*)?/y;
  gap.lastIndex = from;
  gap.exec(text);
  const open = gap.lastIndex;
  if (text[open] !== '[' || text[open + 1] === '^') return null;
  const bracket = matchBracket(text, open);
  if (!bracket || firstKey(text, open + 1, bracket.close)) return null;
  const next = text[bracket.close + 1];
  if (next === '[' || next === '(') return null;
  return { text: cleanLocator(text.slice(open + 1, bracket.close)), end: bracket.close + 1 };
}

/**
 * Finds the ']' closing the '[' at `open` (nested brackets allowed) and the
 * top-level ';' separating citations. A bracket never spans a blank line,
 * because pandoc's inlines never cross a paragraph break.
 */
function matchBracket(text: string, open: number): { close: number; semicolons: number[] } | null {
  const semicolons: number[] = [];
  let depth = 0;
  let i = open + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '@' && text[i + 1] === '{') {
      // A braced key may contain ';' and brackets (URLs do); skip it whole.
      BRACED_KEY.lastIndex = i + 1;
      if (BRACED_KEY.exec(text)) {
        i = BRACED_KEY.lastIndex;
        continue;
      }
    }
    if (ch === '\n') {
      BLANK_LINE.lastIndex = i;
      if (BLANK_LINE.test(text)) return null;
    }
    if (ch === '[') depth++;
    else if (ch === ']') {
      if (depth === 0) return { close: i, semicolons };
      depth--;
    } else if (ch === ';' && depth === 0) semicolons.push(i);
    i++;
  }
  return null;
}

/** The first key in `text[from, to)` outside nested brackets. */
function firstKey(text: string, from: number, to: number): Key | null {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '[') depth++;
    else if (ch === ']') depth--;
    else if (depth === 0 && (ch === '@' || ch === '-')) {
      const key = readKey(text, i);
      if (key && key.end <= to) return key;
    }
  }
  return null;
}

/** Reads `@key`, `@{key}` or `-@key` at `pos`, if what precedes it lets a citation start there. */
function readKey(text: string, pos: number): Key | null {
  const suppressAuthor = text[pos] === '-';
  const at = suppressAuthor ? pos + 1 : pos;
  if (text[at] !== '@' || !citationMayStartAfter(text, pos)) return null;

  BRACED_KEY.lastIndex = at + 1;
  const braced = BRACED_KEY.exec(text);
  if (braced?.[1]) return { key: braced[1], start: pos, at, end: BRACED_KEY.lastIndex, suppressAuthor };

  SIMPLE_KEY.lastIndex = at + 1;
  const simple = SIMPLE_KEY.exec(text);
  if (simple) return { key: simple[0], start: pos, at, end: SIMPLE_KEY.lastIndex, suppressAuthor };
  return null;
}

function citationMayStartAfter(text: string, pos: number): boolean {
  NOT_AFTER_WORD.lastIndex = pos;
  return NOT_AFTER_WORD.test(text);
}

function cleanLocator(raw: string): string {
  return raw.trim().replace(/^,\s*/, '').trim();
}
