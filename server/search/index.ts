export * from './engine.ts';
export { MAX_QUERY_LENGTH, SearchQueryError } from './query.ts';
