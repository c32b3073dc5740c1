import { FAILSAFE_SCHEMA, load as loadYaml, Type, types } from 'js-yaml';
import { isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { Problem } from './types.ts';

export interface FrontMatter {
  /** The parsed mapping (JSON-safe); empty when there is none or it is not a mapping. */
  data: Record<string, unknown>;
  /**
   * The same mapping with every number kept as written: `arxiv: 2310.03690` is
   * the number 2310.0369 to YAML, but an identifier to us. Text fields read this.
   */
  asWritten: Record<string, unknown>;
  problems: Problem[];
  /** 1-based file line of a top-level key, or of the front matter's first line when the key is absent. */
  lineOf(key: string): number;
}

export interface FrontMatterOptions {
  /**
   * Read well-formed, plain front matter with js-yaml (see `readPlainFrontMatter`). On by
   * default; off reads everything with yaml, which the tests compare against.
   */
  fastPath?: boolean;
}

/**
 * Parses the YAML between the `---` fences.
 *
 * @param firstLine the 1-based file line of the first YAML line (the one after `---`),
 *   so that problems point into the file, not into the YAML snippet.
 */
export function parseFrontMatter(path: string, yamlText: string, firstLine: number, options: FrontMatterOptions = {}): FrontMatter {
  if (options.fastPath !== false) {
    const plain = readPlainFrontMatter(yamlText, firstLine);
    if (plain) return plain;
  }
  return parseWithPositions(path, yamlText, firstLine);
}

/**
 * A number as YAML reads it, and as it was written: `arxiv: 2310.03690` is 2310.0369 to
 * YAML and an identifier to us.
 */
class WrittenNumber {
  constructor(
    readonly source: string,
    readonly value: number,
  ) {}
  /** As a mapping key, a number is its value's text, as yaml's `toJS` makes it. */
  toString(): string {
    return String(this.value);
  }
}

function keepingSource(tag: string, type: Type): Type {
  return new Type(tag, {
    kind: 'scalar',
    resolve: (data: string) => type.resolve(data),
    construct: (data: string) => new WrittenNumber(data, type.construct(data) as number),
  });
}

const CORE_SCALARS = [types.null, types.bool, types.int, types.float];

/** YAML 1.2's core schema (as yaml's `core`), with numbers kept as written too. */
const CORE_KEEPING_NUMBERS = FAILSAFE_SCHEMA.extend({
  implicit: [types.null, types.bool, keepingSource('tag:yaml.org,2002:int', types.int), keepingSource('tag:yaml.org,2002:float', types.float)],
});

/** Anchors, aliases, tags and directives: left to yaml, which limits what aliases expand to. */
const YAML_ONLY = /(?:^|[\s[{,])[&*!]|^%/m;

/**
 * Front matter read with js-yaml: ~9x faster than yaml's document model (35 against 320 ms
 * for 2,200 front matters of the 10k vault), which was ~3 s of a cold index's parsing at
 * 10k notes. Only for front matter that parses without an error, holds no anchor, alias,
 * tag or directive, and whose every top-level key is found written at the start of a line
 * (its line is what `lineOf` answers). Anything else (null) is read with yaml, which gives
 * problems their lines and keeps what it can of a broken mapping. The tests hold both
 * readings equal.
 */
export function readPlainFrontMatter(yamlText: string, firstLine: number): FrontMatter | null {
  const keyLines = YAML_ONLY.test(yamlText) ? null : screenLines(yamlText, firstLine);
  if (!keyLines) return null;
  let value: unknown;
  try {
    value = yamlText.trim() === '' ? null : loadYaml(yamlText, { schema: CORE_KEEPING_NUMBERS });
  } catch {
    return null;
  }
  if (value === null || value === undefined) return { data: {}, asWritten: {}, problems: [], lineOf: () => firstLine };
  if (!isPlainObject(value)) return null;
  for (const key of Object.keys(value)) if (!keyLines.has(key)) return null;
  return {
    data: withNumbers(value, (n) => n.value) as Record<string, unknown>,
    asWritten: withNumbers(value, (n) => n.source) as Record<string, unknown>,
    problems: [],
    lineOf: (key) => keyLines.get(key) ?? firstLine,
  };
}

const ITEM_LINE = /^(?:[ \t]*(?:#.*)?|[^\s#][^:#]*:(?:[ \t].*)?|[ ]+(?:-(?:[ \t].*)?|[^\s#-][^:#]*:(?:[ \t].*)?))$/;
/** A block scalar's header: `|`, `>`, `|-` or `>-`, the ones both libraries end alike. */
const BLOCK_SCALAR_HEADER = /(?:^|[ \t])[|>]-?[ \t]*(?:#.*)?$/;
/** Kept trailing lines (`+`) and explicit indentation (`|2`): read differently by the two. */
const OTHER_BLOCK_SCALAR_HEADER = /(?:^|[ \t])[|>][-+0-9]*[+0-9][-+0-9]*[ \t]*(?:#.*)?$/;
/** A key anywhere (`key:`, `- key:`, `"key":`): double-quoted, single-quoted or plain. */
const KEY = /^[ \t]*(?:-[ \t]+)*(?:"([^"\\]*)"|'([^']*)'|([^\s#"'\-?:[\]{},|>&*!%@`][^:#]*?))[ \t]*:(?:[ \t]|$)/;

/**
 * The file line of every key written at the start of a line (`key:`, `"key":`; the first of
 * each), or null when a line is not a key, a list item, a comment, blank, or inside a block
 * scalar (`|`, `>`). A line that continues a quoted or plain scalar is left to yaml: js-yaml
 * reads some that yaml rejects for their indentation.
 */
function screenLines(yamlText: string, firstLine: number): Map<string, number> | null {
  const keyLines = new Map<string, number>();
  let blockIndent = -1;
  const lines = yamlText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0 && (line === '' || (indent > blockIndent && line.trim() !== ''))) continue;
    blockIndent = -1;
    if (!ITEM_LINE.test(line) || !closesItsQuotes(line) || OTHER_BLOCK_SCALAR_HEADER.test(line)) return null;
    // A flow mapping's keys are not checked below: left to yaml.
    if (/\{[ \t]*[^}\s]/.test(line)) return null;
    const key = KEY.exec(line);
    const plain = key?.[3];
    // A plain key YAML reads as null, a boolean or a number becomes a different text in each
    // library (`null:` is "" to yaml, "null" to js-yaml).
    if (plain !== undefined && CORE_SCALARS.some((type) => type.resolve(plain))) return null;
    const text = key?.[1] ?? key?.[2] ?? plain;
    if (text !== undefined && indent === 0 && !line.startsWith('-') && !keyLines.has(text)) keyLines.set(text, firstLine + i);
    if (BLOCK_SCALAR_HEADER.test(line)) blockIndent = indent;
  }
  return keyLines;
}

/**
 * Whether a quoted scalar begun on the line ends on it too (the line's quotes pair up): one
 * that goes on over the next lines, which look like keys, is read differently by the two.
 * Conservative: a plain scalar with one `"` in it is left to yaml too.
 */
function closesItsQuotes(line: string): boolean {
  if (line.includes('"') && (line.replace(/\\./g, '').match(/"/g)?.length ?? 0) % 2 === 1) return false;
  if (/(?:^|[\s[{,:])'/.test(line) && (line.replaceAll("''", '').match(/'/g)?.length ?? 0) % 2 === 1) return false;
  return true;
}

function withNumbers(value: unknown, number: (n: WrittenNumber) => unknown): unknown {
  if (value instanceof WrittenNumber) return number(value);
  if (Array.isArray(value)) return value.map((item) => withNumbers(item, number));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // `__proto__` stays a key, as yaml makes it (assigned, it would set the object's prototype).
      Object.defineProperty(out, key, { value: withNumbers(item, number), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function parseWithPositions(path: string, yamlText: string, firstLine: number): FrontMatter {
  const lineCounter = new LineCounter();
  // `core` schema (YAML 1.2): dates stay strings, `yes`/`no` stay strings.
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  const toFileLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;

  for (const error of doc.errors) {
    problems.push({
      path,
      line: toFileLine(error.pos[0]),
      code: 'yaml',
      message: `invalid YAML front matter: ${firstSentence(error.message)}`,
    });
  }

  const keyLines = new Map<string, number>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && pair.key.range) {
        keyLines.set(String(pair.key.value), toFileLine(pair.key.range[0]));
      }
    }
  }

  let data: Record<string, unknown> = {};
  let asWritten: Record<string, unknown> = {};
  let value: unknown;
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // Not a syntax error, so not among `doc.errors`: an alias to no anchor, or aliases that
      // expand past the limit. Reported at the first alias, with what does not need one kept.
      let aliasOffset: number | undefined;
      visit(doc, {
        Alias(_, node) {
          aliasOffset ??= node.range?.[0];
        },
      });
      problems.push({
        path,
        line: aliasOffset === undefined ? firstLine : toFileLine(aliasOffset),
        code: 'yaml',
        message: `invalid YAML front matter: ${firstSentence((error as Error).message)}`,
      });
      data = salvage(doc.contents, []);
      return { data, asWritten: data, problems, lineOf: (key) => keyLines.get(key) ?? firstLine };
    }
    if (isPlainObject(value)) {
      data = value;
      visit(doc, {
        Scalar(_, node) {
          if (typeof node.value === 'number' && typeof node.source === 'string' && node.source !== '') node.value = node.source;
        },
      });
      asWritten = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
    } else if (value !== null && value !== undefined) {
      problems.push({
        path,
        line: firstLine,
        code: 'front-matter',
        message: 'front matter must be a mapping of keys to values',
      });
    }
  } else {
    // Keep the keys that did parse: a typo on one line should not lose the title.
    data = salvage(
      doc.contents,
      doc.errors.map((e) => e.pos[0]),
    );
    asWritten = data;
  }

  return { data, asWritten, problems, lineOf: (key) => keyLines.get(key) ?? firstLine };
}

/** Keeps the simple values that parsed cleanly; a value that an error touches is not trusted. */
function salvage(contents: unknown, errorOffsets: number[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isMap(contents)) return out;
  for (const pair of contents.items) {
    if (!isScalar(pair.key)) continue;
    const value = pair.value;
    if (!isScalar(value) || value.value === null || typeof value.value === 'object' || !value.range) continue;
    const [start, , end] = value.range;
    if (errorOffsets.some((offset) => offset >= start && offset <= end)) continue;
    out[String(pair.key.value)] = value.value;
  }
  return out;
}

function firstSentence(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\s+at line \d+, column \d+:?$/, '').trim();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
