/**
 * The bad-input test: malformed YAML, a non-UTF-8 file, a 5 MB note, a binary file named `.md`, symlink
 * loops, duplicate citekeys, file names with spaces, unicode and `#`, a file deleted while being
 * indexed. Each problem is reported by `scholium check` and in the author UI, everything else stays
 * searchable, and the server keeps running.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../server/db/connection.ts';
import { startServer } from '../../server/http/server.ts';
import { Indexer } from '../../server/indexer/indexer.ts';
import { makeVault, type TestVault } from '../helpers/vault.ts';
import { type CliResult, scholium } from './helpers.ts';

const HUGE_BYTES = 5 * 1024 * 1024;

function hugeNote(): string {
  const head = '---\ntitle: Huge note\n---\nHugeuniqueword opens a very long note. See [[good-one]].\n\n';
  const line = 'This line repeats to make the note five megabytes long, with words like gradient and attention. [[good-two]]\n';
  return `${head + line.repeat(Math.ceil((HUGE_BYTES - head.length) / line.length))}Hugetailword closes it.\n`;
}

const LATIN1 = Buffer.concat([
  Buffer.from('---\ntitle: Latin one note\n---\nLatinword is fine on this line.\n'),
  Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x61, 0x75, 0x20, 0x6c, 0x61, 0x69, 0x74, 0x0a]), // "café au lait" in Latin-1
  Buffer.from('Latintailword after the bad byte.\n'),
]);

const BINARY = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(4096, 0), Buffer.from('IHDR')]);

const FILES: Record<string, string | Uint8Array> = {
  'good-one.md':
    '---\ntitle: Good one\ntags: [fine]\n---\nGoodword alpha. Links [[good-two]], [[notes with spaces]], [[ünïcödé 論文]] and [hash](c%23%20tricks.md).\n',
  'good-two.md': '# Good two\n\nGoodword beta, citing [@goodbib2020].\n',
  'malformed-yaml.md': '---\ntitle: Broken yaml note\ntags: [unclosed, list\nyear: 2020\n---\nBrokenyamlword stays searchable.\n',
  'latin1.md': LATIN1,
  'huge.md': hugeNote(),
  'image.md': BINARY,
  'papers/dup-a.md': '---\ntype: paper\ntitle: Duplicate A\ncitekey: dupkey2020\nyear: 2020\n---\nDupaword.\n',
  'papers/dup-b.md': '---\ntype: paper\ntitle: Duplicate B\ncitekey: dupkey2020\nyear: 2020\n---\nDupbword.\n',
  'refs.bib':
    '@article{goodbib2020, title={A good paper}, author={Good, Gina}, year={2020}}\n\n@article{bibdup2021, title={First}, year={2021}}\n\n@article{bibdup2021, title={Second}, year={2021}}\n',
  'notes with spaces.md': 'Spacedword lives in a file whose name has spaces.\n',
  'ünïcödé 論文.md': 'Unicodeword lives in a file whose name is not ASCII.\n',
  'c# tricks.md': 'Hashword lives in a file whose name has a hash.\n',
  '#leading hash.md': 'Leadinghashword lives in a file whose name starts with a hash.\n',
  'loop/inner.md': 'Loopinnerword, inside a folder that links back to the root.\n',
};

/** Every problem a well-behaved `check` prints: [path, code-ish substring of the message]. */
const EXPECTED_PROBLEMS: [path: string, message: RegExp][] = [
  ['malformed-yaml.md', /invalid YAML front matter/],
  ['latin1.md', /invalid UTF-8/],
  ['huge.md', /5\.0 MB.*plain text/],
  ['image.md', /not a text file/],
  ['papers/dup-a.md', /duplicate citekey "dupkey2020"/],
  ['papers/dup-b.md', /duplicate citekey "dupkey2020"/],
  ['refs.bib', /duplicate citekey "bibdup2021"/],
  ['self.md', /symlink loop/],
  ['ping.md', /symlink loop/],
  ['pong.md', /symlink loop/],
  ['loop/again', /symlink loop/],
];

/** Notes whose JSON must carry a problem: [slug, problem code]. */
const NOTE_PROBLEMS: [slug: string, code: string, message: RegExp][] = [
  ['malformed-yaml', 'yaml', /invalid YAML front matter/],
  ['latin1', 'encoding', /invalid UTF-8/],
  ['huge', 'too-large', /plain text/],
  ['papers/dup-a', 'duplicate-citekey', /duplicate citekey/],
  ['papers/dup-b', 'duplicate-citekey', /duplicate citekey/],
];

