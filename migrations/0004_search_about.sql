-- Adds `about`: what a note is about without being its own name (for a
-- replication log, the paper it replicates), weighted below the note's own fields.
-- The search index is rebuilt from the notes at the next start.
DROP TABLE `search_vocab`;
--> statement-breakpoint
DROP TABLE `search_fts`;
--> statement-breakpoint
DELETE FROM `search_docs`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts` USING fts5(
	title, aliases, authors, tags, headings, ids, about, parts, body,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_vocab` USING fts5vocab(`search_fts`, 'row');
