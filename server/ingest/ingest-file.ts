/**
 * The one function the indexer calls per file: raw bytes in, records out.
 * Pure, so it runs the same in the main thread and in parse workers.
 */
import type { parseBibliography } from './bibtex.ts';
import { decodeNote, ingestNote } from './parse-note.ts';
import type { NotePath, ParsedBibliography, ParsedNote, Problem } from './types.ts';

export { PARSER_VERSION } from './parser-version.ts';

export type IngestResult = { kind: 'note'; note: ParsedNote } | { kind: 'bib'; bib: ParsedBibliography } | { kind: 'unreadable'; problems: Problem[] };

let bibliographyParser: typeof parseBibliography | undefined;

/**
 * Loads the BibTeX parser, which `ingestFile` needs for a `.bib` file. It is not imported up
 * front: its modules took ~150 ms to load in every parse worker, and a vault's few
 * bibliographies reach one or two of them.
 */
export async function loadBibliographyParser(): Promise<void> {
  bibliographyParser ??= (await import('./bibtex.ts')).parseBibliography;
}

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
    if (!bibliographyParser) throw new Error('the BibTeX parser is not loaded (loadBibliographyParser)');
    const bib = bibliographyParser(path, decoded.text);
    bib.problems.unshift(...decoded.problems);
    return { kind: 'bib', bib };
  }
  const { note, problems } = ingestNote(path, bytes);
  return note ? { kind: 'note', note } : { kind: 'unreadable', problems };
}
