/**
 * Writes papers as CSL-JSON (the citation-style language's data format, which
 * Zotero, pandoc and citeproc read). arXiv preprints follow Zotero's own export:
 * type `article`, publisher `arXiv`, number `arXiv:ID`.
 */
import { type ExportPaper, entryTypeOf, exportKeys } from './export.ts';

export type CslName = { family: string; given?: string } | { literal: string };

export interface CslItem {
  id: string;
  'citation-key': string;
  type: string;
  title?: string;
  author?: CslName[];
  issued?: { 'date-parts': [[number]] };
  'container-title'?: string;
  publisher?: string;
  volume?: string;
  issue?: string;
  page?: string;
  number?: string;
  DOI?: string;
  URL?: string;
  note?: string;
}

const CSL_TYPES: Record<string, string> = {
  article: 'article-journal',
  inproceedings: 'paper-conference',
  conference: 'paper-conference',
  book: 'book',
  incollection: 'chapter',
  inbook: 'chapter',
  phdthesis: 'thesis',
  mastersthesis: 'thesis',
  thesis: 'thesis',
  techreport: 'report',
  report: 'report',
  online: 'webpage',
  electronic: 'webpage',
  www: 'webpage',
};

/** `Last, First` → family and given; a name without a comma (a group, a single name) is kept whole. */
export function cslName(name: string): CslName {
  const comma = name.indexOf(',');
  if (comma === -1) return { literal: name.trim() };
  const given = name.slice(comma + 1).trim();
  return given ? { family: name.slice(0, comma).trim(), given } : { family: name.slice(0, comma).trim() };
}

function cslItem(item: ExportPaper, key: string): CslItem {
  const { paper, bib } = item;
  const fields = bib?.fields ?? {};
  const entryType = bib?.entryType ?? entryTypeOf(paper).entryType;
  const venue = fields.journal ?? fields.journaltitle ?? fields.booktitle ?? paper.venue ?? undefined;
  const preprint = paper.arxiv !== null && (!venue || /^arxiv\b/i.test(venue)) && !['book', 'incollection', 'inbook'].includes(entryType);
  const out: CslItem = { id: key, 'citation-key': key, type: preprint ? 'article' : (CSL_TYPES[entryType] ?? 'document') };
  const title = fields.title ?? paper.title;
  if (title) out.title = title;
  const authors = bib?.authors.length ? bib.authors : paper.authors;
  if (authors.length) out.author = authors.map(cslName);
  const year = paper.year ?? (Number.parseInt(fields.year ?? '', 10) || null);
  if (year) out.issued = { 'date-parts': [[year]] };
  if (preprint) {
    out.publisher = 'arXiv';
    out.number = `arXiv:${paper.arxiv}`;
  } else {
    if (venue) out['container-title'] = venue;
    const publisher = fields.publisher ?? fields.organization ?? fields.institution ?? fields.school;
    if (publisher) out.publisher = publisher;
    if (paper.arxiv) out.note = `arXiv:${paper.arxiv}`;
  }
  if (fields.volume) out.volume = fields.volume;
  if (fields.number && !preprint) out.issue = fields.number;
  if (fields.pages) out.page = fields.pages.replace(/\s*[–—]\s*|\s*-+\s*/g, '-');
  if (paper.doi) out.DOI = paper.doi;
  const url = paper.url ?? fields.url ?? (paper.arxiv ? `https://arxiv.org/abs/${paper.arxiv}` : undefined);
  if (url) out.URL = url;
  return out;
}

/** The papers as a CSL-JSON array. */
export function toCslJson(papers: readonly ExportPaper[]): CslItem[] {
  const keys = exportKeys(papers);
  return papers.map((item) => cslItem(item, keys.get(item.paper.id) as string));
}
