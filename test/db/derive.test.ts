/**
 * The papers derived from paper notes, bibliographies and links: a rebuild writes only the
 * records that changed, and ends where a fresh index of the same folder starts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection.ts';
import { rebuildPapers } from '../../server/db/derive.ts';
import { makeIndex, makeVault, type TestVault } from '../helpers/vault.ts';

const PAPER = `---
type: paper
title: Concrete Problems in AI Safety
authors: ["Amodei, Dario", "Olah, Chris"]
year: 2016
arxiv: 1606.06565
citekey: amodei2016concrete
---
Five problems: side effects, reward hacking, oversight, exploration, distributional shift.
`;

const bib = (venue: string, withChristiano = true) => `@article{amodei2016concrete,
  title = {Concrete Problems in AI Safety},
  author = {Amodei, Dario and Olah, Chris},
  year = {2016},
  journal = {${venue}}
}
${
  withChristiano
    ? `@inproceedings{christiano2017deep,
  title = {Deep reinforcement learning from human preferences},
  author = {Christiano, Paul and Leike, Jan},
  year = {2017},
  doi = {10.5555/3294996.3295184}
}
`
    : ''
}@article{hendrycks2021unsolved,
  title = {Unsolved Problems in ML Safety},
  author = {Hendrycks, Dan},
  year = {2021},
  eprint = {2109.13916},
  archivePrefix = {arXiv}
}
`;

const NOTE = 'See [@christiano2017deep] and https://arxiv.org/abs/2109.13916, and [@amodei2016concrete].\n';

const papers = (db: Database) =>
  db.sqlite.prepare('SELECT rowid, id, citekey, title, authors, year, venue, arxiv, doi, url, note_path, source FROM papers ORDER BY id').all() as {
    rowid: number;
    id: string;
  }[];
const paperIds = (db: Database) => db.sqlite.prepare('SELECT kind, value, paper_id FROM paper_ids ORDER BY kind, value').all();
const withoutRowids = (rows: { rowid: number }[]) => rows.map(({ rowid: _, ...rest }) => rest);

describe('rebuilding the papers', () => {
  let vault: TestVault;
  afterEach(() => vault.cleanup());

  it('writes only the records that changed, and ends as a fresh index of the same folder', async () => {
    vault = makeVault({ 'papers/amodei2016concrete.md': PAPER, 'references.bib': bib('arXiv preprint'), 'topics/reading.md': NOTE });
    const index = makeIndex(vault.dir);
    await index.indexer.syncAll();
    const before = papers(index.db);
    expect(before.map((p) => p.id)).toEqual(['amodei2016concrete', 'christiano2017deep', 'hendrycks2021unsolved']);

    // Nothing changed: nothing is written, no paper note is reported.
    expect(await rebuildPapers(index.db)).toEqual([]);
    expect(papers(index.db)).toEqual(before);

    // The bibliography gives the paper note a venue and forgets one paper.
    vault.write('references.bib', bib('CoRR', false));
    await index.indexer.syncPaths(['references.bib']);
    const after = papers(index.db);
    const rowidOf = (rows: { rowid: number; id: string }[], id: string) => rows.find((p) => p.id === id)?.rowid;
    expect(rowidOf(after, 'hendrycks2021unsolved')).toBe(rowidOf(before, 'hendrycks2021unsolved'));
    expect(rowidOf(after, 'amodei2016concrete')).not.toBe(rowidOf(before, 'amodei2016concrete'));

    const fresh = makeIndex(vault.dir);
    await fresh.indexer.syncAll();
    expect(withoutRowids(after)).toEqual(withoutRowids(papers(fresh.db)));
    expect(paperIds(index.db)).toEqual(paperIds(fresh.db));
    expect(after.find((p) => p.id === 'amodei2016concrete')).toMatchObject({ venue: 'CoRR', source: 'note' });
    index.close();
    fresh.close();
  });

  it('pauses between its steps for a server to answer, and readers meanwhile see the papers as they were or as they end', async () => {
    vault = makeVault({ 'papers/amodei2016concrete.md': PAPER, 'references.bib': bib('arXiv preprint'), 'topics/reading.md': NOTE });
    const index = makeIndex(vault.dir);
    await index.indexer.syncAll();
    const before = withoutRowids(papers(index.db));
    index.db.sqlite.prepare(`UPDATE bib_entries SET venue = 'NeurIPS' WHERE citekey = 'amodei2016concrete'`).run();
    const seen: unknown[] = [];
    const changed = await rebuildPapers(index.db, () => {
      seen.push(withoutRowids(papers(index.db)));
      return undefined;
    });
    const after = withoutRowids(papers(index.db));
    expect(changed).toEqual(['papers/amodei2016concrete.md']);
    expect(after).not.toEqual(before);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    for (const state of seen) expect([before, after]).toContainEqual(state);
    index.close();
  });
});
