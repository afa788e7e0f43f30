-- Acknowledged multipart parts move from a JSON column (rewritten whole on
-- every part) to one row per part. Parts journaled before the upgrade are
-- copied over, so an interrupted upload still resumes from where it was.
CREATE TABLE `upload_parts` (
	`upload_id` integer NOT NULL,
	`part_number` integer NOT NULL,
	`etag` text NOT NULL,
	PRIMARY KEY(`upload_id`, `part_number`),
	FOREIGN KEY (`upload_id`) REFERENCES `uploads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT OR REPLACE INTO `upload_parts` (`upload_id`, `part_number`, `etag`)
	SELECT `uploads`.`id`, json_extract(part.value, '$.PartNumber'), json_extract(part.value, '$.ETag')
	FROM `uploads`, json_each(CASE WHEN json_valid(`uploads`.`parts`) THEN `uploads`.`parts` ELSE '[]' END) AS part
	WHERE json_extract(part.value, '$.PartNumber') IS NOT NULL AND json_extract(part.value, '$.ETag') IS NOT NULL;
--> statement-breakpoint
ALTER TABLE `uploads` DROP COLUMN `parts`;
