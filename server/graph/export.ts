/**
 * Bibliography exports: which papers (all, a tag's, a query's) and the record
 * each one is written from — its `.bib` entry when it has one, else the
 * metadata of its note or identifiers. The writers are bibtex-writer.ts and csl.ts.
 */
import type { Database } from '../db/connection.ts';
import type { PaperRow } from '../db/queries.ts';
import { listedNote, visiblePaper } from '../db/visibility.ts';
import { papersCitedByTag } from './graph.ts';
import type { Audience } from './lookup.ts';
import { prepared } from './sql.ts';

export interface ExportFilter extends Audience {
  /** Papers whose note has this tag, or that notes with this tag cite. */
  tag?: string;
  /** Words that must all appear in the title, authors, citekey or venue (case-insensitive). */
  q?: string;
}

/** A paper and the `.bib` entry that defines it, if any. */
export interface ExportPaper {
  paper: PaperRow;
  bib: { entryType: string; fields: Record<string, string>; authors: string[] } | null;
}

type PaperRecord = Omit<PaperRow, 'authors'> & { authors: string };

const SQL = {
  papers: `SELECT id, citekey, title, authors, year, venue, arxiv, doi, url, note_path AS notePath, source FROM papers ORDER BY id`,
  visiblePapers: `SELECT id, citekey, title, authors, year, venue, arxiv, doi, url, note_path AS notePath, source FROM papers p
    WHERE ${visiblePaper('p')} ORDER BY id`,
  bibs: `SELECT pi.paper_id AS paperId, b.citekey, b.entry_type AS entryType, b.fields, b.authors FROM paper_ids pi
    JOIN bib_entries b ON b.citekey = pi.value WHERE pi.kind = 'citekey' ORDER BY b.source_path, b.line`,
  tagged: `SELECT p.id FROM papers p JOIN tags t ON t.note_path = p.note_path WHERE t.tag = ?`,
  taggedListed: `SELECT p.id FROM papers p JOIN tags t ON t.note_path = p.note_path JOIN notes n ON n.path = p.note_path WHERE t.tag = ? AND ${listedNote('n')}`,
} as const;

/** The papers to export, in id order; for visitors, only papers they may see. */
export function selectPapers(db: Database, filter: ExportFilter = {}): ExportPaper[] {
  const publicOnly = filter.publicOnly ?? false;
  let papers = (prepared(db, publicOnly ? SQL.visiblePapers : SQL.papers).all() as PaperRecord[]).map((p) => ({
    ...p,
    authors: JSON.parse(p.authors) as string[],
  }));
  const tag = filter.tag?.trim().replace(/^#/, '').toLowerCase();
  if (tag) {
    const keep = papersCitedByTag(db, tag, { publicOnly });
    for (const id of prepared(db, publicOnly ? SQL.taggedListed : SQL.tagged)
      .pluck()
      .all(tag) as string[])
      keep.add(id);
    papers = papers.filter((p) => keep.has(p.id));
  }
  // A plain word filter until the search engine (server/search) can rank papers; it will replace this.
  const words = filter.q?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
  if (words.length > 0) {
    papers = papers.filter((p) => {
      const haystack = [p.title, p.citekey, p.venue, ...p.authors].filter(Boolean).join('\n').toLowerCase();
      return words.every((w) => haystack.includes(w));
    });
  }

  const bibs = new Map<string, { citekey: string; entryType: string; fields: string; authors: string }>();
  const wanted = new Map(papers.map((p) => [p.id, p.citekey]));
  for (const row of prepared(db, SQL.bibs).all() as { paperId: string; citekey: string; entryType: string; fields: string; authors: string }[]) {
    if (!wanted.has(row.paperId)) continue;
    const current = bibs.get(row.paperId);
    // The entry of the paper's own citekey wins; else the first one found.
    if (!current || (current.citekey !== wanted.get(row.paperId) && row.citekey === wanted.get(row.paperId))) bibs.set(row.paperId, row);
  }
  return papers.map((paper) => {
    const bib = bibs.get(paper.id);
    return {
      paper,
      bib: bib ? { entryType: bib.entryType, fields: JSON.parse(bib.fields) as Record<string, string>, authors: JSON.parse(bib.authors) as string[] } : null,
    };
  });
}

const CONFERENCE =
  /proceedings|conference|workshop|symposium|\b(?:NeurIPS|NIPS|ICML|ICLR|ACL|EMNLP|NAACL|EACL|COLING|AAAI|IJCAI|CVPR|ICCV|ECCV|COLM|CoRL|FAccT|KDD|SIGIR|UAI|AISTATS|COLT|USENIX|CCS|SP)\b/i;

/**
 * The BibTeX entry type for a paper known without a `.bib` entry, and the field its venue goes in:
 * a conference → `inproceedings`/`booktitle`, another venue → `article`/`journal`, none or arXiv → `misc`.
 */
export function entryTypeOf(paper: Pick<PaperRow, 'venue'>): { entryType: string; venueField: 'booktitle' | 'journal' | null } {
  const venue = paper.venue?.trim();
  if (!venue || /^arxiv\b/i.test(venue)) return { entryType: 'misc', venueField: null };
  return CONFERENCE.test(venue) ? { entryType: 'inproceedings', venueField: 'booktitle' } : { entryType: 'article', venueField: 'journal' };
}

/** A citation key BibTeX and its parsers accept: the paper's citekey, else its id with unusual characters replaced. */
export function exportKey(paper: Pick<PaperRow, 'id' | 'citekey'>): string {
  return (paper.citekey ?? paper.id).replace(/[^\p{L}\p{N}_:./+-]/gu, '_');
}

/** Export keys for a list of papers, made unique (`key`, `key_2`, …) where replacing characters made two alike. */
export function exportKeys(papers: readonly ExportPaper[]): Map<string, string> {
  const used = new Set<string>();
  const keys = new Map<string, string>();
  for (const { paper } of papers) {
    const base = exportKey(paper);
    let key = base;
    for (let i = 2; used.has(key.toLowerCase()); i++) key = `${base}_${i}`;
    used.add(key.toLowerCase());
    keys.set(paper.id, key);
  }
  return keys;
}
