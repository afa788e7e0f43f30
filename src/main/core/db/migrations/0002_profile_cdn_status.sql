-- Whether the profile's CDN answered when it was last saved or checked: CDN links only when 'on'.
ALTER TABLE `profiles` ADD `cdn_status` text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE `profiles` ADD `cdn_checked_at` integer;--> statement-breakpoint
-- Endpoints saved with the bucket in front (the Spaces panel's Origin or CDN URL pasted as the endpoint)
-- made the SDK ask BUCKET.BUCKET.REGION…, which fails TLS: keep only the region's API endpoint.
UPDATE `profiles` SET `endpoint` = replace(replace(`endpoint`, '://' || `bucket` || '.', '://'), '.cdn.digitaloceanspaces.com', '.digitaloceanspaces.com')
  WHERE `endpoint` LIKE '%://' || `bucket` || '.%digitaloceanspaces.com%';--> statement-breakpoint
UPDATE `profiles` SET `region` = substr(`endpoint`, instr(`endpoint`, '://') + 3, instr(`endpoint`, '.digitaloceanspaces.com') - instr(`endpoint`, '://') - 3)
  WHERE `endpoint` LIKE '%://%.digitaloceanspaces.com%' AND `region` = 'cdn';
