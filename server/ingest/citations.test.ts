import { describe, expect, it } from 'vitest';
import { type CitationMatch, findCitations, isCrossReference } from './citations.ts';

/** The fields that matter for most cases, so expectations stay short. */
function cites(text: string) {
  return findCitations(text).map(({ key, mode, suppressAuthor, prefix, locator }) => ({ key, mode, suppressAuthor, prefix, locator }));
}

function keys(text: string): string[] {
  return findCitations(text).map((c) => c.key);
}

const bracketed = (key: string, extra: Partial<CitationMatch> = {}) => ({
  key,
  mode: 'bracketed',
  suppressAuthor: false,
  prefix: undefined,
  locator: undefined,
  ...extra,
});
const inText = (key: string, extra: Partial<CitationMatch> = {}) => ({ ...bracketed(key, extra), mode: 'in-text', ...extra });

describe('findCitations: the pandoc manual examples', () => {
  it.each([
    ['Blah blah [@doe99; @smith2000; @smith2004].', [bracketed('doe99'), bracketed('smith2000'), bracketed('smith2004')]],
    ['Blah blah [@smith04; @doe99].', [bracketed('smith04'), bracketed('doe99')]],
    ['[@doe99]', [bracketed('doe99')]],
    ['[@doe99; @smith2000]', [bracketed('doe99'), bracketed('smith2000')]],
    [
      'Blah blah [see @doe99, pp. 33-35 and *passim*; @smith04, chap. 1].',
      [bracketed('doe99', { prefix: 'see', locator: 'pp. 33-35 and *passim*' }), bracketed('smith04', { locator: 'chap. 1' })],
    ],
    [
      'Blah blah [see @doe99, pp. 33-35; also @smith04, chap. 1].',
      [bracketed('doe99', { prefix: 'see', locator: 'pp. 33-35' }), bracketed('smith04', { prefix: 'also', locator: 'chap. 1' })],
    ],
    ['Blah blah [@doe99, pp. 33-35, 38-39 and *passim*].', [bracketed('doe99', { locator: 'pp. 33-35, 38-39 and *passim*' })]],
    ['[see @doe99 p. 34]', [bracketed('doe99', { prefix: 'see', locator: 'p. 34' })]],
    ['[@item1 pp. 33, 35-37, and nowhere else]', [bracketed('item1', { locator: 'pp. 33, 35-37, and nowhere else' })]],
    ['[@item1 and nowhere else]', [bracketed('item1', { locator: 'and nowhere else' })]],
    ['[*see* @item1 p. **32**]', [bracketed('item1', { prefix: '*see*', locator: 'p. **32**' })]],
    [
      '[see @item1 chap. 3; also @item3 p. 34-35]',
      [bracketed('item1', { prefix: 'see', locator: 'chap. 3' }), bracketed('item3', { prefix: 'also', locator: 'p. 34-35' })],
    ],
    ['[@smith{ii, A, D-Z}, with a suffix]', [bracketed('smith', { locator: '{ii, A, D-Z}, with a suffix' })]],
    ['[@smith, {pp. iv, vi-xi, (xv)-(xvii)} with suffix here]', [bracketed('smith', { locator: '{pp. iv, vi-xi, (xv)-(xvii)} with suffix here' })]],
    ['[@smith{}, 99 years later]', [bracketed('smith', { locator: '{}, 99 years later' })]],
    ['[@{https://example.com/bib?name=foobar&date=2000}, p. 33]', [bracketed('https://example.com/bib?name=foobar&date=2000', { locator: 'p. 33' })]],
    ['Smith says blah [-@smith04].', [bracketed('smith04', { suppressAuthor: true })]],
    ['[-@doe99]', [bracketed('doe99', { suppressAuthor: true })]],
    ['@smith04 says blah.', [inText('smith04')]],
    ['@smith04 [p. 33] says blah.', [inText('smith04', { locator: 'p. 33' })]],
    ['MapReduce is a paradigm popularized by [Google] [@mapreduce] as its most vocal proponent.', [bracketed('mapreduce')]],
  ])('%s', (text, expected) => {
    expect(cites(text)).toEqual(expected);
  });

  it.each([
    // The final period is not internal punctuation.
    ['@Foo_bar.baz.', 'Foo_bar.baz'],
    // Inside braces everything is literal, final period included.
    ['@{Foo_bar.baz.}', 'Foo_bar.baz.'],
    // Repeated internal punctuation ends the key.
    ['@Foo_bar--baz', 'Foo_bar'],
  ])('key of %s is %s', (text, key) => {
    expect(keys(text)).toEqual([key]);
  });
});

