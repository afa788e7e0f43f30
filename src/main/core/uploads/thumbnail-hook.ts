/**
 * After an upload: the thumbnail (a video's poster) and the facts are made
 * from the local file the person just sent, so the post grid shows them at once, without downloading the original
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
    // Images and videos (a poster frame, by ffmpeg from the local file); other files have no thumbnail.
    if (row?.kind !== 'image' && row?.kind !== 'video') return;
    thumbnails.fromLocalFile({ profileId, key, etag: row.etag }, localPath, row.kind).catch((error: unknown) => {
      // Not fatal: the grid downloads the original for its thumbnail instead.
      log.warn(`thumbnail from the uploaded file ${key} failed`, error);
    });
  };
}
