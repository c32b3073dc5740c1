/**
 * Interprets front matter as the note model: types each field, coerces the
 * forgivable (a tag string instead of a list), and reports the rest as problems
 * without dropping the note.
 */
import type { FrontMatter } from './front-matter.ts';
import { isPlainObject } from './front-matter.ts';
import { arxivFromDoi, normalizeArxiv, normalizeDoi } from './identifiers.ts';
import {
  type Claim,
  NOTE_TYPES,
  type NoteType,
  type PaperMeta,
  type PaperRef,
  type Problem,
  READING_STATUSES,
  REPLICATION_STATUSES,
  type ReadingStatus,
  type ReplicationMeta,
  VERDICTS,
  type Visibility,
} from './types.ts';

export interface NoteMeta {
  type: NoteType;
  title?: string;
  aliases: string[];
  tags: string[];
  created?: string;
  updated?: string;
  visibility: Visibility;
  paper?: PaperMeta;
  replication?: ReplicationMeta;
  readingStatus?: ReadingStatus;
  rating?: number;
}

class FieldReader {
  constructor(
    private readonly fm: FrontMatter,
    private readonly path: string,
    readonly problems: Problem[],
  ) {}

  has(key: string): boolean {
    const value = this.fm.data[key];
    return value !== undefined && value !== null && value !== '';
  }

  report(key: string, message: string): void {
    this.problems.push({ path: this.path, line: this.fm.lineOf(key), code: 'front-matter', message: `\`${key}\`: ${message}` });
  }

  string(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const value = this.fm.asWritten[key] ?? this.fm.data[key];
    if (typeof value === 'string') return value.trim() || undefined;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.report(key, `expected text, got ${describe(value)}`);
    return undefined;
  }

  /** A list of strings; a single string is accepted as a list of one (or split on commas when `splitCommas`). */
  list(key: string, splitCommas = false): string[] {
    if (!this.has(key)) return [];
    const value = this.fm.data[key];
    const items = Array.isArray(value) ? value : typeof value === 'string' && splitCommas ? value.split(',') : [value];
    const out: string[] = [];
    for (const item of items) {
      if (typeof item === 'string' || typeof item === 'number') {
        const text = String(item).trim();
        if (text) out.push(text);
      } else if (item !== null) {
        this.report(key, `expected a list of text items, found ${describe(item)}`);
      }
    }
    return out;
  }

  boolean(key: string, fallback: boolean): boolean {
    if (!this.has(key)) return fallback;
    const value = this.fm.data[key];
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'yes') return true;
    if (value === 'false' || value === 'no') return false;
    this.report(key, `expected true or false, got ${describe(value)}`);
    return fallback;
  }

  integer(key: string, min: number, max: number): number | undefined {
    if (!this.has(key)) return undefined;
    const value = this.fm.data[key];
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    this.report(key, `expected a whole number from ${min} to ${max}, got ${describe(value)}`);
    return undefined;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    const lowered = value.toLowerCase();
    if ((allowed as readonly string[]).includes(lowered)) return lowered as T;
    this.report(key, `expected one of ${allowed.join(', ')}, got "${value}"`);
    return undefined;
  }

  /**
   * Dates are kept as written when they look like ISO dates (YYYY-MM-DD, optionally with a time).
   * Epoch timestamps (Dendron writes milliseconds) become ISO date-times.
   */
  date(key: string): string | undefined {
    const raw = this.fm.data[key];
    if (typeof raw === 'number' || (typeof raw === 'string' && /^\d{9,13}$/.test(raw.trim()))) {
      const n = Number(raw);
      const ms = n >= 1e11 ? n : n * 1000;
      if (Number.isFinite(ms) && ms > 0) return new Date(ms).toISOString();
    }
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value))) return value;
    this.report(key, `expected a date like 2024-05-31, got "${value}"`);
    return undefined;
  }
}

export function readNoteMeta(fm: FrontMatter, path: string): { meta: NoteMeta; problems: Problem[] } {
  const problems: Problem[] = [];
  const read = new FieldReader(fm, path, problems);

  const type = read.oneOf('type', NOTE_TYPES) ?? 'note';
  const meta: NoteMeta = {
    type,
    title: read.string('title'),
    aliases: read.list('aliases'),
    tags: normalizeTags(read.list('tags', true)),
    created: read.date('created'),
    updated: read.date('updated'),
    visibility: {
      draft: read.boolean('draft', false),
      private: read.boolean('private', false),
      publish: read.boolean('publish', true),
      unlisted: read.boolean('unlisted', false),
    },
  };

  if (type === 'paper') {
    meta.paper = readPaper(read);
    meta.paper.title = meta.title;
    meta.readingStatus = read.oneOf('status', READING_STATUSES);
    meta.rating = read.integer('rating', 1, 5);
  } else if (type === 'replication') {
    meta.replication = readReplication(read, fm);
  }
  return { meta, problems };
}

