/**
 * The plain entries of a `.bib` file, read without the LaTeX grammar.
 *
 * The BibTeX parser runs a full LaTeX grammar over every field of every entry:
 * ~0.6 ms an entry on this project's machines, 15 s for a bibliography of 24,000
 * entries, one of the largest single costs of a cold index. Most entries that
 * reference managers and arXiv export hold no TeX at all, and for them the
 * grammar gives back the text with its white space collapsed, and each name
 * written "Last, First" split at its comma.
 *
 * This module finds such entries, conservatively, and reads them so. Anything it
 * is not sure of (a command, a group, math, a ligature such as `--` or `<`, a
 * name without its comma, a macro, a quoted value, a comment inside an entry,
 * a month or keywords field, a crossref anywhere) is left to the parser. The
 * test compares the two readings over generated, real and random bibliographies.
 */
import { type Creator, type Entry, FieldMode } from '@retorquere/bibtex-parser';

/** An entry in the shape the BibTeX parser gives, with where it starts in the text. */
export interface PlainEntry extends Pick<Entry, 'type' | 'key' | 'input' | 'fields'> {
  /** Where the entry (its `@`) starts in the text. */
  offset: number;
}

export interface PlainSplit {
  entries: PlainEntry[];
  /** The text without its plain entries, for the parser. */
  rest: string;
  /** Where an offset in `rest` is in the text. */
  textOffset(restOffset: number): number;
}

/** Fields the parser rewrites beyond their text (month names to numbers, keywords split and sorted). */
const PARSER_ONLY_FIELDS = /^(month|keywords)/;

const WS = '[ \\t\\r\\n]*';
/** A braced value with groups one deep (`{{BERT}: Pre-training}`), or a number. */
const VALUE = '(?:\\{((?:[^{}]|\\{[^{}]*\\})*)\\}|(\\d+))';
const FIELD_NAME = '([A-Za-z][\\w:.+-]*)';
const ENTRY = new RegExp(
  `@([A-Za-z]+)${WS}\\{${WS}([\\p{L}\\p{N}_:./+-]+)${WS},((?:${WS}[A-Za-z][\\w:.+-]*${WS}=${WS}${VALUE}${WS},)*(?:${WS}[A-Za-z][\\w:.+-]*${WS}=${WS}${VALUE})?)${WS}\\}`,
  'uy',
);
const FIELD = new RegExp(`${WS}${FIELD_NAME}${WS}=${WS}${VALUE}${WS},?`, 'uy');
/**
 * Text the LaTeX grammar gives back as it is: letters, digits, marks, white space and
 * punctuation it leaves alone. Not `<` and `>` (the parser's T1 reading makes them ¡ and ¿),
 * not `"`, `` ` ``, `~`, `\`, `$`, `%`, `&`, `^`, `_`, `#` (TeX), and no `--` or `''` (ligatures).
 */
