/**
 * Backlinks: the notes that point at a note, by any link form (wikilink,
 * embed, Markdown link) and, for a paper note, by any citation of its
 * citekey, its arXiv id or DOI, or a replication log's `replicates`. Each
 * reference keeps its line and the sentence or list item around it.
 */
import type { Database } from '../db/connection.ts';
import { type Audience, type NoteRef, notesByPath } from './lookup.ts';
import { type Ref, type RefKind, refsToNoteOrPaper } from './refs.ts';
import { prepared } from './sql.ts';

export interface BacklinkRef {
  kind: RefKind;
  /** As written: the link target, the citekey, the arXiv id or DOI. */
  target: string;
  line: number;
  context: string;
}

/** One note that points at the target, with every place it does. */
export interface Backlink extends NoteRef {
  refs: BacklinkRef[];
}

/** The paper a note describes, if it is a paper note. */
export function paperOfNote(db: Database, notePath: string): string | null {
  return (prepared(db, 'SELECT id FROM papers WHERE note_path = ?').pluck().get(notePath) as string | undefined) ?? null;
}

/**
 * Groups references by the note they are written in: notes in path order, references in line order.
 * For visitors, references from notes they may not see listed are left out.
 */
export function groupBySource(db: Database, refs: readonly Ref[], audience: Audience = {}): Backlink[] {
  const notes = notesByPath(
    db,
    refs.map((r) => r.sourcePath),
    audience,
  );
  const groups = new Map<string, Backlink>();
  for (const ref of refs) {
    const note = notes.get(ref.sourcePath);
    if (!note) continue;
    let group = groups.get(ref.sourcePath);
    if (!group) {
      group = { ...note, refs: [] };
      groups.set(ref.sourcePath, group);
    }
    group.refs.push({ kind: ref.kind, target: ref.target, line: ref.line, context: ref.context });
  }
  return [...groups.values()];
}

/** The backlinks of the note at `notePath`. */
export function backlinks(db: Database, notePath: string, audience: Audience = {}): Backlink[] {
  return groupBySource(db, refsToNoteOrPaper(db, { notePath, paperId: paperOfNote(db, notePath) }), audience);
}