describe('findCitations: keys', () => {
  it.each([
    ['@doe99.', 'doe99'],
    ['@doe99,', 'doe99'],
    ['@doe99;', 'doe99'],
    ['@doe99:', 'doe99'],
    ['(@doe99)', 'doe99'],
    ["@doe99's results", 'doe99'],
    ['@_private', '_private'],
    ['@1657:huygens', '1657:huygens'],
    ['@a:b.c#d$e%f&g-h+i?j<k>l~m/n', 'a:b.c#d$e%f&g-h+i?j<k>l~m/n'],
    ['@doi:10.1000/xyz', 'doi:10.1000/xyz'],
    // ':' and '/' may precede a '/', so URL-like keys survive.
    ['@http://zotero.org/users/1234567/items/A1B2C3D4', 'http://zotero.org/users/1234567/items/A1B2C3D4'],
  ])('%s -> %s', (text, key) => {
    expect(keys(text)).toEqual([key]);
  });

  it.each([
    ['[see @item1 chap. 3; also @пункт3 p. 34-35]', ['item1', 'пункт3']],
    ['@müller2020 and @Żółć and @東京2021 and @αβγ', ['müller2020', 'Żółć', '東京2021', 'αβγ']],
    // Decomposed (NFD) accents are combining marks, not key ends.
    ['@mu\u0308ller2020', ['mu\u0308ller2020']],
    // Letters outside the Basic Multilingual Plane.
    ['@𝒜lgebra', ['𝒜lgebra']],
  ])('unicode: %s', (text, expected) => {
    expect(keys(text)).toEqual(expected);
  });

  it('keeps braced keys that contain ; and ] whole inside a group', () => {
    expect(cites('[@{https://x.org/a;b]c}; see @doe99]')).toEqual([bracketed('https://x.org/a;b]c'), bracketed('doe99', { prefix: 'see' })]);
  });
});

describe('findCitations: not citations', () => {
  it.each([
    'write to jane.doe@example.com',
    'user@host',
    'a_b@c and a+b@c and a-b@c and 1@2',
    'contact Müller@uni.de',
    '[email me at a@b.com]',
    '\\@escaped',
    'a lone @ here',
    '@ doe99',
    '@.doe99',
    '@{}',
    '@{has space}',
  ])('%s', (text) => {
    expect(findCitations(text)).toEqual([]);
  });

  it('falls back to an in-text citation when a bracket is not a complete group', () => {
    // Like pandoc: `[@doe99;]` is not a citation group, but `@doe99` still cites.
    expect(cites('[@doe99;]')).toEqual([inText('doe99')]);
    expect(cites('[@doe99; see above]')).toEqual([inText('doe99')]);
  });

  it.each(['@fig:plot', 'see @eq:energy.', '@tbl:results', '@sec:intro', '@lst:code', '[@fig:plot]', '[@Fig:plot; @sec:method]'])(
    'leaves out the cross-reference %s',
    (text) => {
      expect(findCitations(text)).toEqual([]);
    },
  );

  it('keeps real keys that share a group with cross-references', () => {
    expect(keys('[@fig:plot; @doe99] and @eq:x with @smith04')).toEqual(['doe99', 'smith04']);
  });

  it('does not take an inline footnote or footnote reference for a group', () => {
    expect(cites('Text.^[See @doe99.] More[^1].')).toEqual([inText('doe99')]);
  });

  it('does not let a group span a blank line', () => {
    expect(cites('[see\n\n@doe99]')).toEqual([inText('doe99')]);
    expect(cites('[see\n@doe99]')).toEqual([bracketed('doe99', { prefix: 'see' })]);
  });
});

