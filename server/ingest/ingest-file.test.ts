import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ingestFile, loadBibliographyParser } from './ingest-file.ts';
import type { NotePath } from './types.ts';

// A parser failing on some input (as yaml once did on an alias to no anchor): here, the BibTeX one, always.
vi.mock('./bibtex.ts', () => ({
  parseBibliography: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'key')\n    at parse (bibtex.js:1:1)");
  },
}));

describe('ingestFile when a parser throws', () => {
  beforeAll(loadBibliographyParser);

  it('reports the file as unreadable with the reason, instead of failing the batch', () => {
    const result = ingestFile('refs/a.bib' as NotePath, 'bib', new TextEncoder().encode('@misc{a, title = {A}}\n'));
    expect(result).toEqual({
      kind: 'unreadable',
      problems: [
        {
          path: 'refs/a.bib',
          line: 1,
          code: 'parse-error',
          message: "could not read the file: Cannot read properties of undefined (reading 'key'); skipped",
        },
      ],
    });
  });

  it('still reads the files it does not fail on', () => {
    const result = ingestFile('notes/a.md' as NotePath, 'note', new TextEncoder().encode('# A note\n'));
    expect(result.kind).toBe('note');
  });
});
