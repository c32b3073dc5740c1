import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { generateVault } from '../../test/bench/generate-vault.ts';
import { seededRandom } from '../../test/helpers/random.ts';
import { parseBibliography } from './bibtex.ts';
import { splitPlainEntries } from './bibtex-plain.ts';
import type { NotePath } from './types.ts';

const SHARED_BIB = fileURLToPath(new URL('../../../shared/papers.bib', import.meta.url));
const STARTER_BIB = fileURLToPath(new URL('../../notes/references.bib', import.meta.url));

/** Reads a bibliography both ways: plain entries read directly, and every entry through the parser. */
function bothWays(text: string) {
  const path = 'refs.bib' as NotePath;
  return { direct: parseBibliography(path, text), parser: parseBibliography(path, text, { plainEntries: false }) };
}

describe('plain BibTeX entries read without the LaTeX grammar', () => {
  it("reads a generated vault's bibliography exactly as the parser does, nearly all of it directly", () => {
    const dir = mkdtempSync(join(tmpdir(), 'scholium-bib-plain-'));
    try {
      generateVault(dir, { notes: 400, seed: 11 });
      const text = readFileSync(join(dir, 'references.bib'), 'utf8');
      const { direct, parser } = bothWays(text);
      expect(parser.entries.length).toBeGreaterThan(150);
      expect(direct).toEqual(parser);
      // Titles with {DPO}-style groups are read directly too: all but a handful.
      expect(splitPlainEntries(text).entries.length).toBeGreaterThan(parser.entries.length * 0.95);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the starter vault’s bibliography as the parser does (TeX accents and groups among plain entries)', () => {
    const text = readFileSync(STARTER_BIB, 'utf8');
    const { direct, parser } = bothWays(text);
    expect(direct).toEqual(parser);
    const plain = splitPlainEntries(text).entries.length;
    expect(plain).toBeGreaterThan(0);
    expect(plain).toBeLessThan(parser.entries.length);
  });

  it.skipIf(!existsSync(SHARED_BIB))(`reads ${SHARED_BIB} as the parser does (skipped when the file is absent)`, () => {
    const { direct, parser } = bothWays(readFileSync(SHARED_BIB, 'utf8'));
    expect(direct).toEqual(parser);
  });

  it('leaves TeX, ligatures, odd names, macros and comments inside entries to the parser', () => {
    const notPlain = [
      "@article{a, title = {Caf\\'e}}",
      '@article{a, title = {x -- y}}',
      '@article{a, title = {x < y}}',
      '@article{a, title = {{Nested {groups}}}}',
      '@article{a, title = { spaced {group } here}}',
      '@article{a, author = {Jan van der Berg}}',
      '@article{a, author = {Berg, Jr, Jan}}',
      '@article{a, author = {{The Floating Droid}}}',
      '@article{a, journal = nips}',
      '@article{a, title = "Quoted"}',
      '@article{a, title = {x} # {y}}',
      '@article{a,\n  % a comment\n  title = {x}}',
      '@article{a, month = {jan}}',
      '@article{a, keywords = {b, a}}',
      '@article{a, title = {x}, title = {y}}',
      '@article(a, title = {x})',
      '@article{a, url = {https://example.org/{x}}}',
      '@article{a, title = {x}, crossref = {b}}\n@book{b, title = {y}}',
    ];
    for (const text of notPlain) expect(splitPlainEntries(text).entries, text).toEqual([]);
    expect(splitPlainEntries('@article{a, title = {{BERT}: Pre-training}, year = 2019}').entries).toHaveLength(1);
  });

  it('reads 200 random bibliographies exactly as the parser does, problems included', () => {
    const random = seededRandom(20261127);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    let direct = 0;
    let total = 0;
    for (let file = 0; file < 200; file++) {
      const text = randomBibliography(random, pick);
      const both = bothWays(text);
      expect(both.direct, text).toEqual(both.parser);
      // And each entry read directly holds the very fields the parser gives (names split as it splits them).
      const plain = splitPlainEntries(text).entries;
      if (both.parser.problems.length === 0) {
        const parsed = new Map(parse(text, { sentenceCase: false, unsupported: 'ignore' }).entries.map((entry) => [entry.key, entry]));
        for (const entry of plain) expect(entry.fields, entry.input).toEqual(parsed.get(entry.key)?.fields);
      }
      direct += plain.length;
      total += both.parser.entries.length;
    }
    // Both readings are exercised: many entries are read directly, many are left to the parser.
    expect(direct).toBeGreaterThan(total * 0.25);
    expect(direct).toBeLessThan(total * 0.75);
  });
});

/** Words the grammar reads as they are, first; then words that it does not, or that split lists. */
const WORDS = [
  'Alignment',
  'reward',
  'models',
  'Model',
  'of',
  'via',
  'José',
  'Łukasz',
  'Sørensen',
  '東京',
  'e\u0301cole',
  '𝒜gent',
  'ı',
  'Ñandú',
  'and',
  'AND',
  '2024',
  '1.5',
  'x2',
  '½',
  'Isn’t',
  "Don't",
  "'90s",
  'e.g.',
  'A/B',
  '(RLHF)',
  '[v2]',
  'Q&A',
  'GPT-4',
  'self-play',
  'x--y',
  'a---b',
  "''quoted''",
  '``quoted',
  'p<0.05',
  'a>b',
  '~tilde',
  '$x^2$',
  '50%',
  'snake_case',
  '#1',
  '\\LaTeX',
  '{\\"o}',
  '{BERT}:',
  '{DPO}',
  '{ spaced}',
  '{}',
  'a|b',
  'x=y',
  'what?',
  'wow!',
  'a;b',
  'c:d',
  'done.',
  'list,',
  '...',
  '–',
  '—',
  '“smart”',
  'mail@example.org',
  'and',
];
const SPACES = [' ', ' ', ' ', ' ', '  ', '\n    ', '\t'];
const NAMES = [
  'Hubinger, Evan',
  'Sørensen, Nadia',
  'van der Berg, Jan',
  'de la Cruz, María',
  "O'Neil, Shaquille",
  'Bowman, Samuel R.',
  'Chen,Pin-Yu',
  'le Roux, j.',
  'Müller, Hiro',
  'Jan van der Berg',
  'Evan Hubinger',
  'Berg, Jr, Jan',
  '{The Floating Droid}',
  'others',
  'family=Smith, given=Jan',
  'Mindermann, S{\\"o}ren',
  'Liu, 刘',
  ', Anonymous',
];
const FIELD_NAMES = [
  'title',
  'title',
  'booktitle',
  'journal',
  'note',
  'series',
  'doi',
  'url',
  'eprint',
  'archivePrefix',
  'publisher',
  'institution',
  'year',
  'month',
  'keywords',
  'language',
  'pages',
  'volume',
  'abstract',
  'x-custom',
];

function randomBibliography(random: () => number, pick: <T>(items: readonly T[]) => T): string {
  const text = (words: number): string => Array.from({ length: words }, () => pick(WORDS) + pick(SPACES)).join('');
  const names = (): string =>
    Array.from({ length: 1 + Math.floor(random() * 4) }, () => (random() < 0.9 ? pick(NAMES.slice(0, 9)) : pick(NAMES))).join(
      random() < 0.95 ? ' and ' : '  and\n ',
    );
  const value = (field: string): string => {
    const roll = random();
    if (roll < 0.02) return `"${text(3)}"`;
    if (roll < 0.04) return pick(['jan', 'nips', 'undefinedmacro']);
    if (roll < 0.05) return `{${text(2)}} # {${text(2)}}`;
    if (field === 'year' && roll < 0.5) return String(1990 + Math.floor(random() * 40));
    if (field === 'author' || field === 'editor') return `{${names()}}`;
    // Mostly plain words, so that plain entries are common enough to test.
    const plain = random() < 0.93;
    const words = Array.from({ length: 1 + Math.floor(random() * 6) }, () => (plain ? pick(WORDS.slice(0, 10)) : pick(WORDS)));
    return `{${words.join(pick(SPACES))}}`;
  };
  const entries: string[] = [];
  const count = 1 + Math.floor(random() * 12);
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.04) entries.push('% a comment with @ in it and {braces');
    else if (roll < 0.07) entries.push(`@string{nips = {Neural Information Processing Systems}}`);
    else if (roll < 0.09) entries.push('@comment{ @article{hidden, title = {Hidden}} }');
    else if (roll < 0.1) entries.push('@preamble{ "\\newcommand{\\noop}[1]{}" }');
    else if (roll < 0.11) entries.push('Some text between entries.');
    const fields = ['author', 'title', 'year'];
    for (let f = Math.floor(random() * 5); f > 0; f--) {
      const field = pick(FIELD_NAMES);
      if (!fields.includes(field) || random() < 0.1) fields.push(field);
    }
    if (random() < 0.02) fields.push('crossref');
    if (random() < 0.1) fields.push('editor');
    const body = fields.map((field) => `  ${field}${pick(['', ' ', '         '])}= ${field === 'crossref' ? '{key0}' : value(field)}`);
    const type = pick(['article', 'inproceedings', 'misc', 'ARTICLE', 'Book']);
    const close = random() < 0.02 ? '' : '}';
    const key = pick([`key${i}`, `smith${2000 + i}:x`, `doe-${i}.v2`, `Müller${i}`]);
    entries.push(`@${type}${pick(['', ' '])}{${key},\n${body.join(',\n')}${random() < 0.5 ? ',' : ''}\n${close}`);
  }
  return entries.join(pick(['\n\n', '\n', '\n% between\n']));
}
