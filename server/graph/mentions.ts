/**
 * Unlinked mentions: notes that name a note (its title or an alias, as whole
 * words, case-insensitively, at least 4 characters) without linking to it.
 *
 * Computed at query time: SQL keeps the notes whose plain text contains the
 * rarest-looking word of a name, then each of those bodies is scanned with code,
 * math, HTML, URLs and link syntax masked, so a name inside code or inside
 * another word is not a mention.
 */
import type { Database } from '../db/connection.ts';
import { listedNote } from '../db/visibility.ts';
import type { Audience, NoteRef } from './lookup.ts';
import { contextAt, maskNonProse } from './prose.ts';
import { refsToNoteOrPaper } from './refs.ts';
import { IN_LIST, jsonList, prepared } from './sql.ts';

/** Names shorter than this (in characters) are too likely to be ordinary words. */
export const MIN_MENTION_LENGTH = 4;

export interface Mention {
  /** The title or alias that was found. */
  term: string;
  /** The words as written in the note. */
  text: string;
  line: number;
  context: string;
}

export interface MentionGroup extends NoteRef {
  mentions: Mention[];
}

interface Candidate extends NoteRef {
  body: string;
  bodyLine: number;
}

/**
 * Narrows the notes to read: the paths of the notes whose text may hold one of `terms` (a superset
 * of those that do), or null when it cannot tell. The search index provides one; the graph does not
 * depend on search, so it is passed in.
 */
export type MentionCandidates = (terms: readonly string[]) => ReadonlySet<string> | null;

/**
 * Notes that may mention the target: not linking to it, and either among `only` (the paths a
 * full-text index gave) or (with `terms`) containing every word of one of its names. `LIKE` is
 * case-insensitive for ASCII and the fastest scan SQLite has without an index, but it still reads
 * every note: 60-600 ms at 10,000 notes.
 */
const candidates = (terms: readonly (readonly string[])[], only: boolean, publicOnly: boolean) => {
  const anyTerm = terms.map((words) => `(${words.map(() => "n.plain_text LIKE ? ESCAPE '\\'").join(' AND ')})`).join(' OR ');
  const narrowed = only ? `AND n.path IN ${IN_LIST}` : anyTerm ? `AND (${anyTerm})` : '';
  return `SELECT n.slug, n.path, n.title, n.type, n.body, n.body_line AS bodyLine FROM notes n
    WHERE n.path NOT IN ${IN_LIST} ${narrowed} ${publicOnly ? `AND ${listedNote('n')}` : ''}
    ORDER BY n.path`;
};

/** The names a note may be mentioned by: its title and aliases, long enough, each once (case-insensitively). */
export function mentionTerms(title: string, aliases: readonly string[]): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of [title, ...aliases]) {
    const term = raw.trim().replace(/\s+/g, ' ');
    const key = term.toLowerCase();
    if ([...term].length < MIN_MENTION_LENGTH || seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  return terms;
}

/** Between two words of a name: white space (one line break at most), and emphasis markers around it. */
const BETWEEN_WORDS = '[*_~]*(?:[ \\t]+|[ \\t]*\\n[ \\t]*)[*_~]*';

/** One regular expression for all terms: whole words, any case, any run of white space between words. */
export function mentionPattern(terms: readonly string[]): RegExp | null {
  if (terms.length === 0) return null;
  const alternatives = [...terms]
    .sort((a, b) => b.length - a.length)
    .map((t) =>
      t
        .split(' ')
        .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
        .join(BETWEEN_WORDS),
    );
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
}

/** Where `terms` occur as prose in a Markdown body: offsets into `body`, and the term each one matched. */
export function findMentions(body: string, terms: readonly string[]): { offset: number; text: string; term: string }[] {
  const pattern = mentionPattern(terms);
  // Masking costs more than matching: most bodies that contain a name's words never have them side by side.
  if (!pattern?.test(body)) return [];
  pattern.lastIndex = 0;
  const masked = maskNonProse(body);
  const byKey = new Map(terms.map((t) => [t.toLowerCase(), t]));
  const out: { offset: number; text: string; term: string }[] = [];
  for (const match of masked.matchAll(pattern)) {
    const text = body.slice(match.index, match.index + match[0].length);
    const term =
      byKey.get(
        text
          .toLowerCase()
          .replace(/[*_~]+/g, '')
          .replace(/\s+/g, ' '),
      ) ??
      terms[0] ??
      text;
    out.push({ offset: match.index, text, term });
  }
  return out;
}

/**
 * The words of a term SQL can prefilter on, lower-cased: its runs of non-space characters, or within
 * a run with non-ASCII letters (which `LIKE` compares case-sensitively) its ASCII letters and digits.
 * Null when no word is long enough to narrow the search.
 */
export function prefilterWords(term: string): string[] | null {
  const words = term
    .toLowerCase()
    .split(/\s+/)
    .flatMap((w) => (/^[\x20-\x7e]*$/.test(w) ? [w] : (w.match(/[a-z0-9]+/g) ?? [])))
    .filter((w) => w.length >= 3);
  return words.length ? words : null;
}

const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, '\\$&')}%`;

/** The unlinked mentions of a note, grouped by the note they are in (in path order); for visitors, only in notes they may see listed. */
export function unlinkedMentions(
  db: Database,
  target: { path: string; title: string; aliases: readonly string[]; paperId: string | null },
  audience: Audience = {},
  narrow?: MentionCandidates,
): MentionGroup[] {
  const terms = mentionTerms(target.title, target.aliases);
  if (terms.length === 0) return [];
  const linked = new Set(refsToNoteOrPaper(db, { notePath: target.path, paperId: target.paperId }).map((r) => r.sourcePath));
  linked.add(target.path);
  const publicOnly = audience.publicOnly ?? false;
  const only = narrow?.(terms);
  let notes: Candidate[];
  if (only) {
    if (only.size === 0) return [];
    notes = prepared(db, candidates([], true, publicOnly)).all(jsonList(linked), jsonList(only)) as Candidate[];
  } else {
    const words = terms.map(prefilterWords);
    // A name without a usable word (rare: short words, other scripts) means reading every note.
    const filter = words.every((w) => w !== null) ? (words as string[][]) : [];
    notes = prepared(db, candidates(filter, false, publicOnly)).all(jsonList(linked), ...filter.flat().map(likePattern)) as Candidate[];
  }

  const groups: MentionGroup[] = [];
  for (const note of notes) {
    const found = findMentions(note.body, terms);
    if (found.length === 0) continue;
    const mentions = found.map(({ offset, text, term }) => ({
      term,
      text,
      line: note.bodyLine + countNewlines(note.body, offset),
      context: contextAt(note.body, offset),
    }));
    groups.push({ slug: note.slug, path: note.path, title: note.title, type: note.type, mentions });
  }
  return groups;
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
