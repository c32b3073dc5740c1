-- Adds a prefix index on 4 characters. Without one, a four-letter prefix typed
-- into the search box ("mode", "inte") merged the posting lists of every word it
-- begins: ~15 ms at 10k notes, against ~3.5 ms read from its own index.
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
	prefix = '2 3 4'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_vocab` USING fts5vocab(`search_fts`, 'row');
