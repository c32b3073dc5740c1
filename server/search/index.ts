export * from './engine.ts';
export type { Facets } from './facets.ts';
export { MAX_QUERY_LENGTH, SearchQueryError } from './query.ts';
