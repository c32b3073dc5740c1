/**
 * Where the notes and the index live, and where the server listens: flags
 * first, then environment variables, then defaults.
 */
import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';

export interface Config {
  notesDir: string;
  dbFile: string;
  port: number;
  host: string;
  /** Public mode (`--public`, env SCHOLIUM_PUBLIC=1): only published notes are indexed and served. */
  publicMode: boolean;
}

export interface ConfigFlags {
  notes?: string;
  db?: string;
  port?: string;
  host?: string;
  /** Public mode: its index withholds hidden notes, so it lives in its own database file. */
  public?: boolean;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';
/** Git-ignored; holds one database per notes folder so switching folders never mixes indexes. */
export const INDEX_FOLDER = '.scholium';

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const notesDir = resolve(cwd, flags.notes ?? env.SCHOLIUM_NOTES ?? 'notes');
  const publicMode = flags.public ?? env.SCHOLIUM_PUBLIC === '1';
  const dbFile = flags.db ?? env.SCHOLIUM_DB ?? defaultDbFile(cwd, notesDir, publicMode);
  const portText = flags.port ?? env.PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`scholium: invalid port "${portText}" (expected 0–65535)`);
  return { notesDir, dbFile: dbFile === ':memory:' ? dbFile : resolve(cwd, dbFile), port, host: flags.host ?? env.HOST ?? DEFAULT_HOST, publicMode };
}

function defaultDbFile(cwd: string, notesDir: string, publicMode: boolean): string {
  const id = createHash('sha1').update(notesDir).digest('hex').slice(0, 8);
  const name = basename(notesDir).replace(/[^\w.-]+/g, '-') || 'notes';
  return join(cwd, INDEX_FOLDER, `${name}-${id}${publicMode ? '-public' : ''}.db`);
}
