CREATE TABLE `media_facts` (
	`object_id` integer PRIMARY KEY NOT NULL,
	`etag` text NOT NULL,
	`width` integer,
	`height` integer,
	`duration_ms` integer,
	`taken_at` integer,
	`camera` text,
	`orientation` integer,
	`codec` text,
	`search_text` text DEFAULT '' NOT NULL,
	`read_at` integer NOT NULL,
	FOREIGN KEY (`object_id`) REFERENCES `objects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_thumbnails` (
	`profile_id` text NOT NULL,
	`key` text NOT NULL,
	`etag` text NOT NULL,
	`variant` text DEFAULT '' NOT NULL,
	`file` text NOT NULL,
	`bytes` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	PRIMARY KEY(`profile_id`, `key`, `etag`, `variant`),
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_thumbnails`("profile_id", "key", "etag", "variant", "file", "bytes", "last_used_at") SELECT "profile_id", "key", "etag", '', "file", "bytes", "last_used_at" FROM `thumbnails`;--> statement-breakpoint
DROP TABLE `thumbnails`;--> statement-breakpoint
ALTER TABLE `__new_thumbnails` RENAME TO `thumbnails`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `thumbnails_lru` ON `thumbnails` (`last_used_at`);--> statement-breakpoint
CREATE INDEX `objects_profile_size_etag` ON `objects` (`profile_id`,`size`,`etag`);--> statement-breakpoint
-- A changed object (new ETag) forgets what was read from its old content; it is read again with its new thumbnail.
CREATE TRIGGER `objects_facts_stale` AFTER UPDATE OF etag ON `objects` WHEN old.etag IS NOT new.etag BEGIN
  DELETE FROM media_facts WHERE object_id = new.id;
END;
--> statement-breakpoint
-- Search now matches the media facts too (camera, date taken, size in pixels, orientation, codec): media_fts is
-- rebuilt with a `facts` column. Contentless with deletes (SQLite ≥ 3.43): each row is replaced whole from
-- objects + media_facts by the triggers below, so no trigger has to repeat the old values exactly.
DROP TRIGGER IF EXISTS `objects_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `objects_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `objects_fts_update`;
--> statement-breakpoint
DROP TABLE IF EXISTS `media_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `media_fts` USING fts5(name, model, post, facts, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
INSERT INTO media_fts(rowid, name, model, post, facts)
  SELECT o.id, o.name, o.model, o.post, f.search_text FROM objects o LEFT JOIN media_facts f ON f.object_id = o.id WHERE o.role = 'media';
--> statement-breakpoint
CREATE TRIGGER `objects_fts_insert` AFTER INSERT ON `objects` WHEN new.role = 'media' BEGIN
  INSERT INTO media_fts(rowid, name, model, post, facts)
    VALUES (new.id, new.name, new.model, new.post, (SELECT search_text FROM media_facts WHERE object_id = new.id));
END;
--> statement-breakpoint
CREATE TRIGGER `objects_fts_delete` AFTER DELETE ON `objects` WHEN old.role = 'media' BEGIN
  DELETE FROM media_fts WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `objects_fts_update` AFTER UPDATE OF name, model, post, role ON `objects` BEGIN
  DELETE FROM media_fts WHERE rowid = old.id;
  INSERT INTO media_fts(rowid, name, model, post, facts)
    SELECT new.id, new.name, new.model, new.post, (SELECT search_text FROM media_facts WHERE object_id = new.id) WHERE new.role = 'media';
END;
--> statement-breakpoint
CREATE TRIGGER `media_facts_fts_insert` AFTER INSERT ON `media_facts` BEGIN
  DELETE FROM media_fts WHERE rowid = new.object_id;
  INSERT INTO media_fts(rowid, name, model, post, facts)
    SELECT o.id, o.name, o.model, o.post, new.search_text FROM objects o WHERE o.id = new.object_id AND o.role = 'media';
END;
--> statement-breakpoint
CREATE TRIGGER `media_facts_fts_update` AFTER UPDATE OF search_text ON `media_facts` BEGIN
  DELETE FROM media_fts WHERE rowid = new.object_id;
  INSERT INTO media_fts(rowid, name, model, post, facts)
    SELECT o.id, o.name, o.model, o.post, new.search_text FROM objects o WHERE o.id = new.object_id AND o.role = 'media';
END;
--> statement-breakpoint
CREATE TRIGGER `media_facts_fts_delete` AFTER DELETE ON `media_facts` BEGIN
  DELETE FROM media_fts WHERE rowid = old.object_id;
  INSERT INTO media_fts(rowid, name, model, post, facts)
    SELECT o.id, o.name, o.model, o.post, NULL FROM objects o WHERE o.id = old.object_id AND o.role = 'media';
END;
