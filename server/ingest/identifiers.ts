/**
 * arXiv identifiers and DOIs: normalising them, reading them from URLs, and
 * finding them in prose. Values are canonical so that two notes citing the
 * same paper in different spellings resolve to the same key: arXiv ids lose
 * their version, DOIs are lower-cased (DOIs are case-insensitive), and an
 * arXiv DOI (10.48550/arXiv.*) is reported as the arXiv id it stands for.
 */

export type PaperIdKind = 'arxiv' | 'doi';

export interface PaperIdMatch {
  kind: PaperIdKind;
  value: string;
  start: number;
  end: number;
  /** The arXiv version written in the text (`v3`), if any. */
  version?: number;
}

interface ArxivId {
  id: string;
  version?: number;
}

interface UrlId {
  kind: PaperIdKind;
  value: string;
  version?: number;
}

// The archives that existed before April 2007, when ids looked like
// `hep-th/9901001`; listing them keeps `and/or/9901001` from passing as an id.
const OLD_ARCHIVES = new Set([
  'acc-phys',
  'adap-org',
  'alg-geom',
  'ao-sci',
  'astro-ph',
  'atom-ph',
  'bayes-an',
  'chao-dyn',
  'chem-ph',
  'cmp-lg',
  'comp-gas',
  'cond-mat',
  'cs',
  'dg-ga',
  'funct-an',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math',
  'math-ph',
  'mtrl-th',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'patt-sol',
  'physics',
  'plasm-ph',
  'q-alg',
  'q-bio',
  'quant-ph',
  'solv-int',
  'supr-con',
]);

const NEW_STYLE = /^(\d{2})(\d{2})\.(\d{4,5})(?:v(\d+))?$/i;
const OLD_STYLE = /^([a-z]+(?:-[a-z]+)?)(?:\.([a-z]{2}))?\/(\d{2})(\d{2})(\d{3})(?:v(\d+))?$/i;
const DOI = /^10\.\d{4,9}(?:\.\d+)*\/\S+$/;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/;
const ARXIV_HOSTS = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
const DOI_HOSTS = new Set(['doi.org', 'dx.doi.org', 'www.doi.org']);

function parseArxiv(input: string): ArxivId | null {
  const text = input.trim().replace(/^arxiv:/i, '');
  const fresh = NEW_STYLE.exec(text);
  if (fresh) {
    const [, yy = '', mm = '', number = '', version] = fresh;
    const yymm = Number(yy + mm);
    if (!validMonth(mm)) return null;
    // The scheme began in 0704 with four-digit numbers and went to five in 1501.
    if (number.length === 4 ? yymm < 704 || yymm > 1412 : yymm < 1501) return null;
    return withVersion(`${yy}${mm}.${number}`, version);
  }
  const old = OLD_STYLE.exec(text);
  if (old) {
    const [, archive = '', subject, yy = '', mm = '', number = '', version] = old;
    if (!OLD_ARCHIVES.has(archive.toLowerCase()) || !validMonth(mm)) return null;
    // Old-style ids ran from 1991 to 2007.
    if (Number(yy) > 7 && Number(yy) < 91) return null;
    const prefix = archive.toLowerCase() + (subject ? `.${subject.toUpperCase()}` : '');
    return withVersion(`${prefix}/${yy}${mm}${number}`, version);
  }
  return null;
}

function validMonth(mm: string): boolean {
  const month = Number(mm);
  return month >= 1 && month <= 12;
}

function withVersion(id: string, version: string | undefined): ArxivId {
  return version ? { id, version: Number(version) } : { id };
}

/** The versionless arXiv id (`2401.05566v3` → `2401.05566`), or null when `input` is not one. */
export function normalizeArxiv(input: string): string | null {
  return parseArxiv(input)?.id ?? null;
}

