/**
 * How many words a note's plain text holds: runs of letters and digits, joined
 * by an apostrophe or a hyphen ("don't", "state-of-the-art" count once). The
 * definition is the pattern `WORD_PATTERN`; `countWords` walks the text by
 * character codes instead, since the Unicode-property pattern was ~8% of the
 * ingest step's time (1.0 of 12.5 s over 3,000 notes). A test holds the two to
 * the same counts.
 */

/** What a word is, as a pattern: the reference `countWords` must agree with. */
export const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
/** Outside ASCII, each code point is asked of the pattern once. */
const nonAsciiWordChar = new Map<number, boolean>();

function isWordCodePoint(code: number): boolean {
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
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
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) as number;
    const width = code > 0xffff ? 2 : 1;
    if (isWordCodePoint(code)) {
      if (!inWord) count++;
      inWord = true;
    } else if (!(inWord && isJoiner(code) && i + 1 < text.length && isWordCodePoint(text.codePointAt(i + 1) as number))) {
      inWord = false;
    }
    i += width;
  }
  return count;
}
