import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { parse } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type GeneratedVault, generateVault } from './generate-vault.ts';

const root = mkdtempSync(join(tmpdir(), 'scholium-generate-vault-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every file under dir, as sorted vault-relative POSIX paths. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => p.split('\\').join('/'))
    .filter((p) => statSync(join(dir, p)).isFile())
    .sort();
}

function digest(dir: string): string {
  const hash = createHash('sha256');
  for (const path of listFiles(dir))
    hash
      .update(`${path}\0`)
      .update(readFileSync(join(dir, path)))
      .update('\0');
  return hash.digest('hex');
}

function frontMatter(text: string): Record<string, unknown> | null {
  if (!text.startsWith('---\n')) return null;
  return parseYaml(text.slice(4, text.indexOf('\n---\n', 4))) as Record<string, unknown>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const basename = (path: string) => posix.basename(path, '.md');

describe('generateVault: determinism', () => {
  it('writes byte-identical vaults for the same seed, and a different one for another seed', () => {
    const a = generateVault(join(root, 'det-a'), { notes: 200, seed: 42 });
    const b = generateVault(join(root, 'det-b'), { notes: 200, seed: 42 });
    const c = generateVault(join(root, 'det-c'), { notes: 200, seed: 43 });
    expect(b).toEqual(a);
    expect(listFiles(join(root, 'det-b'))).toEqual(listFiles(join(root, 'det-a')));
    expect(digest(join(root, 'det-b'))).toBe(digest(join(root, 'det-a')));
    expect(digest(join(root, 'det-c'))).not.toBe(digest(join(root, 'det-a')));
    expect(c.titles).not.toEqual(a.titles);
  });

  it('defaults to seed 1', () => {
    generateVault(join(root, 'seed-default'), { notes: 50 });
    generateVault(join(root, 'seed-1'), { notes: 50, seed: 1 });
    expect(digest(join(root, 'seed-default'))).toBe(digest(join(root, 'seed-1')));
  });
});

describe('generateVault: a 1000-note vault', () => {
  const dir = join(root, 'v1000');
  let vault: GeneratedVault;
  let files: string[];
  let notes: { path: string; text: string; fm: Record<string, unknown> | null }[];
  let bibText: string;

  beforeAll(() => {
    vault = generateVault(dir, { notes: 1000 });
    files = listFiles(dir);
    notes = files
      .filter((p) => p.endsWith('.md'))
      .map((path) => {
        const text = readFileSync(join(dir, path), 'utf8');
        return { path, text, fm: frontMatter(text) };
      });
    bibText = readFileSync(join(dir, 'references.bib'), 'utf8');
  });
  const frontMatters = (type: string) => notes.filter((n) => n.fm?.type === type).map((n) => n.fm as Record<string, unknown>);

  it('reports what it wrote', () => {
    expect(vault).toMatchObject({ files: 1001, noteCount: 1000, papers: 400, replications: 100 });
    expect(files).toHaveLength(1001);
    expect(files).toContain('references.bib');
    expect(vault.bytes).toBe(files.reduce((sum, p) => sum + statSync(join(dir, p)).size, 0));
    expect(vault.titles).toHaveLength(50);
    const titles = new Set(notes.map((n) => (n.fm?.title as string | undefined) ?? /^# (.+)$/m.exec(n.text)?.[1]));
    for (const title of vault.titles) expect(titles).toContain(title);
  });

  it('mixes papers, replications and plain notes across nested folders', () => {
    const byType = (type: string) => notes.filter((n) => (n.fm?.type ?? 'note') === type);
    expect(byType('paper')).toHaveLength(400);
    expect(byType('replication')).toHaveLength(100);
    expect(byType('note')).toHaveLength(500);
    for (const n of byType('paper')) expect(n.path).toMatch(/^papers\/\d{4}\//);
    for (const n of byType('replication')) expect(n.path).toMatch(/^replications\//);
    for (const re of [/^topics\/[a-z-]+\/[a-z0-9-]+\.md$/, /^topics\/[a-z-]+\/[a-z-]+\/[a-z0-9-]+\.md$/, /^daily\/\d{4}\/\d{2}\//, /^ideas\//]) {
      expect(files.some((p) => re.test(p))).toBe(true);
    }
  });

  it('gives unique, lower-case, hyphenated file names', () => {
    const names = notes.map((n) => posix.basename(n.path));
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.md$/);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has a long-tailed size distribution: median 1.5–3 KB, a few notes over 50 KB', () => {
    const sizes = notes.map((n) => Buffer.byteLength(n.text));
    expect(median(sizes)).toBeGreaterThan(1500);
    expect(median(sizes)).toBeLessThan(3000);
    const long = sizes.filter((s) => s > 50_000).length;
    expect(long).toBeGreaterThanOrEqual(1);
    expect(long).toBeLessThan(30);
  });

  it('writes paper and replication front matter as the note format describes', () => {
    const arxivs = new Set<string>();
    for (const fm of frontMatters('paper')) {
      const authors = fm.authors as string[];
      expect(authors.length).toBeGreaterThanOrEqual(1);
      expect(authors.length).toBeLessThanOrEqual(12);
      for (const a of authors) expect(a).toMatch(/^[^,]+, [^,]+$/);
      expect(fm.year).toBeGreaterThanOrEqual(2015);
      expect(fm.year).toBeLessThanOrEqual(2025);
      expect(fm.arxiv).toMatch(/^\d{4}\.\d{5}$/);
      expect(String(fm.arxiv).slice(0, 2)).toBe(String(fm.year).slice(2));
      arxivs.add(fm.arxiv as string);
      expect(fm.citekey).toMatch(/^[a-z]+\d{4}[a-z]+\d*$/);
      expect(typeof fm.venue).toBe('string');
      if (fm.doi !== undefined) expect(fm.doi).toMatch(/^10\.\d{4}\/\S+$/);
      if (fm.rating !== undefined) expect([1, 2, 3, 4, 5]).toContain(fm.rating);
      expect(['to-read', 'reading', 'read']).toContain(fm.status);
    }
    expect(arxivs.size).toBe(400);
    for (const fm of frontMatters('replication')) {
      expect(['planned', 'in-progress', 'done', 'abandoned']).toContain(fm.status);
      const claims = fm.claims as Record<string, string>[];
      expect(claims.length).toBeGreaterThanOrEqual(1);
      expect(claims.length).toBeLessThanOrEqual(4);
      for (const c of claims) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'text', 'metric', 'paper', 'ours']));
    }
  });

  it('resolves every link meant to exist, and breaks ~3% of note links on purpose (todo-…)', () => {
    const paths = new Set(files);
    const names = new Set(notes.map((n) => basename(n.path)));
    let ok = 0;
    let broken = 0;
    for (const { path, text } of notes) {
      const targets: string[] = [];
      for (const m of text.matchAll(/!?\[\[([^\]|#]+)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]/g)) targets.push(m[1] as string);
      for (const m of text.matchAll(/\]\(((?:\.\.\/|[a-z0-9-]+[/.])[^)#\s]*\.md)(?:#[^)]*)?\)/g)) {
        targets.push(posix.normalize(posix.join(posix.dirname(path), m[1] as string)));
      }
      for (const target of targets) {
        if (basename(target).startsWith('todo-')) {
          broken++;
          expect(names.has(basename(target))).toBe(false);
        } else {
          ok++;
          expect(target.includes('/') ? paths.has(`${target.replace(/\.md$/, '')}.md`) : names.has(target), `${path} → ${target}`).toBe(true);
        }
      }
    }
    expect(ok).toBeGreaterThan(3000);
    expect(broken / (ok + broken)).toBeGreaterThan(0.01);
    expect(broken / (ok + broken)).toBeLessThan(0.06);
  });

  it('cites paper notes and bib-only papers, all defined in references.bib', () => {
    const bibKeys = new Set([...bibText.matchAll(/^@\w+\{([^,]+),/gm)].map((m) => m[1] as string));
    const noteKeys = new Set(notes.map((n) => n.fm?.citekey).filter((k): k is string => typeof k === 'string'));
    const cited = new Set<string>();
    for (const { text } of notes) for (const m of text.matchAll(/(?<=[\s[;-])@([a-z]+\d{4}[a-z]+\d*)/g)) cited.add(m[1] as string);
    for (const key of cited) expect(bibKeys).toContain(key);
    const bibOnly = [...cited].filter((k) => !noteKeys.has(k));
    expect(bibOnly.length).toBeGreaterThan(10);
    expect(bibOnly.length).toBeLessThan(cited.size / 2);
    const text = notes.map((n) => n.text).join('\n');
    for (const re of [/\[@\w+; @\w+/, /\[see @\w+, p\. \d+\]/, /\[-@\w+\]/, /arXiv:\d{4}\.\d{5}/, /https:\/\/arxiv\.org\/abs\//, /https:\/\/doi\.org\/10\./]) {
      expect(text).toMatch(re);
    }
    for (const re of [/^\$\$$/m, /^```python$/m, /^\| --- |^\|---\|/m, /^### /m, /\[\^1\]: /, /^!\[\[|\s!\[\[/m, /\$[^$\s][^$]*\$/]) expect(text).toMatch(re);
  });

  it('makes every replication replicate an existing paper', () => {
    const ids = new Set(
      frontMatters('paper')
        .flatMap((p) => [p.citekey, p.arxiv, p.doi])
        .filter(Boolean),
    );
    const paths = new Set(files);
    for (const fm of frontMatters('replication')) {
      const r = String(fm.replicates);
      const link = /^\[\[(.+)\]\]$/.exec(r)?.[1];
      expect(link ? paths.has(`${link}.md`) : ids.has(r), r).toBe(true);
    }
  });

  it('writes a references.bib that parses cleanly and covers every paper note plus ~20% more', () => {
    const library = parse(bibText, { sentenceCase: false });
    expect(library.errors).toEqual([]);
    expect(library.entries).toHaveLength(480);
    const byKey = new Map(library.entries.map((e) => [e.key, e]));
    for (const fm of frontMatters('paper')) {
      const entry = byKey.get(fm.citekey as string);
      expect(entry, String(fm.citekey)).toBeDefined();
      expect(entry?.fields.eprint).toBe(fm.arxiv);
      expect(entry?.fields.author).toHaveLength((fm.authors as string[]).length);
    }
    expect(library.entries.some((e) => e.fields.doi)).toBe(true);
    expect(new Set(library.entries.map((e) => e.type.toLowerCase()))).toEqual(new Set(['article', 'inproceedings']));
  });
});
