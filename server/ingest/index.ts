export * from './ingest-file.ts';
export * from './parse-note.ts';
export * from './paths.ts';
export * from './types.ts';
