CREATE TABLE `search_docs` (
	`rowid` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`note_path` text,
	`paper_id` text,
	`hash` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_docs_note` ON `search_docs` (`note_path`);--> statement-breakpoint
CREATE INDEX `search_docs_paper` ON `search_docs` (`paper_id`);