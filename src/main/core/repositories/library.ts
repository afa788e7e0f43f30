/** Read queries for posts and media of the offline index. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { MediaItem, MediaKind, PostSummary } from '../../../shared/domain';
import type { Db } from '../db/database';
import { objects, posts } from '../db/schema';

export function listPosts(db: Db, profileId: string, model: string): PostSummary[] {
  return db
    .select({
      id: posts.id,
      model: posts.model,
      name: posts.name,
      mediaCount: posts.mediaCount,
      bytes: posts.bytes,
      newestAt: posts.newestAt,
      coverKey: posts.coverKey,
    })
    .from(posts)
    .where(and(eq(posts.profileId, profileId), eq(posts.model, model)))
    .orderBy(asc(posts.name))
    .all();
}

const mediaColumns = {
  id: objects.id,
  key: objects.key,
  model: sql<string>`${objects.model}`,
  post: sql<string>`${objects.post}`,
  relPath: sql<string>`${objects.relPath}`,
  name: objects.name,
  kind: sql<MediaKind>`${objects.kind}`,
  size: objects.size,
  etag: objects.etag,
  lastModified: objects.lastModified,
  isPublic: objects.isPublic,
};

export function listMedia(
  db: Db,
  profileId: string,
  model: string,
  post: string,
  page: { limit?: number; offset?: number } = {},
): MediaItem[] {
  return db
    .select(mediaColumns)
    .from(objects)
    .where(and(eq(objects.profileId, profileId), eq(objects.model, model), eq(objects.post, post), eq(objects.role, 'media')))
    .orderBy(asc(objects.relPath))
    .limit(page.limit ?? -1)
    .offset(page.offset ?? 0)
    .all();
}