describe('findCitations: in-text forms', () => {
  it('suppresses the author for in-text -@key, but not for a hyphenated word', () => {
    expect(cites('as -@doe99 shows')).toEqual([inText('doe99', { suppressAuthor: true })]);
    expect(cites('well-@doe99')).toEqual([]);
  });

  it('takes a following bracket as the locator only when it cites nothing itself', () => {
    expect(cites('@smith04 [@doe99] agree')).toEqual([inText('smith04'), bracketed('doe99')]);
    expect(cites('@smith04\n[chap. 2] says')).toEqual([inText('smith04', { locator: 'chap. 2' })]);
    // `[text](url)` after the key is a link, not a locator.
    expect(cites('@smith04 [site](https://x.org)')).toEqual([inText('smith04')]);
  });

  it('finds citations nested in non-citation brackets', () => {
    expect(cites('[as argued [@doe99], this holds]')).toEqual([bracketed('doe99')]);
  });
});

describe('findCitations: offsets', () => {
  it('spans the whole bracket for each key of a group, with keyOffset at each @', () => {
    const text = 'Blah blah [see @doe99, pp. 33-35; also @smith04, chap. 1]. Next.';
    const [doe, smith] = findCitations(text);
    expect(doe && text.slice(doe.start, doe.end)).toBe('[see @doe99, pp. 33-35; also @smith04, chap. 1]');
    expect(smith && [smith.start, smith.end]).toEqual(doe && [doe.start, doe.end]);
    expect(doe && text.slice(doe.keyOffset, doe.keyOffset + 6)).toBe('@doe99');
    expect(smith && text.slice(smith.keyOffset, smith.keyOffset + 8)).toBe('@smith04');
  });

  it('spans an in-text citation and its locator, stopping before punctuation', () => {
    const text = 'First @smith04 [p. 33], then @doe99. And -@jones.';
    const spans = findCitations(text).map((c) => [text.slice(c.start, c.end), text[c.keyOffset]]);
    expect(spans).toEqual([
      ['@smith04 [p. 33]', '@'],
      ['@doe99', '@'],
      ['-@jones', '@'],
    ]);
  });

  it('spans a braced key including its braces', () => {
    const text = 'See @{Foo_bar.baz.}.';
    const [c] = findCitations(text);
    expect(c && text.slice(c.start, c.end)).toBe('@{Foo_bar.baz.}');
  });

  it('counts offsets in UTF-16 code units, as String#slice does', () => {
    const text = '𝒜𝒜 [@doe99] then @пункт3.';
    const found = findCitations(text);
    expect(found.map((c) => text.slice(c.start, c.end))).toEqual(['[@doe99]', '@пункт3']);
  });

  it('returns citations in reading order', () => {
    const text = '@a1 then [@b2; @c3], @d4 [p. 1]; and [-@e5].';
    expect(findCitations(text).map((c) => [c.key, c.mode])).toEqual([
      ['a1', 'in-text'],
      ['b2', 'bracketed'],
      ['c3', 'bracketed'],
      ['d4', 'in-text'],
      ['e5', 'bracketed'],
    ]);
  });
});

describe('isCrossReference', () => {
  it.each([
    ['fig:plot', true],
    ['Fig:plot', true],
    ['eq:energy', true],
    ['tbl:results', true],
    ['sec:intro', true],
    ['lst:code', true],
    ['doe99', false],
    ['figaro2001', false],
    ['config:x', false],
    ['fig', false],
  ])('%s -> %s', (key, expected) => {
    expect(isCrossReference(key)).toBe(expected);
  });
});
