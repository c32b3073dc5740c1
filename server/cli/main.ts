/**
 * `scholium <command>`: index, check and serve a notes folder, and start new notes in it.
 * The commands and flags are a contract: extend them, never rename them.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/connection.ts';
import { NoteQueries } from '../db/queries.ts';
import { Indexer, type IndexSummary } from '../indexer/indexer.ts';
import { type Config, resolveConfig } from './config.ts';
import { type NewNote, planPaperNote, planReplicationLog, Refusal, UsageError } from './new-note.ts';
import { localDate } from './note-templates.ts';

const USAGE = `Usage: scholium <command> [options]

Commands:
  index   Index the notes folder into the database, then print a summary.
  check   Index, then print every problem as path:line: message (exit 1 if any).
  serve   Index, then serve the web UI and JSON API (re-indexes on start).
  new paper --citekey KEY [--arxiv ID] [--doi DOI] [--title T]
          Create papers/KEY.md, filled from the .bib entry KEY if there is one (flags win).
  new replication --of KEY|arxiv:ID|doi:DOI [--slug NAME]
          Create replications/NAME.md (default KEY-replication) for that paper.
          new prints the file it created; it never overwrites one (exit 1 if it exists).

Options:
  --notes DIR   notes folder            (env SCHOLIUM_NOTES, default ./notes)
  --db FILE     index database file     (env SCHOLIUM_DB, default ./.scholium/<folder>-<id>.db)
  --port N      port for serve          (env PORT, default 3000)
  --host H      host for serve          (env HOST, default 127.0.0.1)
  --public      public mode             (env SCHOLIUM_PUBLIC=1): only published notes are indexed (in their own
                database) and served, read-only, rate-limited
  -h, --help    show this help
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      notes: { type: 'string' },
      db: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      public: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      citekey: { type: 'string' },
      arxiv: { type: 'string' },
      doi: { type: 'string' },
      title: { type: 'string' },
      of: { type: 'string' },
      slug: { type: 'string' },
    },
  });
  const [command] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const misplaced = NEW_FLAGS.find((flag) => values[flag] !== undefined);
  if (command !== 'new' && misplaced) {
    process.stderr.write(`scholium: --${misplaced} is an option of "scholium new", not of "${command}"\n`);
    return 2;
  }
  const config = resolveConfig(values);
  switch (command) {
    case 'index':
      return runIndex(config);
    case 'check':
      return runCheck(config);
    case 'serve':
      return runServe(config, config.publicMode);
    case 'new':
      return await runNew(config, positionals.slice(1), values);
    default:
      process.stderr.write(`scholium: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

const NEW_FLAGS = ['citekey', 'arxiv', 'doi', 'title', 'of', 'slug'] as const;

type NewFlags = Partial<Record<(typeof NEW_FLAGS)[number], string>>;

async function runNew(config: Config, args: string[], flags: NewFlags): Promise<number> {
  // Loaded for this command only: the library reads front matter and BibTeX, whose parsers took
  // ~0.4 s to load, and `scholium index` hands its parsing to worker threads.
  const { openLibrary } = await import('./library.ts');
  const [kind, ...extra] = args;
  const show = (path: string) => relative(process.cwd(), resolve(config.notesDir, path)) || '.';
  try {
    if (kind !== 'paper' && kind !== 'replication')
      throw new UsageError(`new needs "paper" or "replication", got ${kind ? `"${kind}"` : 'nothing'}\n\n${USAGE}`);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" (quote a title with spaces: --title "…")`);
    for (const flag of kind === 'paper' ? (['of', 'slug'] as const) : (['citekey', 'arxiv', 'doi', 'title'] as const)) {
      if (flags[flag] !== undefined) throw new UsageError(`--${flag} is not an option of "new ${kind}"`);
    }
    const library = () => {
      if (!isFolder(config.notesDir)) throw new Refusal(`notes folder not found: ${show('.')} (choose one with --notes DIR)`);
      return openLibrary(config.notesDir);
    };
    const options = { created: localDate(), show };
    const note = kind === 'paper' ? planPaperNote(flags, library, options) : planReplicationLog(flags, library, options);
    writeNewNote(config.notesDir, note, show);
    for (const warning of note.warnings) process.stderr.write(`scholium: warning: ${warning}\n`);
    process.stdout.write(`${show(note.path)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof Refusal)) throw error;
    process.stderr.write(`scholium: ${error.message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** Creates the file, and its folder if needed; `wx` refuses an existing file even if one appeared a moment ago. */
function writeNewNote(notesDir: string, note: NewNote, show: (path: string) => string): void {
  const file = resolve(notesDir, note.path);
  const inside = relative(notesDir, file);
  if (!inside || inside.startsWith('..') || isAbsolute(inside)) throw new Refusal(`refusing to write outside the notes folder: ${file}`);
  mkdirSync(dirname(file), { recursive: true });
  try {
    writeFileSync(file, note.text, { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Refusal(`refusing to overwrite ${show(note.path)}: the file exists`);
    throw error;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function indexWithProgress(config: Config): Promise<{ summary: IndexSummary; queries: NoteQueries; close(): void }> {
  const db = openDatabase(config.dbFile, { checkpointInBackground: true });
  const tty = process.stderr.isTTY;
  const indexer = new Indexer({
    notesDir: config.notesDir,
    db,
    audience: config.publicMode ? 'public' : 'author',
    onProgress: tty ? (done, total) => process.stderr.write(`\rindexing ${done}/${total}`) : undefined,
  });
  const summary = await indexer.syncAll();
  if (tty && summary.added + summary.changed > 0) process.stderr.write('\n');
  return { summary, queries: new NoteQueries(db), close: () => db.close() };
}

export function formatSummary(s: IndexSummary): string {
  return [
    `notes: ${s.notes}  papers: ${s.papers}  links: ${s.links} (${s.unresolvedLinks} unresolved)  problems: ${s.problems}`,
    `files: ${s.added} added, ${s.changed} changed, ${s.removed} removed, ${s.unchanged} unchanged  time: ${(s.ms / 1000).toFixed(2)} s`,
  ].join('\n');
}

async function runIndex(config: Config): Promise<number> {
  const { summary, close } = await indexWithProgress(config);
  close();
  process.stdout.write(`${formatSummary(summary)}\n`);
  return 0;
}

async function runCheck(config: Config): Promise<number> {
  const { queries, close } = await indexWithProgress(config);
  const problems = queries.listProblems();
  close();
  for (const p of problems) process.stdout.write(`${p.path}:${p.line}: ${p.message}\n`);
  process.stderr.write(problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}\n` : 'no problems\n');
  return problems.length ? 1 : 0;
}

async function runServe(config: Config, publicOnly: boolean): Promise<number> {
  // Loaded only to serve: index and check stay quick to start (no renderer, no HTTP stack).
  const { startServer } = await import('../http/server.ts');
  const server = await startServer({
    ...config,
    publicOnly,
    onIndexed: (summary) => process.stderr.write(`${formatSummary(summary)}\n`),
  });
  process.stderr.write(
    `Scholium is serving ${config.notesDir} at ${server.url} (${publicOnly ? 'public mode: published notes only, read-only' : 'author mode: watching for changes'})\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
