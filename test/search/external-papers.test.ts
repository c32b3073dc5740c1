/**
 * Papers known only from a bibliography (or a link) have search documents of their own. A
 * bibliography edit rewrites the documents of the papers it changed, not all of them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { followIndex } from '../../server/indexer/follow.ts';
import { SearchEngine } from '../../server/search/index.ts';
import { makeIndex, makeVault, type TestVault } from '../helpers/vault.ts';

const TOPICS = ['reward hacking', 'goal misgeneralization', 'scalable oversight', 'interpretability', 'deceptive alignment'];

function bibliography(retitled?: { key: string; title: string }, without?: string): string {
  return TOPICS.flatMap((topic, t) =>
    Array.from({ length: 6 }, (_, i) => {
      const key = `author${t}${i}2023${topic.split(' ')[0]}`;
      if (key === without) return [];
      const title = retitled?.key === key ? retitled.title : `On ${topic}, part ${i + 1}`;
      return [`@article{${key},\n  title = {${title}},\n  author = {Author${t}, Ada and Other${i}, Bo},\n  year = {2023}\n}\n`];
    }).flat(),
  ).join('\n');
}

describe('papers known only from a bibliography', () => {
  let vault: TestVault;
  afterEach(() => vault.cleanup());

  it('follows an edit of one entry by rewriting that paper only, and answers as a fresh engine', async () => {
    vault = makeVault({
      'references.bib': bibliography(),
      'topics/oversight.md': '---\ntitle: Oversight reading list\n---\nSee [@author202023scalable].\n',
    });
    const { db, indexer, close } = makeIndex(vault.dir);
    try {
      await indexer.syncAll();
      const { engine } = followIndex(indexer, new SearchEngine(db));
      const documents = () => new Map(db.sqlite.prepare(`SELECT paper_id, rowid FROM search_docs WHERE kind = 'paper'`).raw().all() as [string, number][]);
      const before = documents();
      expect(before.size).toBe(30);

      vault.write('references.bib', bibliography({ key: 'author112023goal', title: 'Goal misgeneralization in a maze' }, 'author432023deceptive'));
      await indexer.syncPaths(['references.bib']);
      await engine.settled();
      const after = documents();
      const rewritten = [...after].filter(([paperId, rowid]) => before.get(paperId) !== rowid).map(([paperId]) => paperId);
      expect(rewritten).toEqual(['author112023goal']);
      expect(after.has('author432023deceptive')).toBe(false);
      expect(after.size).toBe(29);

      const ask = (e: SearchEngine) =>
        ['maze', '"On goal misgeneralization, part 2"', 'deceptive alignment part 4', 'Other3'].map((q) =>
          e
            .search(q, { limit: 50, offset: 0 })
            .hits.map((h) => h.paperId ?? h.slug)
            .sort(),
        );
      const answers = ask(engine);
      expect(answers[0]).toEqual(['author112023goal']);
      expect(answers[1]).not.toContain('author112023goal');
      expect(answers[2]).not.toContain('author432023deceptive');
      const fresh = new SearchEngine(db);
      fresh.open();
      expect(ask(fresh)).toEqual(answers);
    } finally {
      close();
    }
  });
});
