/**
 * What a notes folder already knows about papers, read straight from its files
 * for `scholium new` (the index may be stale, or not built yet): the entries of
 * every `.bib` file, and the paper notes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanFolder } from '../indexer/scan.ts';
import { parseBibliography } from '../ingest/bibtex.ts';
import { parseFrontMatter } from '../ingest/front-matter.ts';
import { readNoteMeta } from '../ingest/note-meta.ts';
import { decodeNote, splitFrontMatter } from '../ingest/parse-note.ts';
import type { BibEntry, NotePath, PaperMeta } from '../ingest/types.ts';
import type { PaperId } from './note-templates.ts';

export interface KnownPaper {
  /** The `.bib` file or paper note, relative to the notes folder. */
  path: string;
  origin: 'bib' | 'note';
  paper: PaperMeta;
  /** A paper note's Markdown body. */
  body?: string;
}

/** Lookups the `new` command needs; an interface so that planning a note stays testable without files. */
export interface Library {
  /** The `.bib` files of the folder, relative to it. */
  bibFiles: string[];
  /** `.bib` entries first (in file order), then paper notes, that carry any of these identifiers. */
  find(ids: PaperId[]): KnownPaper[];
  /** Whether a path relative to the notes folder exists. */
  exists(path: string): boolean;
}

export function openLibrary(notesDir: string): Library {
  const { files } = scanFolder(notesDir);
  const bibFiles = files.filter((f) => f.kind === 'bib');
  const notes = files.filter((f) => f.kind === 'note');
  let entries: { path: NotePath; entry: BibEntry }[] | undefined;
  const bibEntries = () => {
    entries ??= bibFiles.flatMap((f) => {
      const text = readText(f.absolutePath, f.path);
      return text === null ? [] : parseBibliography(f.path, text).entries.map((entry) => ({ path: f.path, entry }));
    });
    return entries;
  };

  return {
    bibFiles: bibFiles.map((f) => f.path),
    exists: (path) => existsSync(join(notesDir, path)),
    find(ids) {
      const found: KnownPaper[] = bibEntries()
        .filter(({ entry }) => ids.some((id) => matches(entry, id)))
        .map(({ path, entry }) => ({ path, origin: 'bib', paper: entry }));
      const needles = ids.map((id) => id.value.toLowerCase());
      for (const file of notes) {
        const text = readText(file.absolutePath, file.path);
        // Most notes do not mention the paper at all: skip them before parsing any YAML.
        const lower = text?.toLowerCase();
        if (text === null || lower === undefined || !needles.some((n) => lower.includes(n))) continue;
        const split = splitFrontMatter(text.replace(/\r\n?/g, '\n'));
        if (split.yaml === undefined) continue;
        const { meta } = readNoteMeta(parseFrontMatter(file.path, split.yaml, 2), file.path);
        if (meta.paper && ids.some((id) => meta.paper && matches(meta.paper, id)))
          found.push({ path: file.path, origin: 'note', paper: meta.paper, body: split.body });
      }
      return found;
    },
  };
}

function matches(paper: PaperMeta, id: PaperId): boolean {
  if (id.kind === 'citekey') return paper.citekey === id.value;
  if (id.kind === 'arxiv') return paper.arxiv === id.value;
  return paper.doi === id.value;
}

function readText(absolutePath: string, path: string): string | null {
  try {
    return decodeNote(path, readFileSync(absolutePath)).text;
  } catch {
    return null;
  }
}
