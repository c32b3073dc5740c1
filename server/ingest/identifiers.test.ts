import { describe, expect, it } from 'vitest';
import { arxivFromDoi, findPaperIds, normalizeArxiv, normalizeDoi, paperIdFromUrl } from './identifiers.ts';

describe('normalizeArxiv', () => {
  it.each([
    ['2401.05566', '2401.05566'],
    ['2401.05566v3', '2401.05566'],
    ['2401.05566V3', '2401.05566'],
    ['arXiv:2401.05566', '2401.05566'],
    ['ARXIV:2401.05566v12', '2401.05566'],
    ['  arXiv:2401.05566  ', '2401.05566'],
    // Four-digit numbers: April 2007 to December 2014.
    ['0704.0001', '0704.0001'],
    ['1412.9999', '1412.9999'],
    // Five-digit numbers from January 2015.
    ['1501.00001', '1501.00001'],
    ['hep-th/9901001', 'hep-th/9901001'],
    ['hep-th/9901001v2', 'hep-th/9901001'],
    ['arXiv:hep-th/9901001', 'hep-th/9901001'],
    ['math.GT/0309136', 'math.GT/0309136'],
    ['math.gt/0309136v1', 'math.GT/0309136'],
    ['cond-mat/0703001', 'cond-mat/0703001'],
    ['quant-ph/9108001', 'quant-ph/9108001'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeArxiv(input)).toBe(expected);
  });

  it.each([
    '',
    'arXiv:',
    'v1.2',
    '1.2.3',
    '2024-01-05',
    '2401.5566', // 2024 needs five digits
    '1501.0001', // ... and so does 2015
    '1412.00001', // 2014 had four
    '0701.0001', // before the new scheme began
    '2413.05566', // month 13
    '2400.05566', // month 00
    '2401.055661',
    '2401.05566v',
    '2401.05566 extra',
    'foo/9901001', // not an arXiv archive
    'hep-th/990100', // six digits
    'hep-th/9913001', // month 13
    'hep-th/1001001', // old style ended in 2007
    'https://arxiv.org/abs/2401.05566',
  ])('rejects %j', (input) => {
    expect(normalizeArxiv(input)).toBeNull();
  });
});

describe('normalizeDoi', () => {
  it.each([
    ['10.1234/abc.def', '10.1234/abc.def'],
    ['10.1038/NATURE12373', '10.1038/nature12373'],
    ['doi:10.1234/ABC', '10.1234/abc'],
    ['DOI: 10.1234/abc', '10.1234/abc'],
    ['https://doi.org/10.1234/abc', '10.1234/abc'],
    ['http://dx.doi.org/10.1234/abc', '10.1234/abc'],
    ['https://www.doi.org/10.1234/abc', '10.1234/abc'],
    ['doi.org/10.1234/abc', '10.1234/abc'],
    ['https://doi.org/10.1234/abc?utm=x#top', '10.1234/abc'],
    ['https://doi.org/10.1000/a%2Fb%3C1%3E', '10.1000/a/b<1>'],
    ['10.1000/a%2Bb', '10.1000/a+b'],
    ['10.1234/abc.', '10.1234/abc'],
    ['10.1234/abc,', '10.1234/abc'],
    ['10.1234/abc;', '10.1234/abc'],
    ['10.1234/abc)', '10.1234/abc'],
    ['10.1234/abc).', '10.1234/abc'],
    ['10.1016/0370-2693(93)90235-J', '10.1016/0370-2693(93)90235-j'],
    ['10.1002/(SICI)1097-4636(199812)43:4<338::AID-JBM2>3.0.CO;2-8', '10.1002/(sici)1097-4636(199812)43:4<338::aid-jbm2>3.0.co;2-8'],
    ['10.1000.10/123456', '10.1000.10/123456'],
    ['10.48550/arXiv.2401.05566', '10.48550/arxiv.2401.05566'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeDoi(input)).toBe(expected);
  });

  it.each(['', '10.123/abc', '10.1234', '10.1234/', 'doi:', '11.1234/abc', 'https://example.com/10.1234/abc', 'x10.1234/abc', '10.1000/a%20b'])(
    'rejects %j',
    (input) => {
      expect(normalizeDoi(input)).toBeNull();
    },
  );
});

describe('arxivFromDoi', () => {
  it.each([
    ['10.48550/arXiv.2401.05566', '2401.05566'],
    ['10.48550/ARXIV.2401.05566', '2401.05566'],
    ['https://doi.org/10.48550/arXiv.2401.05566', '2401.05566'],
    ['10.48550/arXiv.hep-th/9901001', 'hep-th/9901001'],
    ['10.48550/arXiv.math.GT/0309136', 'math.GT/0309136'],
    ['10.1234/arxiv.2401.05566', null],
    ['10.48550/arXiv.9999.99999', null],
    ['not a doi', null],
  ])('%s -> %s', (input, expected) => {
    expect(arxivFromDoi(input)).toBe(expected);
  });
});

