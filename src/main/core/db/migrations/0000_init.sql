CREATE TABLE `models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`profile_id` text NOT NULL,
	`name` text NOT NULL,
	`post_count` integer DEFAULT 0 NOT NULL,
	`media_count` integer DEFAULT 0 NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`newest_at` integer,
	`cover_key` text,
	`icon_key` text,
	`banner_key` text,
	`thumb_key` text,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_profile_name` ON `models` (`profile_id`,`name`);--> statement-breakpoint
CREATE TABLE `objects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`profile_id` text NOT NULL,
	`key` text NOT NULL,
	`role` text NOT NULL,
	`model` text,
	`post` text,
	`rel_path` text,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`size` integer NOT NULL,
	`etag` text NOT NULL,
	`last_modified` integer NOT NULL,
	`is_public` integer,
	`seen_run` integer,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `objects_profile_key` ON `objects` (`profile_id`,`key`);--> statement-breakpoint
CREATE INDEX `objects_profile_model_post_name` ON `objects` (`profile_id`,`model`,`post`,`name`);--> statement-breakpoint
CREATE INDEX `objects_profile_seen` ON `objects` (`profile_id`,`seen_run`);--> statement-breakpoint
CREATE TABLE `posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`profile_id` text NOT NULL,
	`model` text NOT NULL,
	`name` text NOT NULL,
	`media_count` integer DEFAULT 0 NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`newest_at` integer,
	`cover_key` text,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `posts_profile_model_name` ON `posts` (`profile_id`,`model`,`name`);--> statement-breakpoint
CREATE TABLE `profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`endpoint` text NOT NULL,
	`region` text NOT NULL,
	`bucket` text NOT NULL,
	`root_prefix` text DEFAULT '' NOT NULL,
	`path_style` text DEFAULT 'auto' NOT NULL,
	`cdn_mode` text DEFAULT 'auto' NOT NULL,
	`cdn_domain` text,
	`default_acl` text DEFAULT 'private' NOT NULL,
	`cache_control` text,
	`access_key_id` text NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `profiles_name_unique` ON `profiles` (`name`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shared_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`profile_id` text NOT NULL,
	`key` text NOT NULL,
	`url` text NOT NULL,
	`kind` text NOT NULL,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `shared_links_created` ON `shared_links` (`created_at`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`profile_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`status` text NOT NULL,
	`objects` integer DEFAULT 0 NOT NULL,
	`pages` integer DEFAULT 0 NOT NULL,
	`added` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`removed` integer DEFAULT 0 NOT NULL,
	`unclassified` integer DEFAULT 0 NOT NULL,
	`pending_removals` integer DEFAULT 0 NOT NULL,
	`error_code` text,
	`error_message` text,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sync_runs_profile_started` ON `sync_runs` (`profile_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `thumbnails` (
	`profile_id` text NOT NULL,
	`key` text NOT NULL,
	`etag` text NOT NULL,
	`file` text NOT NULL,
	`bytes` integer NOT NULL,
	`last_used_at` integer NOT NULL,
	PRIMARY KEY(`profile_id`, `key`, `etag`),
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `thumbnails_lru` ON `thumbnails` (`last_used_at`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`profile_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`local_path` text NOT NULL,
	`key` text NOT NULL,
	`size` integer NOT NULL,
	`mtime_ms` integer NOT NULL,
	`content_type` text NOT NULL,
	`acl` text NOT NULL,
	`cache_control` text,
	`state` text NOT NULL,
	`bytes_done` integer DEFAULT 0 NOT NULL,
	`upload_id` text,
	`part_size` integer,
	`parts` text DEFAULT '[]' NOT NULL,
	`etag` text,
	`error_code` text,
	`error_message` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `uploads_state` ON `uploads` (`state`);--> statement-breakpoint
CREATE INDEX `uploads_batch` ON `uploads` (`batch_id`);