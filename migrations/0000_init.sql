CREATE TABLE `bib_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_path` text NOT NULL,
	`citekey` text NOT NULL,
	`entry_type` text NOT NULL,
	`line` integer NOT NULL,
	`title` text,
	`authors` text NOT NULL,
	`year` integer,
	`venue` text,
	`arxiv` text,
	`doi` text,
	`url` text,
	`fields` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `bib_entries_source` ON `bib_entries` (`source_path`);--> statement-breakpoint
CREATE INDEX `bib_entries_citekey` ON `bib_entries` (`citekey`);--> statement-breakpoint
CREATE TABLE `citations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_path` text NOT NULL,
	`key` text NOT NULL,
	`mode` text NOT NULL,
	`suppress_author` integer NOT NULL,
	`prefix` text,
	`locator` text,
	`line` integer NOT NULL,
	`context` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `citations_source` ON `citations` (`source_path`);--> statement-breakpoint
CREATE INDEX `citations_key` ON `citations` (`key`);--> statement-breakpoint
CREATE TABLE `claims` (
	`note_path` text NOT NULL,
	`position` integer NOT NULL,
	`claim_id` text NOT NULL,
	`text` text NOT NULL,
	`metric` text,
	`paper` text,
	`ours` text,
	`verdict` text,
	PRIMARY KEY(`note_path`, `position`)
);
--> statement-breakpoint
CREATE TABLE `files` (
	`path` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`hash` text NOT NULL,
	`size` integer NOT NULL,
	`mtime_ms` real NOT NULL,
	`indexed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `identifier_refs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_path` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`line` integer NOT NULL,
	`context` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `identifier_refs_source` ON `identifier_refs` (`source_path`);--> statement-breakpoint
CREATE INDEX `identifier_refs_value` ON `identifier_refs` (`kind`,`value`);--> statement-breakpoint
CREATE TABLE `links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_path` text NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`target_key` text,
	`alt_key` text,
	`match` text,
	`anchor` text,
	`label` text,
	`line` integer NOT NULL,
	`context` text NOT NULL,
	`target_path` text
);
--> statement-breakpoint
CREATE INDEX `links_source` ON `links` (`source_path`);--> statement-breakpoint
CREATE INDEX `links_target_key` ON `links` (`target_key`);--> statement-breakpoint
CREATE INDEX `links_target_path` ON `links` (`target_path`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch()) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `note_keys` (
	`key` text NOT NULL,
	`path` text NOT NULL,
	`priority` integer NOT NULL,
	PRIMARY KEY(`key`, `path`, `priority`)
);
--> statement-breakpoint
CREATE INDEX `note_keys_path` ON `note_keys` (`path`);--> statement-breakpoint
CREATE TABLE `notes` (
	`path` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`title_source` text NOT NULL,
	`aliases` text NOT NULL,
	`tags` text NOT NULL,
	`created` text,
	`updated` text,
	`draft` integer NOT NULL,
	`private` integer NOT NULL,
	`publish` integer NOT NULL,
	`unlisted` integer NOT NULL,
	`front_matter` text NOT NULL,
	`reading_status` text,
	`rating` integer,
	`headings` text NOT NULL,
	`body` text NOT NULL,
	`body_line` integer NOT NULL,
	`plain_text` text NOT NULL,
	`word_count` integer NOT NULL,
	`mtime_ms` real NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notes_slug` ON `notes` (`slug`);--> statement-breakpoint
CREATE INDEX `notes_type` ON `notes` (`type`);--> statement-breakpoint
CREATE TABLE `paper_ids` (
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`paper_id` text NOT NULL,
	PRIMARY KEY(`kind`, `value`)
);
--> statement-breakpoint
CREATE INDEX `paper_ids_paper` ON `paper_ids` (`paper_id`);--> statement-breakpoint
CREATE TABLE `paper_notes` (
	`note_path` text PRIMARY KEY NOT NULL,
	`citekey` text,
	`title` text,
	`authors` text NOT NULL,
	`year` integer,
	`venue` text,
	`arxiv` text,
	`doi` text,
	`url` text
);
--> statement-breakpoint
CREATE INDEX `paper_notes_citekey` ON `paper_notes` (`citekey`);--> statement-breakpoint
CREATE TABLE `papers` (
	`id` text PRIMARY KEY NOT NULL,
	`citekey` text,
	`title` text,
	`authors` text NOT NULL,
	`year` integer,
	`venue` text,
	`arxiv` text,
	`doi` text,
	`url` text,
	`note_path` text,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `papers_note` ON `papers` (`note_path`);--> statement-breakpoint
CREATE TABLE `problems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`path` text NOT NULL,
	`line` integer NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`origin` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `problems_path` ON `problems` (`path`);--> statement-breakpoint
CREATE TABLE `replications` (
	`note_path` text PRIMARY KEY NOT NULL,
	`replicates` text,
	`target_kind` text,
	`target_value` text,
	`status` text,
	`verdict` text,
	`code` text,
	`commit` text,
	`compute` text
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`note_path` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`note_path`, `tag`)
);
--> statement-breakpoint
CREATE INDEX `tags_tag` ON `tags` (`tag`);