/**
 * Writes papers as BibTeX that `@retorquere/bibtex-parser` (the parser the
 * indexer reads `.bib` files with) reads back to the same keys and values.
 * Values are UTF-8 with LaTeX's special characters escaped; words with inner
 * capitals (`LLMs`, `GPT-4o`) are braced so styles keep their case.
 */
import { type ExportPaper, entryTypeOf, exportKeys } from './export.ts';

/** Fields the parser reads verbatim (no LaTeX decoding): written as they are, without braces. */
const VERBATIM = new Set(['url', 'doi', 'eprint', 'file', 'files', 'pdf', 'ids', 'verba', 'verbb', 'verbc', 'groups']);
/** Fields whose words keep their case only when braced. */
const TITLES = new Set(['title', 'subtitle', 'shorttitle', 'booktitle', 'series', 'maintitle', 'origtitle', 'eventtitle', 'journal', 'journaltitle']);
/** Written first, in this order; the entry's other fields follow in their own order. */
const FIRST = ['author', 'title', 'booktitle', 'journal', 'year'];

const LATEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Escapes LaTeX's special characters; `--` stays two hyphens rather than becoming a dash. */
export function escapeLatex(text: string): string {
  return text.replace(/[\\{}&%$#_~^]/g, (c) => LATEX[c] ?? c).replace(/-(?=-)/g, '-{}');
}

/** Escapes like `escapeLatex`, but keeps `--` (page ranges). */
const escapeRange = (text: string) => text.replace(/[\\{}&%$#_~^]/g, (c) => LATEX[c] ?? c);

/** Braces words with a capital after their first letter, so bibliography styles do not lower-case them. */
function protectCase(escaped: string): string {
  return escaped.replace(/(?<![\\\p{L}\p{N}])[\p{L}\p{N}][\p{L}\p{N}-]*/gu, (word) => (/.\p{Lu}/u.test(word) ? `{${word}}` : word));
}

/** A name list: `Last, First` names as written; a name without a comma (a group, a single name) braced, so it is not split. */
export function formatNames(names: readonly string[]): string {
  return names.map((n) => (n.includes(',') ? escapeLatex(n) : `{${escapeLatex(n)}}`)).join(' and ');
}

function formatValue(field: string, value: string): string {
  if (VERBATIM.has(field)) return value.replace(/[{}]/g, '');
  // Page ranges are written `--` in BibTeX (the parser reads it back as an en dash).
  const text = field === 'pages' ? value.replace(/\s*[–—]\s*/g, '--') : value;
  const escaped = (field === 'pages' ? escapeRange : escapeLatex)(text.replace(/\s+/g, ' ').trim());
  return TITLES.has(field) ? protectCase(escaped) : escaped;
}

/** The fields of one entry, in writing order, from its `.bib` entry or else the paper's metadata. */
export function entryFields(item: ExportPaper): { entryType: string; fields: [string, string][] } {
  const { paper, bib } = item;
  const fields = new Map<string, string>();
  let entryType: string;
  if (bib) {
    entryType = bib.entryType;
    for (const [name, value] of Object.entries(bib.fields)) if (value.trim()) fields.set(name.toLowerCase(), value);
    fields.delete('author');
    if (bib.authors.length) fields.set('author', formatNames(bib.authors));
  } else {
    const type = entryTypeOf(paper);
    entryType = type.entryType;
    if (paper.venue && type.venueField) fields.set(type.venueField, paper.venue);
  }
  if (!fields.has('author') && paper.authors.length) fields.set('author', formatNames(paper.authors));
  const fill = (name: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined && value !== '' && !fields.has(name)) fields.set(name, String(value));
  };
  fill('title', paper.title);
  fill('year', paper.year);
  fill('doi', paper.doi);
  if (paper.arxiv && !fields.has('eprint')) {
    fields.set('eprint', paper.arxiv);
    fill('archiveprefix', 'arXiv');
  }
  fill('url', paper.url);
  const ordered = [...FIRST.filter((f) => fields.has(f)), ...[...fields.keys()].filter((f) => !FIRST.includes(f))];
  return { entryType, fields: ordered.map((f) => [f, f === 'author' ? (fields.get(f) as string) : formatValue(f, fields.get(f) as string)]) };
}

/** The papers as one BibTeX file. */
export function toBibtex(papers: readonly ExportPaper[]): string {
  const keys = exportKeys(papers);
  return papers
    .map((item) => {
      const { entryType, fields } = entryFields(item);
      const width = Math.max(0, ...fields.map(([f]) => f.length));
      const body = fields.map(([f, v]) => `  ${f.padEnd(width)} = {${v}}`).join(',\n');
      return `@${entryType}{${keys.get(item.paper.id)},\n${body}\n}\n`;
    })
    .join('\n');
}