/** Words that must stay findable, with the slug of the note holding them. */
const SEARCHABLE: [word: string, slug: string][] = [
  ['goodword', 'good-one'],
  ['brokenyamlword', 'malformed-yaml'],
  ['latinword', 'latin1'],
  ['latintailword', 'latin1'],
  ['hugeuniqueword', 'huge'],
  ['dupaword', 'papers/dup-a'],
  ['spacedword', 'notes-with-spaces'],
  ['unicodeword', 'ünïcödé-論文'],
  ['hashword', 'c-tricks'],
  ['leadinghashword', 'leading-hash'],
  ['loopinnerword', 'loop/inner'],
];

function addSymlinkLoops(dir: string): void {
  symlinkSync('self.md', join(dir, 'self.md'));
  symlinkSync('pong.md', join(dir, 'ping.md'));
  symlinkSync('ping.md', join(dir, 'pong.md'));
  symlinkSync('..', join(dir, 'loop/again'));
}

describe('bad input', () => {
  let vault: TestVault;
  let dbDir: string;
  let check: CliResult;
  let server: Awaited<ReturnType<typeof startServer>>;
  let base: string;

  beforeAll(async () => {
    vault = makeVault(FILES);
    addSymlinkLoops(vault.dir);
    dbDir = mkdtempSync(join(tmpdir(), 'scholium-bad-db-'));
    check = await scholium(['check', '--notes', vault.dir, '--db', join(dbDir, 'check.db')]);
    console.info(`[bad-input] scholium check exited ${check.code}:\n${check.stdout}${check.stderr}`);
    server = await startServer({ notesDir: vault.dir, dbFile: join(dbDir, 'serve.db'), port: 0, host: '127.0.0.1' });
    base = server.url;
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    vault?.cleanup();
    if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  });

  const get = async (path: string, accept = 'application/json') => {
    const res = await fetch(base + path, { headers: { accept }, signal: AbortSignal.timeout(60_000) });
    return { status: res.status, body: await res.text() };
  };
  const href = (slug: string) => slug.split('/').map(encodeURIComponent).join('/');

  describe('scholium check', () => {
    it('exits 1 and prints every problem as path:line: message', () => {
      expect(check.code, check.stderr).toBe(1);
      const lines = check.stdout.trim().split('\n');
      for (const line of lines) expect(line).toMatch(/^[^\n]+:\d+: \S.*$/);
      const missing = EXPECTED_PROBLEMS.filter(([path, message]) => !lines.some((l) => l.startsWith(`${path}:`) && message.test(l))).map(
        ([path, message]) => `${path}: ${message.source}`,
      );
      expect(missing, check.stdout).toEqual([]);
    });

    it('points at the offending line', () => {
      expect(check.stdout).toMatch(/^latin1\.md:5: invalid UTF-8/m);
      expect(check.stdout).toMatch(/^malformed-yaml\.md:[2-5]: invalid YAML front matter/m);
      expect(check.stdout).toMatch(/^refs\.bib:3: duplicate citekey "bibdup2021": also defined at refs\.bib:5/m);
      expect(check.stdout).toMatch(/^refs\.bib:5: duplicate citekey "bibdup2021": also defined at refs\.bib:3/m);
    });

    it('finds nothing wrong with odd but valid file names, and links to them resolve', () => {
      const odd = check.stdout.split('\n').filter((l) => /^(notes with spaces|ünïcödé 論文|c# tricks|#leading hash|good-one|good-two)\.md:/.test(l));
      expect(odd).toEqual([]);
    });
  });

  describe('author mode', () => {
    it('starts and stays healthy', async () => {
      const health = await get('/api/health');
      expect(health.status).toBe(200);
      const body = JSON.parse(health.body) as { ok: boolean; problems: number; notes: number };
      expect(body.ok).toBe(true);
      expect(body.problems).toBeGreaterThanOrEqual(EXPECTED_PROBLEMS.length);
    });

    it("gives each problem in the note's JSON", async () => {
      for (const [slug, code, message] of NOTE_PROBLEMS) {
        const res = await get(`/api/notes/${href(slug)}`);
        expect([slug, res.status]).toEqual([slug, 200]);
        const problems = (JSON.parse(res.body) as { problems: { code: string; message: string; line: number }[] }).problems;
        expect(
          problems.some((p) => p.code === code && message.test(p.message)),
          `${slug}: ${JSON.stringify(problems)}`,
        ).toBe(true);
      }
    });

    it("shows each note's problems on its page", async () => {
      const missing: string[] = [];
      for (const [slug, , message] of NOTE_PROBLEMS) {
        const res = await get(`/notes/${href(slug)}`, 'text/html');
        expect([slug, res.status]).toEqual([slug, 200]);
        if (!message.test(res.body)) missing.push(slug);
      }
      expect(missing, 'note pages in author mode that do not show the note’s problems').toEqual([]);
    });

    it('shows problems of files that have no page (binary file, symlink loops, .bib) somewhere in the author UI', async () => {
      const pages = await Promise.all(['/', '/index.json', '/search?q=image', '/papers', '/problems'].map((p) => get(p, 'text/html')));
      const shown = pages.map((p) => p.body).join('\n');
      const missing = EXPECTED_PROBLEMS.filter(([path]) => ['image.md', 'self.md', 'refs.bib', 'loop/again'].includes(path) && !shown.includes(path)).map(
        ([p]) => p,
      );
      expect(missing).toEqual([]);
    });

    it('keeps everything else searchable', async () => {
      const notFound: string[] = [];
      for (const [word, slug] of SEARCHABLE) {
        const res = await get(`/api/search?q=${encodeURIComponent(word)}`);
        const hits = (JSON.parse(res.body) as { hits: { slug: string | null }[] }).hits.map((h) => h.slug);
        if (res.status !== 200 || !hits.includes(slug)) notFound.push(`${word} → ${res.status} ${JSON.stringify(hits)} (want ${slug})`);
      }
      expect(notFound).toEqual([]);
    });

    it('serves every note, odd names and the 5 MB note included, in page and JSON', async () => {
      const failures: string[] = [];
      for (const slug of [...new Set(SEARCHABLE.map(([, s]) => s)), 'good-two', 'papers/dup-b']) {
        for (const [path, accept] of [
          [`/api/notes/${href(slug)}`, 'application/json'],
          [`/notes/${href(slug)}`, 'text/html'],
          [`/notes/${href(slug)}.json`, 'application/json'],
        ] as const) {
          const started = performance.now();
          const res = await get(path, accept);
          const ms = performance.now() - started;
          if (res.status !== 200) failures.push(`${path}: ${res.status} ${res.body.slice(0, 200)}`);
          if (ms > 20_000) failures.push(`${path}: took ${Math.round(ms)} ms`);
        }
      }
      expect(failures).toEqual([]);
    }, 180_000);

    it('resolves links to files with spaces, unicode and # in their names', async () => {
      const note = JSON.parse((await get('/api/notes/good-one')).body) as {
        links: { target: string; resolved: { slug: string } | null }[];
        problems: unknown[];
      };
      expect(note.links.map((l) => [l.target, l.resolved?.slug ?? null])).toEqual([
        ['good-two', 'good-two'],
        ['notes with spaces', 'notes-with-spaces'],
        ['ünïcödé 論文', 'ünïcödé-論文'],
        ['c%23%20tricks.md', 'c-tricks'],
      ]);
      expect(note.problems).toEqual([]);
    });

    it('indexes the 5 MB note as plain text, without its links', async () => {
      const note = JSON.parse((await get('/api/notes/huge')).body) as { links: unknown[]; wordCount: number };
      expect(note.links).toEqual([]);
      expect(note.wordCount).toBeGreaterThan(100_000);
      const tail = JSON.parse((await get('/api/search?q=hugetailword')).body) as { hits: { slug: string }[] };
      expect(tail.hits.map((h) => h.slug)).toEqual(['huge']);
    });

    it('does not index the binary file or follow the loops into duplicates', async () => {
      expect((await get('/api/notes/image')).status).toBe(404);
      const all = JSON.parse((await get('/api/notes?limit=500')).body) as { notes: { path: string }[] };
      const paths = all.notes.map((n) => n.path).sort();
      expect(paths.filter((p) => p.includes('again') || p === 'self.md' || p === 'ping.md' || p === 'pong.md')).toEqual([]);
      expect(paths.filter((p) => p.endsWith('inner.md'))).toEqual(['loop/inner.md']);
    });

    it('is still serving after all of that', async () => {
      const health = await get('/api/health');
      expect(health.status).toBe(200);
      expect((await get('/api/search?q=goodword')).status).toBe(200);
    });
  });
});

describe('a file deleted while being indexed', () => {
  const NOTES = 300;
  let dir: string;
  let db: Database;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'scholium-race-'));
    for (let i = 0; i < NOTES; i++) {
      const n = String(i).padStart(3, '0');
      mkdirSync(join(dir, `f${n.slice(0, 1)}`), { recursive: true });
      writeFileSync(
        join(dir, `f${n.slice(0, 1)}`, `note-${n}.md`),
        `---\ntitle: Race note ${n}\ntags: [race, t${n.slice(-1)}]\n---\nRaceword${n} links [[note-${String((i + 1) % NOTES).padStart(3, '0')}]] and cites [@race${n}].\n\n## Section\n\n${'Some filler text with attention and gradients. '.repeat(40)}\n`,
      );
    }
    writeFileSync(
      join(dir, 'race.bib'),
      Array.from({ length: 50 }, (_, i) => `@misc{race${String(i).padStart(3, '0')}, title={Race paper ${i}}, year={2020}}\n`).join('\n'),
    );
    db = openDatabase(join(dir, '.scholium', 'race.db'));
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Paths stored in per-file tables that have no `files` row, or notes without one. */
  function orphans(): string[] {
    const tables: [string, string][] = [
      ['notes', 'path'],
      ['note_keys', 'path'],
      ['links', 'source_path'],
      ['citations', 'source_path'],
      ['identifier_refs', 'source_path'],
      ['tags', 'note_path'],
      ['paper_notes', 'note_path'],
      ['replications', 'note_path'],
      ['claims', 'note_path'],
      ['bib_entries', 'source_path'],
    ];
    return tables.flatMap(([table, column]) =>
      (db.sqlite.prepare(`SELECT DISTINCT ${column} AS path FROM ${table} WHERE ${column} NOT IN (SELECT path FROM files)`).all() as { path: string }[]).map(
        (r) => `${table}: ${r.path}`,
      ),
    );
  }
  const rowsFor = (paths: string[]) =>
    paths.flatMap((path) =>
      [
        ['files', 'path'],
        ['notes', 'path'],
        ['links', 'source_path'],
        ['citations', 'source_path'],
        ['tags', 'note_path'],
        ['note_keys', 'path'],
        ['problems', 'path'],
        ['bib_entries', 'source_path'],
      ]
        .filter(([table, column]) => db.sqlite.prepare(`SELECT 1 FROM ${table} WHERE ${column} = ?`).get(path) !== undefined)
        .map(([table]) => `${table}: ${path}`),
    );

  it('raises nothing, and the next sync leaves no row for the deleted files', async () => {
    const deleted = ['f0/note-000.md', 'f1/note-150.md', 'f2/note-299.md', 'race.bib', 'f1/note-101.md'];
    const indexer = new Indexer({
      notesDir: dir,
      db,
      workers: 2,
      onProgress: (done) => {
        // Deleted while parse workers are busy: after its bytes were read, before its rows are written.
        if (done === 5) rmSync(join(dir, 'f2/note-299.md'), { force: true });
        if (done === 100) rmSync(join(dir, 'race.bib'), { force: true });
      },
    });
    const first = indexer.syncAll();
    // Deleted right after the sync started: before or during the folder scan.
    rmSync(join(dir, 'f0/note-000.md'), { force: true });
    queueMicrotask(() => rmSync(join(dir, 'f1/note-150.md'), { force: true }));
    setImmediate(() => rmSync(join(dir, 'f1/note-101.md'), { force: true }));
    const summary = await first;
    expect(summary.notes).toBeGreaterThan(NOTES - 10);
    expect(orphans()).toEqual([]);

    const second = await indexer.syncAll();
    expect(second.notes).toBe(NOTES - 4);
    expect(rowsFor(deleted)).toEqual([]);
    expect(orphans()).toEqual([]);
    // A link to a deleted note is now unresolved and reported; so are citations of the deleted bibliography.
    const broken = db.sqlite.prepare(`SELECT source_path FROM links WHERE target = 'note-150' AND target_path IS NULL`).pluck().all();
    expect(broken).toEqual(['f1/note-149.md']);
    const problems = db.sqlite.prepare(`SELECT path || ':' || code FROM problems WHERE path IN ('f1/note-149.md', 'f0/note-001.md') ORDER BY 1`).pluck().all();
    expect(problems).toEqual(['f0/note-001.md:unknown-citekey', 'f1/note-149.md:broken-link', 'f1/note-149.md:unknown-citekey']);
    expect(db.sqlite.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  });
});
