/**
 * Puts an uploaded object into the index at once, so it shows in its post
 * without a sync. Kinds come from the same table the sync uses; the row is
 * what the next sync would write, so that sync finds nothing to change.
 */
import { and, eq, sql } from 'drizzle-orm';
import { mediaKindOf } from '../../../shared/media-kind';
import type { Db } from '../db/database';
import { models, objects, posts } from '../db/schema';
import type { VerifiedObject } from './verify';

export interface UploadedMedia {
  profileId: string;
  key: string;
  model: string;
  post: string;
  relPath: string;
  isPublic: boolean;
}

/** Upserts the object row and recomputes only its model's and post's aggregates, in one transaction. */
export function upsertUploaded(db: Db, media: UploadedMedia, object: VerifiedObject): void {
  const name = media.relPath.slice(media.relPath.lastIndexOf('/') + 1);
  const row = {
    profileId: media.profileId,
    key: media.key,
    role: 'media',
    model: media.model,
    post: media.post,
    relPath: media.relPath,
    name,
    kind: mediaKindOf(name),
    size: object.size,
    etag: object.etag,
    lastModified: object.lastModified,
    isPublic: media.isPublic,
  };
  db.transaction((tx) => {
    tx.insert(objects)
      .values(row)
      .onConflictDoUpdate({
        target: [objects.profileId, objects.key],
        set: { role: row.role, model: row.model, post: row.post, relPath: row.relPath, name, kind: row.kind, size: row.size, etag: row.etag, lastModified: row.lastModified, isPublic: row.isPublic },
      })
      .run();
    const inPost = and(eq(objects.profileId, media.profileId), eq(objects.model, media.model), eq(objects.post, media.post), eq(objects.role, 'media'));
    const p = tx
      .select({ count: sql<number>`count(*)`, bytes: sql<number>`coalesce(sum(${objects.size}),0)`, newest: sql<number | null>`max(${objects.lastModified})` })
      .from(objects)
      .where(inPost)
      .get()!;
    const cover = tx
      .select({ key: objects.key })
      .from(objects)
      .where(and(inPost, eq(objects.kind, 'image')))
      .orderBy(objects.name)
      .limit(1)
      .get();
    tx.insert(posts)
      .values({ profileId: media.profileId, model: media.model, name: media.post, mediaCount: p.count, bytes: p.bytes, newestAt: p.newest, coverKey: cover?.key ?? null })
      .onConflictDoUpdate({
        target: [posts.profileId, posts.model, posts.name],
        set: { mediaCount: p.count, bytes: p.bytes, newestAt: p.newest, coverKey: sql`coalesce(${posts.coverKey}, ${cover?.key ?? null})` },
      })
      .run();
    const inModel = and(eq(objects.profileId, media.profileId), eq(objects.model, media.model), eq(objects.role, 'media'));
    const m = tx
      .select({
        count: sql<number>`count(*)`,
        bytes: sql<number>`coalesce(sum(${objects.size}),0)`,
        newest: sql<number | null>`max(${objects.lastModified})`,
        posts: sql<number>`count(distinct ${objects.post})`,
      })
      .from(objects)
      .where(inModel)
      .get()!;
    tx.insert(models)
      .values({ profileId: media.profileId, name: media.model, postCount: m.posts, mediaCount: m.count, bytes: m.bytes, newestAt: m.newest, coverKey: cover?.key ?? null })
      .onConflictDoUpdate({
        target: [models.profileId, models.name],
        set: { postCount: m.posts, mediaCount: m.count, bytes: m.bytes, newestAt: m.newest, coverKey: sql`coalesce(${models.coverKey}, ${cover?.key ?? null})` },
      })
      .run();
  });
}
