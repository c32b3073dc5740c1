/**
 * How many words a note's plain text holds: runs of letters and digits, joined
 * by an apostrophe or a hyphen ("don't", "state-of-the-art" count once). The
 * definition is the pattern `WORD_PATTERN`; `countWords` walks the text by
 * character codes instead, since the Unicode-property pattern was ~8% of the
 * ingest step's time (1.0 of 12.5 s over 3,000 notes), ASCII through a table
 * (reading every character as a code point was ~5% of a parse worker's time).
 * A test holds the two to the same counts.
 */

/** What a word is, as a pattern: the reference `countWords` must agree with. */
export const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
/** Outside ASCII, each code point is asked of the pattern once. */
const nonAsciiWordChar = new Map<number, boolean>();

/** ASCII letters and digits, by code. */
const ASCII_WORD = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  ASCII_WORD[code] = (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) ? 1 : 0;
}

function isWordCodePoint(code: number): boolean {
  if (code < 0x80) return ASCII_WORD[code] === 1;
  let known = nonAsciiWordChar.get(code);
  if (known === undefined) {
    known = LETTER_OR_NUMBER.test(String.fromCodePoint(code));
    nonAsciiWordChar.set(code, known);
  }
  return known;
}

const isJoiner = (code: number) => code === 0x27 || code === 0x2d || code === 0x2019;

export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(i);
    // A surrogate pair is one code point (a lone surrogate stays itself, and is no letter).
    if (code >= 0xd800 && code <= 0xdbff) code = text.codePointAt(i) as number;
    if (code < 0x80 ? ASCII_WORD[code] === 1 : isWordCodePoint(code)) {
      if (!inWord) count++;
      inWord = true;
    } else if (!(inWord && isJoiner(code) && i + 1 < length && isWordCodePoint(text.codePointAt(i + 1) as number))) {
      inWord = false;
    }
    if (code > 0xffff) i++;
  }
  return count;
}
