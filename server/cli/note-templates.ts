/**
 * The text of a new paper note or replication log, in the note format that
 * `server/ingest/note-meta.ts` reads. Pure: values in, Markdown out.
 */
import type { PaperMeta } from '../ingest/types.ts';

/** A paper named by one of its identifiers, as `replicates` accepts it. */
export type PaperId = { kind: 'citekey' | 'arxiv' | 'doi'; value: string };

export interface PaperNoteInput {
  citekey: string;
  /** What is known: a `.bib` entry, overridden field by field by the flags. Missing fields are left empty to fill in. */
  paper: Omit<PaperMeta, 'citekey'>;
  /** `YYYY-MM-DD`. */
  created: string;
}

export interface ReplicationNoteInput {
  /** The paper replicated, as the user named it. */
  of: PaperId;
  /** What the folder knows about that paper, if anything. */
  title?: string;
  citekey?: string;
  /** The paper note's path (`papers/x.md`), to link it. */
  notePath?: string;
  /** Claims to start the `claims` list with (the paper note's "Key claims"). */
  claims: string[];
  created: string;
}

/** A YAML scalar: JSON strings are valid YAML double-quoted strings, so any text survives. */
const q = (text: string): string => JSON.stringify(text);
const field = (key: string, value: string | undefined): string => (value === undefined ? `${key}:` : `${key}: ${value}`);

export function paperNoteText({ citekey, paper, created }: PaperNoteInput): string {
  const front = [
    'type: paper',
    field('title', q(paper.title ?? placeholderTitle(citekey))),
    field('authors', `[${paper.authors.map(q).join(', ')}]`),
    field('year', paper.year?.toString()),
    field('venue', paper.venue === undefined ? undefined : q(paper.venue)),
    field('arxiv', paper.arxiv === undefined ? undefined : q(paper.arxiv)),
    field('doi', paper.doi === undefined ? undefined : q(paper.doi)),
    field('url', paper.url === undefined ? undefined : q(paper.url)),
    field('citekey', q(citekey)),
    'tags: []',
    'status: to-read # to-read | reading | read',
    field('created', created),
  ];
  const links = [
    paper.arxiv ? `Preprint: https://arxiv.org/abs/${paper.arxiv}` : undefined,
    paper.doi ? `DOI: https://doi.org/${paper.doi}` : undefined,
  ].filter((l) => l !== undefined);
  const body = ['## Summary', '', ...(links.length ? [links.join('\n'), ''] : []), '## Key claims', '', '## Notes', '', '## Open questions', ''];
  return `---\n${front.join('\n')}\n---\n\n${body.join('\n')}`;
}

export function placeholderTitle(citekey: string): string {
  return `TODO: title of ${citekey}`;
}

export function replicationNoteText(input: ReplicationNoteInput): string {
  const { of, claims, created } = input;
  const named = input.title ?? (of.kind === 'citekey' ? of.value : written(of));
  const front = [
    'type: replication',
    field('title', q(`Replicating ${named}`)),
    field('replicates', q(written(of))),
    'status: planned # planned | in-progress | done | abandoned',
    'verdict: # reproduced | partial | not-reproduced | inconclusive',
    ...claimsYaml(claims),
    'code:',
    'commit:',
    'compute:',
    field('created', created),
    'tags: [replication]',
  ];
  const rows = (claims.length ? claims : ['']).map((_, i) => `| c${i + 1} | | | | |`);
  const body = [
    `Replication log for ${paperMention(input)}.`,
    '',
    '## Setup',
    '',
    '- **Code**:',
    '- **Model**:',
    '- **Data**:',
    '- **Evaluation**:',
    '- **Compute**:',
    '',
    '## Claims',
    '',
    "The paper's number next to ours, claim by claim (the `claims` list in the front matter holds the same).",
    '',
    '| Claim | Metric | Paper | Ours | Verdict |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## Log',
    '',
    '## Verdict',
    '',
    'Not run yet. When it is, set `status` and `verdict` in the front matter and say why here.',
    '',
  ];
  return `---\n${front.join('\n')}\n---\n\n${body.join('\n')}`;
}

/** `replicates` as written: a citekey bare, the others with their prefix so they read unambiguously. */
export function written(id: PaperId): string {
  return id.kind === 'citekey' ? id.value : id.kind === 'arxiv' ? `arXiv:${id.value}` : `doi:${id.value}`;
}

function paperMention({ of, title, citekey, notePath }: ReplicationNoteInput): string {
  const parts: string[] = [];
  const target = notePath?.replace(/\.md$/i, '');
  // A wikilink only to a note that exists (else it would be a broken link), and only when its path can be written in one.
  if (target && /^[^[\]|#^]+$/.test(target)) parts.push(title ? `[[${target}|${title.replace(/[[\]|]/g, '')}]]` : `[[${target}]]`);
  else if (title) parts.push(`*${title.replace(/[*_]/g, '')}*`);
  if (citekey) parts.push(`[@${citekey}]`);
  if (of.kind !== 'citekey') parts.push(parts.length ? `(${written(of)})` : written(of));
  return parts.join(' ');
}

function claimsYaml(claims: string[]): string[] {
  const shape = [
    'id: c1',
    'text: "What the paper claims"',
    'metric: "How it is measured"',
    `paper: "The paper's number"`,
    'ours: "Our number"',
    'verdict: inconclusive',
  ];
  if (!claims.length) return ['claims:', ...shape.map((line, i) => `  # ${i === 0 ? '- ' : '  '}${line}`)];
  return ['claims:', ...claims.flatMap((text, i) => [`  - id: c${i + 1}`, `    text: ${q(text)}`, '    metric: ""', '    paper: ""', '    ours: ""'])];
}

/**
 * The bullet items under a "Key claims" heading, as plain text: what a replication
 * log starts its `claims` from when the paper has a note.
 */
export function keyClaims(markdown: string): string[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^#{1,6}\s+key claims\s*#*\s*$/i.test(l));
  if (start < 0) return [];
  const claims: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,6}\s/.test(line)) break;
    const item = /^[-*+]\s+(.*\S)\s*$/.exec(line) ?? /^\d+[.)]\s+(.*\S)\s*$/.exec(line);
    if (item?.[1]) claims.push(item[1]);
    else if (/^\s+\S/.test(line) && claims.length) claims[claims.length - 1] += ` ${line.trim()}`;
  }
  return claims;
}

/** Today as `YYYY-MM-DD`, in local time: the date the user sees on their calendar. */
export function localDate(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
