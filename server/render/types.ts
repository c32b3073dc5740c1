/**
 * The renderer's contract: Markdown body + a way to resolve links → safe HTML
 * and a table of contents. The renderer never touches the database, HTTP or
 * the file system; everything it needs to know about other notes and papers
 * comes through a `LinkResolver`.
 */

/** A link to another note, as the note wrote it. */
export interface NoteTarget {
  kind: 'wikilink' | 'embed' | 'markdown';
  /**
   * The target exactly as ingest records it in `OutgoingLink.target`, so a
   * resolver can look up the note's stored link: for wikilinks and embeds the
   * name or path without `#anchor` (`Note`, `folder/Note`, Dendron's
   * `dendron://vault/a.b`; a Foam name defined by `[name]: path.md` is passed as
   * the name); for Markdown links the URL as written, anchor included
   * (`../papers/foo.md#sec`).
   */
  target: string;
  /** The heading or block after `#`, as written. */
  anchor?: string;
}

export interface ResolvedNote {
  slug: string;
  title: string;
  /** True when the note must not be shown (public mode: draft, private, unpublished): the link is rendered as plain text. */
  hidden?: boolean;
}

export interface ResolvedPaper {
  /** The paper's id (its citekey, else `arxiv:ID`, else `doi:…`): linked as `/papers/<id>`. */
  id: string;
  title: string | null;
  /** The slug of the paper's note, if it has one (and it is visible): linked as `/notes/<slug>` instead. */
  slug: string | null;
}

export interface LinkResolver {
  /** Resolves a wikilink, embed or Markdown link to a note; null when no note matches (a broken link). */
  note(target: NoteTarget): ResolvedNote | null;
  /** Resolves a citation key or an arXiv id / DOI (canonical: no version, DOI lower-cased) to a paper; null when unknown. */
  paper(ref: { kind: 'citekey' | 'arxiv' | 'doi'; value: string }): ResolvedPaper | null;
  /**
   * The body HTML of an embedded note, or null to show a link instead. It is
   * inserted as is, so it must be the `html` of a `renderMarkdown` result (which
   * is sanitized); render it with a resolver without `embed` so embeds stay one level deep.
   */
  embed?(slug: string): string | null;
}

export interface RenderOptions {
  /** The note's path relative to the notes folder; Markdown links are relative to it. */
  notePath: string;
  /** Wikilink order: Obsidian/Foam `[[target|label]]`, Dendron `[[label|target]]`. */
  dialect: 'obsidian' | 'dendron';
  resolver: LinkResolver;
}

export interface TocEntry {
  depth: number;
  text: string;
  /** The heading's id: the same GitHub-style id ingest records, so search results can jump to it. */
  id: string;
}

export interface RenderedNote {
  html: string;
  /** The h2–h4 headings, in order. */
  toc: TocEntry[];
}
