/**
 * Renders stored notes to HTML for pages: resolves links, citations and embeds
 * against the index (as the mode allows: hidden notes never appear in public
 * mode), and caches the result until the next indexed change. Routes ask this
 * module for HTML; they never touch Markdown themselves.
 */
import type { Database } from '../db/connection.ts';
import type { NoteQueries } from '../db/queries.ts';
import type { Indexer } from '../indexer/indexer.ts';
import { wikilinkDialect } from '../ingest/parse-note.ts';
import { type LinkResolver, type RenderedNote, renderMarkdown, renderMarkdownSync } from '../render/index.ts';

interface StoredNote {
  path: string;
  slug: string;
  body: string;
  frontMatter: string;
}

interface LinkRow {
  kind: string;
  target: string;
  targetPath: string | null;
}

/** Rendered pages kept in memory; cleared whenever the index changes (embeds and links depend on other notes). */
const CACHE_ENTRIES = 500;

export class NoteRenderer {
  private readonly cache = new Map<string, Promise<RenderedNote>>();

  constructor(
    private readonly db: Database,
    private readonly queries: NoteQueries,
    indexer: Indexer,
  ) {
    indexer.onChange(() => this.cache.clear());
  }

  render(path: string): Promise<RenderedNote> | null {
    const cached = this.cache.get(path);
    if (cached) return cached;
    const note = this.stored(path);
    if (!note) return null;
    const rendering = renderMarkdown(note.body, { notePath: note.path, dialect: dialectOf(note), resolver: this.resolver(note, true) });
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(path, rendering);
    rendering.catch(() => this.cache.delete(path));
    return rendering;
  }

  private stored(path: string): StoredNote | undefined {
    return this.db.sqlite.prepare('SELECT path, slug, body, front_matter AS frontMatter FROM notes WHERE path = ?').get(path) as StoredNote | undefined;
  }

  /** Resolves through the links ingest recorded for this note, so a page shows exactly what the index knows. */
  private resolver(note: StoredNote, withEmbeds: boolean): LinkResolver {
    const links = this.db.sqlite.prepare('SELECT kind, target, target_path AS targetPath FROM links WHERE source_path = ?').all(note.path) as LinkRow[];
    const targetOf = new Map(links.map((l) => [`${l.kind === 'embed' ? 'wikilink' : l.kind}\0${l.target}`, l.targetPath]));
    const noteAt = this.db.sqlite.prepare('SELECT slug, title, path FROM notes WHERE path = ?');
    const paperBy = this.db.sqlite.prepare(
      'SELECT p.id, p.title, n.slug, n.path FROM paper_ids pi JOIN papers p ON p.id = pi.paper_id LEFT JOIN notes n ON n.path = p.note_path WHERE pi.kind = ? AND pi.value = ?',
    );
    const publicOnly = this.queries.publicOnly;
    const resolver: LinkResolver = {
      note: (target) => {
        const kind = target.kind === 'embed' ? 'wikilink' : target.kind;
        const path = targetOf.get(`${kind}\0${target.target}`) ?? (target.target === '' ? note.path : null);
        const found = path ? (noteAt.get(path) as { slug: string; title: string; path: string } | undefined) : undefined;
        if (!found) {
          // In public mode a broken link looks like a link to a hidden note: plain text either way.
          return publicOnly ? { slug: '', title: '', hidden: true } : null;
        }
        if (publicOnly && !this.queries.noteVisible(found.path)) return { slug: found.slug, title: '', hidden: true };
        return { slug: found.slug, title: found.title };
      },
      paper: (ref) => {
        const p = paperBy.get(ref.kind, ref.value) as { id: string; title: string | null; slug: string | null; path: string | null } | undefined;
        if (!p || !this.queries.paperVisible(p.id)) return null;
        const slug = p.path && this.queries.noteVisible(p.path) ? p.slug : null;
        return { id: p.id, title: p.title, slug };
      },
    };
    if (withEmbeds) {
      resolver.embed = (slug) => {
        const embedded = this.db.sqlite.prepare('SELECT path, slug, body, front_matter AS frontMatter FROM notes WHERE slug = ?').get(slug) as
          | StoredNote
          | undefined;
        if (!embedded || !this.queries.noteVisible(embedded.path)) return null;
        // One level deep: an embedded note's own embeds become links.
        return renderMarkdownSync(embedded.body, { notePath: embedded.path, dialect: dialectOf(embedded), resolver: this.resolver(embedded, false) }).html;
      };
    }
    return resolver;
  }
}

function dialectOf(note: StoredNote) {
  return wikilinkDialect(JSON.parse(note.frontMatter) as Record<string, unknown>);
}
