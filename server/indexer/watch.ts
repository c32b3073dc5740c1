/**
 * Author mode: watches the notes folder and re-indexes what changed, file by
 * file. Bursts of events (an editor's save writes, renames and deletes in quick
 * succession; a `git checkout` touches hundreds of files) are coalesced into one
 * batch after a short quiet period.
 */
import { relative, sep } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import type { Indexer, IndexSummary } from './indexer.ts';
import { fileKind } from './scan.ts';

export interface WatchOptions {
  /** Quiet period before a batch is indexed, in ms. Short: it is part of "save → visible" latency. */
  debounceMs?: number;
  onBatch?: (summary: IndexSummary, paths: string[]) => void;
  onError?: (error: unknown) => void;
}

/** An editor's save (write a temp file, rename it over the note) reports its events within a few ms. */
export const DEFAULT_DEBOUNCE_MS = 15;

/**
 * chokidar reports at most one change per file in 50 ms and drops the others
 * without replaying them: a second save soon after a first (an editor's
 * format-on-save, an undo) would never be indexed. So each batch's files are
 * checked again once that window has passed; an unchanged file costs a stat
 * and a hash, and the check repeats only while it finds changes.
 */
const RECHECK_MS = 60;

export interface NotesWatcher {
  /** Resolves once the initial scan of the folder is done and events are live. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const IGNORED_SEGMENT = /(^|[/\\])(\.[^/\\]*|node_modules)([/\\]|$)/;

export function watchNotes(indexer: Indexer, options: WatchOptions = {}): NotesWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const root = indexer.notesDir;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let fullSync = false;
  let closed = false;
  const rechecks = new Set<NodeJS.Timeout>();

  const run = (paths: string[], full: boolean, recheck: boolean) => {
    (full ? indexer.syncAll() : indexer.syncPaths(paths)).then(
      (summary) => {
        options.onBatch?.(summary, paths);
        const changed = summary.added + summary.changed + summary.removed > 0;
        if (full || paths.length === 0 || closed || (recheck && !changed)) return;
        const again = setTimeout(() => {
          rechecks.delete(again);
          if (!closed) run(paths, false, true);
        }, RECHECK_MS);
        rechecks.add(again);
      },
      options.onError ?? (() => undefined),
    );
  };
  const flush = () => {
    timer = undefined;
    const paths = [...pending];
    pending.clear();
    run(paths, fullSync, false);
    fullSync = false;
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };
  const onFile = (absolute: string) => {
    if (!fileKind(absolute)) return;
    pending.add(relative(root, absolute).split(sep).join('/'));
    schedule();
  };

  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    ignored: (path: string) => IGNORED_SEGMENT.test(relative(root, path)),
    // Editors that save by writing a temp file and renaming it over the note report one change.
    atomic: true,
  });
  watcher.on('add', onFile).on('change', onFile).on('unlink', onFile);
  // A folder removed or renamed: rather than trust per-file events, compare the whole folder.
  watcher.on('unlinkDir', () => {
    fullSync = true;
    schedule();
  });
  watcher.on('error', (error) => options.onError?.(error));

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const recheck of rechecks) clearTimeout(recheck);
      await watcher.close();
    },
  };
}
