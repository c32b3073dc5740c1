/**
 * Lists the files of a notes folder that the index cares about: every `.md`
 * note and every `.bib` bibliography, skipping hidden folders and dependency
 * folders. Symlinked folders are followed once; a loop is reported, not walked.
 */
import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { toNotePath } from '../ingest/paths.ts';
import type { NotePath, Problem } from '../ingest/types.ts';

export type FileKind = 'note' | 'bib';

export interface ScannedFile {
  path: NotePath;
  absolutePath: string;
  kind: FileKind;
  size: number;
  mtimeMs: number;
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.obsidian', '.trash', '.scholium', '.dendron.cache']);

export function fileKind(name: string): FileKind | null {
  if (/\.md$/i.test(name)) return 'note';
  if (/\.bib$/i.test(name)) return 'bib';
  return null;
}

export function scanFolder(root: string): { files: ScannedFile[]; problems: Problem[] } {
  const files: ScannedFile[] = [];
  const problems: Problem[] = [];
  const visited = new Set<string>();

  // Paths are built by joining names, not by `join` and `relative` per file (a sixth of a warm
  // start's scan at 10k notes): a name from `readdir` holds no `/`, `.` or `..` segment.
  const walk = (dir: string, notePrefix: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (visited.has(real)) {
      problems.push({
        path: relPath(root, dir),
        line: 1,
        code: 'read-error',
        message: 'symlink loop: this folder was already indexed through another path; skipped',
      });
      return;
    }
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: relPath(root, dir), line: 1, code: 'read-error', message: `cannot read folder: ${(error as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.') || SKIPPED_FOLDERS.has(name)) continue;
      const absolutePath = `${dir}/${name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(absolutePath);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const reason = code === 'ELOOP' ? 'symlink loop' : 'broken symlink';
          if (fileKind(name)) problems.push({ path: relPath(root, absolutePath), line: 1, code: 'read-error', message: `${reason}; skipped` });
          continue;
        }
      }
      if (isDir) walk(absolutePath, `${notePrefix}${name}/`);
      else if (isFile) {
        const kind = fileKind(name);
        if (!kind) continue;
        // A backslash, in this name or a folder's, is a separator to `toNotePath` (as on Windows); any
        // other path is a note path already.
        const raw = `${notePrefix}${name}`;
        const path = raw.includes('\\') ? toNotePath(raw) : (raw as NotePath);
        if (!path) continue;
        try {
          const stat = statSync(absolutePath, { throwIfNoEntry: false });
          // Undefined: deleted between listing and stat, so it simply is not there.
          if (stat) files.push({ path, absolutePath, kind, size: stat.size, mtimeMs: stat.mtimeMs });
        } catch {
          // Unreadable between listing and stat: as if it were not there.
        }
      }
    }
  };
  walk(resolve(root), '');
  return { files, problems };
}

function relPath(root: string, path: string): string {
  return toNotePath(relative(root, path)) ?? path;
}