describe('paperIdFromUrl', () => {
  it.each([
    ['https://arxiv.org/abs/2401.05566', 'arxiv', '2401.05566'],
    ['https://arxiv.org/abs/2401.05566v2', 'arxiv', '2401.05566'],
    ['http://arxiv.org/abs/2401.05566', 'arxiv', '2401.05566'],
    ['https://www.arxiv.org/abs/2401.05566', 'arxiv', '2401.05566'],
    ['https://export.arxiv.org/abs/2401.05566', 'arxiv', '2401.05566'],
    ['https://arxiv.org/pdf/2401.05566', 'arxiv', '2401.05566'],
    ['https://arxiv.org/pdf/2401.05566v3', 'arxiv', '2401.05566'],
    ['https://arxiv.org/pdf/2401.05566v3.pdf', 'arxiv', '2401.05566'],
    ['https://arxiv.org/pdf/2401.05566.pdf', 'arxiv', '2401.05566'],
    ['https://arxiv.org/abs/hep-th/9901001v2', 'arxiv', 'hep-th/9901001'],
    ['https://arxiv.org/pdf/hep-th/9901001.pdf', 'arxiv', 'hep-th/9901001'],
    ['https://arxiv.org/abs/math.GT/0309136', 'arxiv', 'math.GT/0309136'],
    ['https://arxiv.org/abs/2401.05566?context=cs.CL', 'arxiv', '2401.05566'],
    ['https://arxiv.org/abs/2401.05566v1#S3', 'arxiv', '2401.05566'],
    ['https://ARXIV.org/abs/2401.05566/', 'arxiv', '2401.05566'],
    ['https://doi.org/10.1234/ABC.def', 'doi', '10.1234/abc.def'],
    ['http://dx.doi.org/10.1234/abc', 'doi', '10.1234/abc'],
    ['https://doi.org/10.1234/abc?foo=bar#frag', 'doi', '10.1234/abc'],
    ['https://doi.org/10.1016/0370-2693(93)90235-J', 'doi', '10.1016/0370-2693(93)90235-j'],
    ['https://doi.org/10.48550/arXiv.2401.05566', 'arxiv', '2401.05566'],
  ])('%s -> %s %s', (url, kind, value) => {
    expect(paperIdFromUrl(url)).toStrictEqual({ kind, value });
  });

  it.each([
    'https://arxiv.org/list/cs.AI',
    'https://arxiv.org/list/cs.AI/recent',
    'https://arxiv.org/abs/cs.AI',
    'https://arxiv.org/abs/9999.99999',
    'https://arxiv.org/',
    'https://notarxiv.org/abs/2401.05566',
    'https://example.com/abs/2401.05566',
    'https://link.springer.com/article/10.1007/s10994-021-05946-3',
    'https://doi.org/',
    'https://doi.org/not-a-doi',
    'ftp://arxiv.org/abs/2401.05566',
    'arxiv.org/abs/2401.05566',
    'not a url',
  ])('rejects %s', (url) => {
    expect(paperIdFromUrl(url)).toBeNull();
  });
});

