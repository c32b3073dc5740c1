/**
 * The one function the indexer calls per file: raw bytes in, records out.
 * Pure, so it runs the same in the main thread and in parse workers.
 */
import { parseBibliography } from './bibtex.ts';
import { decodeNote, ingestNote } from './parse-note.ts';
import type { NotePath, ParsedBibliography, ParsedNote, Problem } from './types.ts';

/**
 * Bump when the records parsed from the same bytes change (a new field, a fixed
 * link rule): stored files are then parsed again instead of being skipped as unchanged.
 */
export const PARSER_VERSION = 5;

export type IngestResult = { kind: 'note'; note: ParsedNote } | { kind: 'bib'; bib: ParsedBibliography } | { kind: 'unreadable'; problems: Problem[] };

export function ingestFile(path: NotePath, kind: 'note' | 'bib', bytes: Uint8Array): IngestResult {
  try {
    return readFile(path, kind, bytes);
  } catch (error) {
    // A parser that fails on odd input fails for this file, not for the batch: its rows say so,
    // and every other file is indexed. (An alias to no anchor in front matter once did that.)
    const message = `could not read the file: ${(error as Error).message?.split('\n')[0] ?? String(error)}; skipped`;
    return { kind: 'unreadable', problems: [{ path, line: 1, code: 'parse-error', message }] };
  }
}

function readFile(path: NotePath, kind: 'note' | 'bib', bytes: Uint8Array): IngestResult {
  if (kind === 'bib') {
    const decoded = decodeNote(path, bytes);
    if (decoded.text === null) return { kind: 'unreadable', problems: decoded.problems };
    const bib = parseBibliography(path, decoded.text);
    bib.problems.unshift(...decoded.problems);
    return { kind: 'bib', bib };
  }
  const { note, problems } = ingestNote(path, bytes);
  return note ? { kind: 'note', note } : { kind: 'unreadable', problems };
}
