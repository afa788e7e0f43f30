/**
 * Puts an uploaded object into the index at once, so it shows in its post
 * without a sync. Kinds come from the same table the sync uses and the
 * aggregates from the same statements (db/aggregates.ts); the row is what the
 * next sync would write, so that sync finds nothing to change.
 */
import type Database from 'better-sqlite3';
import { mediaKindOf } from '../../../shared/media-kind';
import { Aggregates } from '../db/aggregates';
import type { VerifiedObject } from './verify-and-index';

export interface UploadedMedia {
  profileId: string;
  key: string;
  model: string;
  post: string;
  relPath: string;
  isPublic: boolean;
}

/** Prepared once per connection: the upload queue calls this for every file. */
export class UploadIndexer {
  private readonly aggregates: Aggregates;
  private readonly upsert;
  private readonly apply;

  constructor(sqlite: Database.Database) {
    this.aggregates = new Aggregates(sqlite, 'uploads');
    this.upsert = sqlite.prepare(
      `INSERT INTO objects (profile_id, key, role, model, post, rel_path, name, kind, size, etag, last_modified, is_public)
       VALUES (@profileId, @key, 'media', @model, @post, @relPath, @name, @kind, @size, @etag, @lastModified, @isPublic)
       ON CONFLICT (profile_id, key) DO UPDATE SET
         role = 'media', model = excluded.model, post = excluded.post, rel_path = excluded.rel_path, name = excluded.name,
         kind = excluded.kind, size = excluded.size, etag = excluded.etag, last_modified = excluded.last_modified, is_public = excluded.is_public`,
    );
    this.apply = sqlite.transaction((media: UploadedMedia, object: VerifiedObject) => {
      const name = media.relPath.slice(media.relPath.lastIndexOf('/') + 1);
      this.upsert.run({
        ...media,
        name,
        kind: mediaKindOf(name),
        size: object.size,
        etag: object.etag,
        lastModified: object.lastModified,
        isPublic: media.isPublic ? 1 : 0,
      });
      this.aggregates.touch(media.model, media.post);
      this.aggregates.recompute(media.profileId);
    });
  }

  /** Upserts the object row and recomputes only its post's and model's aggregates, in one transaction. */
  upsertUploaded(media: UploadedMedia, object: VerifiedObject): void {
    this.apply(media, object);
  }

  dispose(): void {
    this.aggregates.dispose();
  }
}
