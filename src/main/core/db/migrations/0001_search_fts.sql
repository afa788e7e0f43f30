-- Full-text search over media file, post and model names. External-content
-- FTS5 over `objects` (media rows only), kept in step by triggers so every
-- upsert and delete of the sync and uploads updates it in the same transaction.
-- The trigram tokenizer matches any part of a name ("beach" in "IMG_beach_02.jpg").
CREATE VIRTUAL TABLE `media_fts` USING fts5(name, model, post, content='objects', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `objects_fts_insert` AFTER INSERT ON `objects` WHEN new.role = 'media' BEGIN
  INSERT INTO media_fts(rowid, name, model, post) VALUES (new.id, new.name, new.model, new.post);
END;
--> statement-breakpoint
CREATE TRIGGER `objects_fts_delete` AFTER DELETE ON `objects` WHEN old.role = 'media' BEGIN
  INSERT INTO media_fts(media_fts, rowid, name, model, post) VALUES ('delete', old.id, old.name, old.model, old.post);
END;
--> statement-breakpoint
CREATE TRIGGER `objects_fts_update` AFTER UPDATE OF name, model, post, role ON `objects` BEGIN
  INSERT INTO media_fts(media_fts, rowid, name, model, post) SELECT 'delete', old.id, old.name, old.model, old.post WHERE old.role = 'media';
  INSERT INTO media_fts(rowid, name, model, post) SELECT new.id, new.name, new.model, new.post WHERE new.role = 'media';
END;
