/**
 * Bump when the records parsed from the same bytes change (a new field, a fixed
 * link rule): stored files are then parsed again instead of being skipped as unchanged.
 * A module of its own so the indexer can read it without loading the parsers.
 */
export const PARSER_VERSION = 5;
