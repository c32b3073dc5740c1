/**
 * `(path, bytes)` → `ParsedNote`: the single entry point from a file's content
 * to the note model. Pure: no file system, no database, no HTTP.
 */
import { extract, type WikilinkDialect } from './extract.ts';
import { parseFrontMatter } from './front-matter.ts';
import { parseMarkdown } from './markdown-tree.ts';
import { readNoteMeta } from './note-meta.ts';
import { noteName, slugFromPath } from './paths.ts';
import type { NotePath, ParsedNote, Problem } from './types.ts';
import { countWords } from './word-count.ts';

/** Past this size the Markdown is not parsed (it would stall indexing for seconds): the note is kept as plain text. */
export const MAX_PARSED_BYTES = 2 * 1024 * 1024;

const FENCE_OPEN = /^---[ \t]*\r?\n/;
const FENCE_CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

interface Split {
  yaml?: string;
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
}

/** Splits YAML front matter (`---` … `---` at the very top) from the body. */
export function splitFrontMatter(text: string): Split {
  const open = FENCE_OPEN.exec(text);
  if (!open) return { body: text, bodyLine: 1 };
  const rest = text.slice(open[0].length);
  const close = FENCE_CLOSE.exec(rest);
  if (!close) return { body: text, bodyLine: 1 };
  const yaml = rest.slice(0, close.index);
  const body = rest.slice(close.index + close[0].length);
  // Opening fence, the YAML lines, closing fence: the body starts on the line after.
  return { yaml, body, bodyLine: 3 + countLines(yaml) };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Decodes a file's bytes as UTF-8. Invalid sequences become U+FFFD and are
 * reported with the line of the first one, so the rest of the note still counts.
 */
export function decodeNote(path: string, bytes: Uint8Array): { text: string | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) {
    problems.push({ path, line: 1, code: 'binary', message: 'not a text file (contains NUL bytes); skipped' });
    return { text: null, problems };
  }
  try {
    return { text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes)), problems };
  } catch {
    const text = stripBom(new TextDecoder('utf-8').decode(bytes));
    const bad = text.indexOf('\uFFFD');
    problems.push({
      path,
      line: bad < 0 ? 1 : countLines(text.slice(0, bad)) + 1,
      code: 'encoding',
      message: 'invalid UTF-8; undecodable bytes were replaced with U+FFFD',
    });
    return { text, problems };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses a note from its raw bytes. Returns null only for files that are not text at all. */
export function ingestNote(path: NotePath, bytes: Uint8Array): { note: ParsedNote | null; problems: Problem[] } {
  const decoded = decodeNote(path, bytes);
  if (decoded.text === null) return { note: null, problems: decoded.problems };
  const note = parseNote(path, decoded.text, bytes.byteLength);
  note.problems.unshift(...decoded.problems);
  return { note, problems: note.problems };
}

export function parseNote(path: NotePath, raw: string, byteLength = Buffer.byteLength(raw)): ParsedNote {
  const problems: Problem[] = [];
  // One line ending everywhere, so plain text and contexts never carry a stray \r; line numbers are unchanged.
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  const split = splitFrontMatter(text);
  const fm = parseFrontMatter(path, split.yaml ?? '', 2);
  problems.push(...fm.problems);
  const { meta, problems: metaProblems } = readNoteMeta(fm, path);
  problems.push(...metaProblems);

  let extracted: ReturnType<typeof extract>;
  if (byteLength > MAX_PARSED_BYTES) {
    problems.push({
      path,
      line: 1,
      code: 'too-large',
      message: `note is ${(byteLength / 1024 / 1024).toFixed(1)} MB; over ${MAX_PARSED_BYTES / 1024 / 1024} MB it is indexed as plain text, without links`,
    });
    extracted = { headings: [], plainText: split.body, links: [], citations: [], identifiers: [] };
  } else {
    extracted = extract(parseMarkdown(split.body), path, split.bodyLine - 1, wikilinkDialect(fm.data));
  }

  const firstH1 = extracted.headings.find((h) => h.depth === 1);
  const title = meta.title ?? firstH1?.text ?? noteName(path);
  const note: ParsedNote = {
    path,
    slug: slugFromPath(path),
    type: meta.type,
    title,
    titleSource: meta.title ? 'front-matter' : firstH1 ? 'heading' : 'file-name',
    aliases: meta.aliases,
    tags: meta.tags,
    created: meta.created,
    updated: meta.updated,
    visibility: meta.visibility,
    frontMatter: fm.data,
    paper: meta.paper,
    replication: meta.replication,
    readingStatus: meta.readingStatus,
    rating: meta.rating,
    headings: extracted.headings,
    plainText: extracted.plainText,
    body: split.body,
    bodyLine: split.bodyLine,
    links: extracted.links,
    citations: extracted.citations,
    identifiers: extracted.identifiers,
    problems,
    wordCount: countWords(extracted.plainText),
  };
  if (note.paper && !note.paper.title) note.paper.title = title;
  return note;
}

/** Dendron writes its own front matter (an `id` and epoch-millisecond dates); such notes use Dendron's link order. */
export function wikilinkDialect(data: Record<string, unknown>): WikilinkDialect {
  const dendron = typeof data.id === 'string' && (typeof data.created === 'number' || typeof data.updated === 'number');
  return dendron ? 'dendron' : 'obsidian';
}
