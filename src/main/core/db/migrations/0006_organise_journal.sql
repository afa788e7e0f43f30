CREATE TABLE `organise_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`profile_id` text NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`state` text NOT NULL,
	`pid` integer NOT NULL,
	`undo_of` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`profile_id`) REFERENCES `profiles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `organise_batches_state` ON `organise_batches` (`state`);--> statement-breakpoint
CREATE TABLE `organise_steps` (
	`batch_id` text NOT NULL,
	`seq` integer NOT NULL,
	`op` text NOT NULL,
	`src` text NOT NULL,
	`dst` text,
	`size` integer NOT NULL,
	`state` text NOT NULL,
	`etag` text,
	`last_modified` integer,
	`is_public` integer,
	`error_code` text,
	`error_message` text,
	PRIMARY KEY(`batch_id`, `seq`),
	FOREIGN KEY (`batch_id`) REFERENCES `organise_batches`(`id`) ON UPDATE no action ON DELETE cascade
);
