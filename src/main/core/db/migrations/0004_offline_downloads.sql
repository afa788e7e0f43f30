CREATE TABLE `download_chunks` (
	`download_id` integer NOT NULL,
	`chunk` integer NOT NULL,
	PRIMARY KEY(`download_id`, `chunk`),
	FOREIGN KEY (`download_id`) REFERENCES `downloads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `downloads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`profile_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`purpose` text NOT NULL,
	`key` text NOT NULL,
	`etag` text NOT NULL,
	`size` integer NOT NULL,
	`last_modified` integer NOT NULL,
	`dest` text NOT NULL,
	`temp` text NOT NULL,
	`chunk_size` integer NOT NULL,
	`state` text NOT NULL,
	`bytes_done` integer DEFAULT 0 NOT NULL,
	`verified` text,
	`error_code` text,
	`error_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `downloads_state` ON `downloads` (`state`);--> statement-breakpoint
CREATE INDEX `downloads_batch` ON `downloads` (`batch_id`);--> statement-breakpoint
CREATE INDEX `downloads_dest` ON `downloads` (`dest`);--> statement-breakpoint
CREATE TABLE `offline_files` (
	`profile_id` text NOT NULL,
	`etag` text NOT NULL,
	`size` integer NOT NULL,
	`file` text NOT NULL,
	`verified` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`profile_id`, `etag`, `size`),
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `offline_pins` (
	`profile_id` text NOT NULL,
	`model` text NOT NULL,
	`post` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`profile_id`, `model`, `post`),
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
