/**
 * Lists the files of a notes folder that the index cares about: every `.md`
 * note and every `.bib` bibliography, skipping hidden folders and dependency
 * folders. Symlinked folders are followed once; a loop is reported, not walked.
 */
import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

  const walk = (dir: string): void => {
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
      if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
      const absolutePath = join(dir, entry.name);
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
          if (fileKind(entry.name)) problems.push({ path: relPath(root, absolutePath), line: 1, code: 'read-error', message: `${reason}; skipped` });
          continue;
        }
      }
      if (isDir) walk(absolutePath);
      else if (isFile) {
        const kind = fileKind(entry.name);
        const path = toNotePath(relative(root, absolutePath));
        if (!kind || !path) continue;
        try {
          const stat = statSync(absolutePath);
          files.push({ path, absolutePath, kind, size: stat.size, mtimeMs: stat.mtimeMs });
        } catch {
          // Deleted between listing and stat: it simply is not there.
        }
      }
    }
  };
  walk(root);
  return { files, problems };
}

function relPath(root: string, path: string): string {
  return toNotePath(relative(root, path)) ?? path;
}