describe('findPaperIds', () => {
  /** Each match as [kind, value, the text it spans, version]. */
  function found(text: string) {
    return findPaperIds(text).map((m) => [m.kind, m.value, text.slice(m.start, m.end), m.version]);
  }

  it.each([
    ['see arXiv:2401.05566 for details', [['arxiv', '2401.05566', 'arXiv:2401.05566', undefined]]],
    ['see arxiv:2401.05566v3.', [['arxiv', '2401.05566', 'arxiv:2401.05566v3', 3]]],
    ['ARXIV: 2401.05566', [['arxiv', '2401.05566', 'ARXIV: 2401.05566', undefined]]],
    ['(arXiv:hep-th/9901001v2)', [['arxiv', 'hep-th/9901001', 'arXiv:hep-th/9901001v2', 2]]],
    ['arXiv:math.GT/0309136, and', [['arxiv', 'math.GT/0309136', 'arXiv:math.GT/0309136', undefined]]],
    ['arXiv:0704.0001 [hep-ph]', [['arxiv', '0704.0001', 'arXiv:0704.0001', undefined]]],
    ['at https://arxiv.org/abs/2401.05566v2.', [['arxiv', '2401.05566', 'https://arxiv.org/abs/2401.05566v2', 2]]],
    ['at https://arxiv.org/pdf/2401.05566v3.pdf, then', [['arxiv', '2401.05566', 'https://arxiv.org/pdf/2401.05566v3.pdf', 3]]],
    ['at https://arxiv.org/abs/2401.05566?context=cs#S2 ok', [['arxiv', '2401.05566', 'https://arxiv.org/abs/2401.05566?context=cs#S2', undefined]]],
    ['at http://export.arxiv.org/abs/hep-th/9901001', [['arxiv', 'hep-th/9901001', 'http://export.arxiv.org/abs/hep-th/9901001', undefined]]],
    ['at www.arxiv.org/abs/2401.05566;', [['arxiv', '2401.05566', 'www.arxiv.org/abs/2401.05566', undefined]]],
    ['<https://arxiv.org/abs/2401.05566>', [['arxiv', '2401.05566', 'https://arxiv.org/abs/2401.05566', undefined]]],
    ['[link](https://arxiv.org/abs/2401.05566)', [['arxiv', '2401.05566', 'https://arxiv.org/abs/2401.05566', undefined]]],
    ['https://doi.org/10.1234/ABC.', [['doi', '10.1234/abc', 'https://doi.org/10.1234/ABC', undefined]]],
    ['http://dx.doi.org/10.1234/abc?x=1, then', [['doi', '10.1234/abc', 'http://dx.doi.org/10.1234/abc?x=1', undefined]]],
    ['doi.org/10.1234/abc.', [['doi', '10.1234/abc', 'doi.org/10.1234/abc', undefined]]],
    ['https://doi.org/10.48550/arXiv.2401.05566', [['arxiv', '2401.05566', 'https://doi.org/10.48550/arXiv.2401.05566', undefined]]],
    ['doi:10.1234/x here', [['doi', '10.1234/x', 'doi:10.1234/x', undefined]]],
    ['DOI: 10.1234/X.', [['doi', '10.1234/x', 'DOI: 10.1234/X', undefined]]],
    ['bare 10.1234/abc.def here', [['doi', '10.1234/abc.def', '10.1234/abc.def', undefined]]],
    ['ends 10.1234/abc.def.', [['doi', '10.1234/abc.def', '10.1234/abc.def', undefined]]],
    [
      'list 10.1234/a, 10.5678/b; 10.9999/c.',
      [
        ['doi', '10.1234/a', '10.1234/a', undefined],
        ['doi', '10.5678/b', '10.5678/b', undefined],
        ['doi', '10.9999/c', '10.9999/c', undefined],
      ],
    ],
    ['(see 10.1234/abc)', [['doi', '10.1234/abc', '10.1234/abc', undefined]]],
    ['(see 10.1234/abc).', [['doi', '10.1234/abc', '10.1234/abc', undefined]]],
    ['"10.1234/abc"', [['doi', '10.1234/abc', '10.1234/abc', undefined]]],
    ['Phys. Lett. B 10.1016/0370-2693(93)90235-J.', [['doi', '10.1016/0370-2693(93)90235-j', '10.1016/0370-2693(93)90235-J', undefined]]],
    ['(10.1016/0370-2693(93)90235-J)', [['doi', '10.1016/0370-2693(93)90235-j', '10.1016/0370-2693(93)90235-J', undefined]]],
    ['UPPER 10.1038/NATURE12373', [['doi', '10.1038/nature12373', '10.1038/NATURE12373', undefined]]],
    ['10.48550/arXiv.2401.05566.', [['arxiv', '2401.05566', '10.48550/arXiv.2401.05566', undefined]]],
    ['doi:10.48550/ARXIV.hep-th/9901001', [['arxiv', 'hep-th/9901001', 'doi:10.48550/ARXIV.hep-th/9901001', undefined]]],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    'version v1.2 of the code',
    'released 2024-01-05',
    'the number 2401.05566 alone',
    'see https://arxiv.org/list/cs.AI',
    'see arxiv.org/list/cs.AI/recent',
    'https://arxiv.org/abs/cs.AI',
    'arXiv:2401.055661',
    'arXiv:2413.05566',
    'arXiv:2401.05566x',
    'myarXiv:2401.05566',
    'notarxiv.org/abs/2401.05566',
    '10.123/abc',
    '210.1234/abc',
    'https://example.com/10.1234/abc',
    'https://link.springer.com/content/pdf/10.1007/s10994-021-05946-3.pdf',
    'https://scholar.example.com/?q=arXiv:2401.05566',
    'pi is 3.14159 and 10.5 percent',
  ])('finds nothing in %j', (text) => {
    expect(findPaperIds(text)).toEqual([]);
  });

  it('returns several matches in order, without overlap', () => {
    const text =
      'Cf. arXiv:2401.05566v2 and https://arxiv.org/abs/2312.00001, doi:10.1234/one and 10.5678/two; also https://doi.org/10.48550/arXiv.1706.03762.';
    const matches = findPaperIds(text);
    expect(matches.map((m) => [m.kind, m.value])).toEqual([
      ['arxiv', '2401.05566'],
      ['arxiv', '2312.00001'],
      ['doi', '10.1234/one'],
      ['doi', '10.5678/two'],
      ['arxiv', '1706.03762'],
    ]);
    for (let i = 1; i < matches.length; i++) {
      expect(matches[i]?.start).toBeGreaterThanOrEqual(matches[i - 1]?.end ?? 0);
    }
  });

  it('reports a version only when one is written', () => {
    const [withVersion, without] = findPaperIds('arXiv:2401.05566v4 arXiv:2401.05567');
    expect(withVersion?.version).toBe(4);
    expect(without).not.toHaveProperty('version');
  });
});