/** A lower-cased bare DOI from a DOI, `doi:` DOI or doi.org URL, or null when `input` is not one. */
export function normalizeDoi(input: string): string | null {
  let text = input.trim();
  if (/^(?:(?:dx|www)\.)?doi\.org\//i.test(text)) text = `https://${text}`;
  if (/^https?:\/\//i.test(text)) {
    // Take the path only, so a query string or fragment is not read as part of the DOI.
    const url = parseUrl(trimTrailing(text));
    if (!url || !DOI_HOSTS.has(url.hostname)) return null;
    text = url.pathname.slice(1);
  } else {
    text = text.replace(/^doi:\s*/i, '');
  }
  const doi = trimTrailing(safeDecode(text)).toLowerCase();
  return DOI.test(doi) ? doi : null;
}

/** The arXiv id behind an arXiv DOI (`10.48550/arXiv.2401.05566` → `2401.05566`), else null. */
export function arxivFromDoi(doi: string): string | null {
  const match = ARXIV_DOI.exec(normalizeDoi(doi) ?? '');
  return match?.[1] ? normalizeArxiv(match[1]) : null;
}

/** The paper an arXiv abs/pdf URL or a doi.org URL points at; null for any other URL. */
export function paperIdFromUrl(url: string): { kind: PaperIdKind; value: string } | null {
  const id = idFromUrl(url);
  return id ? { kind: id.kind, value: id.value } : null;
}

function idFromUrl(raw: string): UrlId | null {
  const url = parseUrl(raw.trim());
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  if (ARXIV_HOSTS.has(url.hostname)) {
    const path = /^\/(?:abs|pdf)\/(.+?)(?:\.pdf)?\/?$/i.exec(safeDecode(url.pathname));
    const arxiv = path?.[1] ? parseArxiv(path[1]) : null;
    if (!arxiv) return null;
    return arxiv.version === undefined ? { kind: 'arxiv', value: arxiv.id } : { kind: 'arxiv', value: arxiv.id, version: arxiv.version };
  }
  if (DOI_HOSTS.has(url.hostname)) {
    const doi = normalizeDoi(url.pathname.slice(1));
    if (!doi) return null;
    const arxiv = arxivFromDoi(doi);
    return arxiv ? { kind: 'arxiv', value: arxiv } : { kind: 'doi', value: doi };
  }
  return null;
}

// Characters that end an identifier token in prose: white space, quotes,
// backticks and table pipes, and square brackets, so `[url](url)` and
// `[10.1/x]` split where Markdown does. URLs also stop at '<' and '>'
// (autolinks), which bare DOIs keep because old SICI DOIs contain them.
const TOKEN = String.raw`[^\s"\x60\[\]|]+`;
const URL_TOKEN = String.raw`[^\s"\x60\[\]|<>]+`;
const ARXIV_ID = String.raw`(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?`;
const NOT_AFTER_WORD = String.raw`(?<![\p{L}\p{N}])`;
// Alternatives in order of preference at one position; the regex finds the
// leftmost candidate, which is then validated.
const CANDIDATE = new RegExp(
  [
    String.raw`(?<url>https?:\/\/${URL_TOKEN})`,
    // Scheme-less `arxiv.org/abs/...` and `doi.org/...`, not `notarxiv.org/...`.
    String.raw`(?<host>(?<![\p{L}\p{N}_.\/-])(?:(?:www\.|export\.)?arxiv\.org|(?:dx\.|www\.)?doi\.org)\/${URL_TOKEN})`,
    // An id runs to the end of its word, so `arXiv:2401.055661` is not cut to a valid id.
    String.raw`(?<arxiv>${NOT_AFTER_WORD}arxiv: ?(?<arxivId>${ARXIV_ID})(?![\p{L}\p{N}]))`,
    String.raw`(?<doi>${NOT_AFTER_WORD}doi: ?(?<doiBody>10\.${TOKEN}))`,
    // `210.1234/x` and `a/10.1234/x` are not DOIs; neither is a DOI inside a longer path.
    String.raw`(?<bare>(?<![\p{L}\p{N}_.\/-])10\.\d{4,9}(?:\.\d+)*\/${TOKEN})`,
  ].join('|'),
  'giu',
);

/**
 * Finds arXiv ids and DOIs in prose: `arXiv:2401.05566v2`, arXiv and doi.org
 * URLs (with or without scheme), `doi:10.1234/x` and bare DOIs. A bare
 * new-style id without `arXiv:` is ignored, because numbers like `2401.05566`
 * are common in prose. Other URLs are skipped whole: a DOI inside a
 * publisher's URL is usually followed by path parts (`.pdf`, `/full`) that
 * cannot be told apart from the DOI.
 */
export function findPaperIds(text: string): PaperIdMatch[] {
  const out: PaperIdMatch[] = [];
  // A fresh copy per call: a global regex carries its position in lastIndex.
  const candidate = new RegExp(CANDIDATE);
  for (let m = candidate.exec(text); m; m = candidate.exec(text)) {
    const groups = m.groups ?? {};
    const start = m.index;
    let found: PaperIdMatch | null = null;
    if (groups.url || groups.host) {
      const token = trimTrailing(m[0]);
      const id = idFromUrl(groups.url ? token : `https://${token}`);
      if (id) found = { ...id, start, end: start + token.length };
      // A URL that names no paper is passed over whole, so nothing inside it is matched.
      candidate.lastIndex = start + m[0].length;
    } else if (groups.arxiv && groups.arxivId) {
      const arxiv = parseArxiv(groups.arxivId);
      if (arxiv) found = { kind: 'arxiv', value: arxiv.id, start, end: start + m[0].length, ...versionOf(arxiv) };
    } else {
      const token = trimTrailing(m[0]);
      const doi = normalizeDoi(token);
      if (doi) {
        const arxiv = arxivFromDoi(doi);
        found = arxiv ? { kind: 'arxiv', value: arxiv, start, end: start + token.length } : { kind: 'doi', value: doi, start, end: start + token.length };
      }
    }
    if (found) {
      out.push(found);
      candidate.lastIndex = found.end;
    } else if (!(groups.url || groups.host)) {
      // Let a later, shorter candidate inside this one have its turn.
      candidate.lastIndex = start + 1;
    }
  }
  return out;
}

function versionOf(arxiv: ArxivId): { version?: number } {
  return arxiv.version === undefined ? {} : { version: arxiv.version };
}

/**
 * Drops punctuation that ends the sentence rather than the identifier:
 * `.,;:!?`, quotes and emphasis marks always, and a closing bracket only
 * when it has no partner inside the token, so `10.1016/0370-2693(93)90235-J`
 * keeps its parentheses but `(see 10.1234/abc).` loses the `).`.
 */
function trimTrailing(token: string): string {
  let end = token.length;
  for (;;) {
    const last = token[end - 1];
    if (last === undefined) break;
    if (`.,;:!?'"*\``.includes(last)) {
      end--;
      continue;
    }
    const open = OPENERS[last];
    if (open && count(token.slice(0, end), last) > count(token.slice(0, end), open)) {
      end--;
      continue;
    }
    break;
  }
  return token.slice(0, end);
}

const OPENERS: Record<string, string> = { ')': '(', ']': '[', '}': '{', '>': '<' };

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
