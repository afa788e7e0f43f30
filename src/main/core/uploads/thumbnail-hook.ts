/**
 * After an upload: the thumbnail is made from the local file the person just
 * sent, so the post grid shows it at once, without downloading the original
 * again (and without a sync — the upload already indexed the object).
 */
import { and, eq } from 'drizzle-orm';
import type { IndexDatabase } from '../db/database';
import { objects } from '../db/schema';
import type { Logger } from '../logger';
import type { ThumbnailService } from '../thumbnails/service';
import type { UploadTuning } from './tuning';

export function thumbnailsAfterUpload(database: IndexDatabase, thumbnails: ThumbnailService, log: Logger): NonNullable<UploadTuning['onUploaded']> {
  return ({ profileId, key, localPath }) => {
    const row = database.db
      .select({ kind: objects.kind, etag: objects.etag })
      .from(objects)
      .where(and(eq(objects.profileId, profileId), eq(objects.key, key)))
      .get();
    // Videos have no poster frame without a decoder; other files have no thumbnail.
    if (row?.kind !== 'image') return;
    thumbnails.fromLocalFile({ profileId, key, etag: row.etag }, localPath).catch((error: unknown) => {
      // Not fatal: the grid downloads the original for its thumbnail instead.
      log.warn(`thumbnail from the uploaded file ${key} failed`, error);
    });
  };
}