function readPaper(read: FieldReader): PaperMeta {
  const paper: PaperMeta = { authors: readAuthors(read) };
  paper.year = read.integer('year', 1000, 2999);
  paper.venue = read.string('venue');
  paper.url = read.string('url');
  paper.citekey = read.string('citekey');
  const arxivRaw = read.string('arxiv');
  if (arxivRaw !== undefined) {
    const arxiv = normalizeArxiv(arxivRaw);
    if (arxiv) paper.arxiv = arxiv;
    else read.report('arxiv', `not an arXiv identifier: "${arxivRaw}"`);
  }
  const doiRaw = read.string('doi');
  if (doiRaw !== undefined) {
    const doi = normalizeDoi(doiRaw);
    if (!doi) read.report('doi', `not a DOI: "${doiRaw}"`);
    else {
      paper.doi = doi;
      // The arXiv DOI names the same paper as its arXiv id.
      paper.arxiv ??= arxivFromDoi(doi) ?? undefined;
    }
  }
  return paper;
}

function readAuthors(read: FieldReader): string[] {
  if (!read.has('authors') && read.has('author')) return splitAuthorString(read.list('author'));
  return splitAuthorString(read.list('authors'));
}

/** `"Doe, Jane and Roe, Rick"` (BibTeX style) is accepted as two authors. */
function splitAuthorString(items: string[]): string[] {
  return items
    .flatMap((item) => item.split(/\s+and\s+/))
    .map((a) => a.trim())
    .filter(Boolean);
}

function readReplication(read: FieldReader, fm: FrontMatter): ReplicationMeta {
  const replicates = read.string('replicates');
  const replication: ReplicationMeta = {
    replicates,
    target: replicates === undefined ? undefined : classifyPaperRef(replicates),
    status: read.oneOf('status', REPLICATION_STATUSES),
    verdict: read.oneOf('verdict', VERDICTS),
    claims: [],
    code: read.string('code'),
    commit: read.string('commit'),
    compute: read.string('compute'),
  };
  const claims = fm.asWritten.claims;
  if (claims !== undefined && claims !== null) {
    if (!Array.isArray(claims)) read.report('claims', 'expected a list of claims');
    else
      claims.forEach((raw, index) => {
        const claim = readClaim(raw, index, read);
        if (claim) replication.claims.push(claim);
      });
  }
  return replication;
}

function readClaim(raw: unknown, index: number, read: FieldReader): Claim | undefined {
  if (!isPlainObject(raw)) {
    read.report('claims', `claim ${index + 1} is not a mapping`);
    return undefined;
  }
  const text = (key: string) => {
    const value = raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    read.report('claims', `claim ${index + 1}: \`${key}\` should be text, got ${describe(value)}`);
    return undefined;
  };
  const claim: Claim = { id: text('id') ?? `c${index + 1}`, text: text('text') ?? '' };
  claim.metric = text('metric');
  claim.paper = text('paper');
  claim.ours = text('ours');
  const verdict = text('verdict')?.toLowerCase();
  if (verdict !== undefined) {
    if ((VERDICTS as readonly string[]).includes(verdict)) claim.verdict = verdict as Claim['verdict'];
    else read.report('claims', `claim ${index + 1}: verdict should be one of ${VERDICTS.join(', ')}, got "${verdict}"`);
  }
  return claim;
}

/** Classifies a `replicates` value: a wikilink, an arXiv id, a DOI, or else a citekey. */
export function classifyPaperRef(value: string): PaperRef {
  const trimmed = value.trim();
  const wikilink = /^\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]$/.exec(trimmed);
  if (wikilink?.[1]) return { kind: 'note', value: wikilink[1].trim() };
  const doi = normalizeDoi(trimmed);
  if (doi) {
    const arxiv = arxivFromDoi(doi);
    return arxiv ? { kind: 'arxiv', value: arxiv } : { kind: 'doi', value: doi };
  }
  const arxiv =
    /^(arxiv:|https?:\/\/)/i.test(trimmed) || /^\d{4}\.\d{4,5}(v\d+)?$/.test(trimmed) || /^[a-z-]+(\.[A-Z]{2})?\/\d{7}(v\d+)?$/.test(trimmed)
      ? normalizeArxiv(trimmed.replace(/^https?:\/\/(www\.|export\.)?arxiv\.org\/(abs|pdf)\//i, '').replace(/\.pdf$/i, ''))
      : null;
  if (arxiv) return { kind: 'arxiv', value: arxiv };
  return { kind: 'citekey', value: trimmed.replace(/^@/, '') };
}

/** Tags are matched case-insensitively, and written with or without `#`. */
export function normalizeTags(tags: string[]): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    const clean = tag.trim().replace(/^#/, '').toLowerCase();
    if (clean) out.add(clean);
  }
  return [...out];
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
