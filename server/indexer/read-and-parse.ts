/**
 * Reading, hashing and parsing one file: what a parse worker does per file, and the main
 * thread for a small batch. Its own module because it loads every parser (Markdown, YAML,
 * BibTeX): a main thread that hands all its files to workers never loads them.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ingestFile, loadBibliographyParser } from '../ingest/ingest-file.ts';
import type { FileOutcome, ParseJob } from './parse-pool.ts';

/** Loads what parsing these jobs needs beyond Markdown and YAML: the BibTeX parser, when one is a bibliography. */
export async function prepareToParse(jobs: readonly ParseJob[]): Promise<void> {
  if (jobs.some((job) => job.kind === 'bib')) await loadBibliographyParser();
}

/** Reads, hashes and (when its content changed) parses one file; `prepareToParse` first. */
export function readAndParse(job: ParseJob): FileOutcome {
  let bytes: Buffer;
  try {
    bytes = readFileSync(job.absolutePath);
  } catch {
    // Deleted (or made unreadable) since the folder was scanned.
    return { status: 'missing' };
  }
  const hash = createHash('sha1').update(bytes).digest('hex');
  if (hash === job.knownHash) return { status: 'unchanged', hash, size: bytes.byteLength };
  return { status: 'parsed', hash, size: bytes.byteLength, result: ingestFile(job.path, job.kind, bytes) };
}
