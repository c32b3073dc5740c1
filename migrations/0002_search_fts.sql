-- Full-text index for search. Column order matters: bm25() weights and
-- snippet() take columns by position (see server/search/fts.ts).
-- Folding: unicode61 lower-cases and strips diacritics; '-' and '_' separate
-- tokens, so hyphenated and snake_case words are findable by their parts.
CREATE VIRTUAL TABLE `search_fts` USING fts5(
	title, aliases, authors, tags, headings, ids, parts, body,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
--> statement-breakpoint
-- The index's vocabulary with document counts: suggestions and spelling correction.
CREATE VIRTUAL TABLE `search_vocab` USING fts5vocab(`search_fts`, 'row');