const PLAIN_TEXT = /^[\p{L}\p{N}\p{M} \t\r\n.,:;!?()[\]/+=*@'|-]*$/u;
const LIGATURE = /--|''/;
/**
 * A group the grammar drops its braces from (case protection, `{BERT}`): not empty, and
 * without white space at its edges, which the parser keeps in ways not worth copying.
 */
const PROTECTED_GROUP = /\{([^{}]*)\}/g;
const TIGHT_TEXT = /^[^ \t\r\n](?:[^\t\r\n]*[^ \t\r\n])?$/;
/** Parts of a name the parser reads as `key=value` (biblatex's extended name format) hold `=`. */
const PLAIN_NAME = /^[^,=]+,[^,=]+$/;

type Mode = 'creatorlist' | 'literallist' | 'verbatim' | 'text';
const modes = new Map<string, Mode>();

/** The parser's mode for a field, from its own table (the last mode that names the field wins, as there). */
function modeOf(field: string): Mode {
  let mode = modes.get(field);
  if (mode) return mode;
  mode = 'text';
  for (const [selected, tests] of Object.entries(FieldMode) as [string, (string | RegExp)[]][]) {
    if (!tests.some((test) => (typeof test === 'string' ? test === field : test.test(field)))) continue;
    mode = selected === 'creatorlist' || selected === 'literallist' || selected === 'verbatim' ? selected : 'text';
  }
  modes.set(field, mode);
  return mode;
}

/**
 * Splits a bibliography into its plain entries (read here) and the rest (for the parser).
 * When it cannot tell where an entry ends, or the text uses crossref, every entry is left
 * to the parser.
 */
export function splitPlainEntries(text: string): PlainSplit {
  const none = wholeText(text);
  // A crossref copies fields between entries after they are read: leave all of them to the parser.
  if (/crossref[ \t\r\n]*=/i.test(text)) return none;
  const entries: PlainEntry[] = [];
  let pos = 0;
  while (pos < text.length) {
    pos = nextEntryStart(text, pos);
    if (pos >= text.length) break;
    ENTRY.lastIndex = pos;
    const match = ENTRY.exec(text);
    const entry = match ? readPlainEntry(match, pos) : null;
    if (entry) {
      entries.push(entry);
      pos = ENTRY.lastIndex;
      continue;
    }
    const end = entryEnd(text, pos);
    if (end < 0) return none;
    pos = end;
  }
  if (entries.length === 0) return none;
  return withoutEntries(text, entries);
}

/** No plain entry: the whole text for the parser. */
export function wholeText(text: string): PlainSplit {
  return { entries: [], rest: text, textOffset: (offset) => offset };
}

/** Skips to the next `@` as the parser does between entries: `%` comments to their line's end. */
function nextEntryStart(text: string, from: number): number {
  let pos = from;
  while (pos < text.length && text[pos] !== '@') {
    if (text[pos] === '%') {
      const eol = text.indexOf('\n', pos);
      pos = eol < 0 ? text.length : eol;
    } else pos++;
  }
  return pos;
}

/**
 * Where an entry the parser reads ends: after the brace that closes its first, counted as the
 * parser counts (a backslash escapes the next character). -1 when the entry has no braces
 * (`@article(…)`) or they never close; the parser then decides.
 */
function entryEnd(text: string, at: number): number {
  const head = /@([A-Za-z]*)[ \t\r\n]*/y;
  head.lastIndex = at;
  const match = head.exec(text);
  let pos = head.lastIndex;
  if (match?.[1]?.toLowerCase() === 'comment' && text[pos] !== '{') {
    const eol = text.indexOf('\n', pos);
    return eol < 0 ? text.length : eol;
  }
  if (text[pos] !== '{') return -1;
  let depth = 0;
  for (; pos < text.length; pos++) {
    const char = text[pos];
    if (char === '\\') pos++;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return pos + 1;
  }
  return -1;
}

function readPlainEntry(match: RegExpExecArray, offset: number): PlainEntry | null {
  const type = (match[1] as string).toLowerCase();
  if (type === 'string' || type === 'preamble' || type === 'comment') return null;
  const body = match[3] as string;
  const fields: Record<string, string | string[] | Creator[]> = {};
  FIELD.lastIndex = 0;
  let end = 0;
  for (let field = FIELD.exec(body); field; field = FIELD.exec(body)) {
    end = FIELD.lastIndex;
    const name = (field[1] as string).toLowerCase();
    if (name in fields || PARSER_ONLY_FIELDS.test(name)) return null;
    const mode = modeOf(name);
    let raw = field[2] ?? (field[3] as string);
    if (raw.includes('{')) {
      if (mode !== 'text' && mode !== 'literallist') return null;
      raw = withoutGroups(raw);
      if (raw === '') return null;
    }
    if (!PLAIN_TEXT.test(raw) || LIGATURE.test(raw)) return null;
    const value = collapse(raw);
    if (value === '') continue;
    if (mode === 'creatorlist') {
      const creators = readCreators(value);
      if (!creators) return null;
      fields[name] = creators;
    } else if (mode === 'literallist') {
      const items = splitAtAnd(value);
      if (!items) return null;
      fields[name] = items;
    } else fields[name] = value;
  }
  if (end !== body.length) return null;
  return { type, key: match[2] as string, input: match[0], offset, fields: fields as Entry['fields'] };
}

/** The text with its protecting braces dropped; empty when a group is not one this module reads. */
function withoutGroups(raw: string): string {
  let plain = true;
  const text = raw.replace(PROTECTED_GROUP, (_, inner: string) => {
    if (!TIGHT_TEXT.test(inner)) plain = false;
    return inner;
  });
  return plain ? text : '';
}

/** "Last, First and Last, First": each name split at its one comma, as the parser does. */
function readCreators(value: string): Creator[] | null {
  const names = splitAtAnd(value);
  if (!names) return null;
  const creators: Creator[] = [];
  for (const name of names) {
    if (!PLAIN_NAME.test(name)) return null;
    const comma = name.indexOf(',');
    let lastName = name.slice(0, comma).trim();
    const firstName = name.slice(comma + 1).trim();
    if (lastName === '' || firstName === '') return null;
    const creator: Creator = { lastName, firstName };
    // The parser's own rule for a lowercase particle ("van der Berg").
    const particle = /^([a-z'. ]+) (.+)/.exec(lastName);
    if (particle) {
      creator.prefix = particle[1] as string;
      lastName = particle[2] as string;
      creator.lastName = lastName;
    }
    creators.push(creator);
  }
  return creators;
}

/**
 * Splits white-space-collapsed text at each word "and" (any case), as the parser does;
 * null when a part is empty, which the parser reads its own way.
 */
function splitAtAnd(value: string): string[] | null {
  const parts: string[] = [];
  let words: string[] = [];
  for (const word of value.split(' ')) {
    if (word.toLowerCase() !== 'and') words.push(word);
    else if (words.length === 0) return null;
    else {
      parts.push(words.join(' '));
      words = [];
    }
  }
  if (words.length === 0) return null;
  parts.push(words.join(' '));
  return parts;
}

function collapse(text: string): string {
  return text.replace(/[ \t\r\n]+/g, ' ').trim();
}

/**
 * The text between the plain entries, each replaced by a newline (the parser reads text
 * between entries as a comment), and the way back to the text's offsets.
 */
function withoutEntries(text: string, entries: PlainEntry[]): PlainSplit {
  const pieces: string[] = [];
  // Where each piece starts in `rest` and in the text, for offsets back.
  const restStarts: number[] = [];
  const textStarts: number[] = [];
  let at = 0;
  let length = 0;
  for (const entry of entries) {
    restStarts.push(length);
    textStarts.push(at);
    const piece = `${text.slice(at, entry.offset)}\n`;
    pieces.push(piece);
    length += piece.length;
    at = entry.offset + entry.input.length;
  }
  restStarts.push(length);
  textStarts.push(at);
  pieces.push(text.slice(at));
  const textOffset = (restOffset: number): number => {
    let low = 0;
    let high = restStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((restStarts[middle] as number) <= restOffset) low = middle;
      else high = middle - 1;
    }
    return (textStarts[low] as number) + restOffset - (restStarts[low] as number);
  };
  return { entries, rest: pieces.join(''), textOffset };
}
