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

/**
 * Parses the YAML between the `---` fences.
 *
 * @param firstLine the 1-based file line of the first YAML line (the one after `---`),
 *   so that problems point into the file, not into the YAML snippet.
 */
export function parseFrontMatter(path: string, yamlText: string, firstLine: number): FrontMatter {
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
  if (doc.errors.length === 0) {
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
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
