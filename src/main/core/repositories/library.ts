/** Read queries for posts and media of the offline index. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { MediaItem, MediaKind, ModelSummary, PostSort, PostSummary } from '../../../shared/domain';
import type { Db } from '../db/database';
import { mediaFacts, models, objects, posts } from '../db/schema';
import { toMediaItem, type MediaRow } from './media-rows';
import { listModels } from './models';

const postOrder = {
  name: [asc(posts.name)],
  size: [desc(posts.bytes), asc(posts.name)],
  newest: [desc(posts.newestAt), asc(posts.name)],
} as const;

export function getModel(db: Db, profileId: string, name: string): ModelSummary | null {
  const exact = listModels(db, profileId, { filter: name }).find((m) => m.name === name);
  return exact ?? null;
}

/** Totals of the profile's index (zero models: never synced, or an empty bucket). */
export function libraryTotals(db: Db, profileId: string): { models: number; media: number; bytes: number } {
  return db
    .select({
      models: sql<number>`count(*)`,
      media: sql<number>`coalesce(sum(${models.mediaCount}), 0)`,
      bytes: sql<number>`coalesce(sum(${models.bytes}), 0)`,
    })
    .from(models)
    .where(eq(models.profileId, profileId))
    .get()!;
}

export function listPosts(
  db: Db,
  profileId: string,
  model: string,
  options: { sort?: PostSort; filter?: string } = {},
): PostSummary[] {
  const filter = options.filter?.trim();
  const base = and(eq(posts.profileId, profileId), eq(posts.model, model));
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
    // instr, not LIKE: the user's text is matched literally.
    .where(filter ? and(base, sql`instr(lower(${posts.name}), lower(${filter})) > 0`) : base)
    .orderBy(...postOrder[options.sort ?? 'name'])
    .all();
}

export const mediaColumns = {
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
  factsId: mediaFacts.objectId,
  width: mediaFacts.width,
  height: mediaFacts.height,
  durationMs: mediaFacts.durationMs,
  takenAt: mediaFacts.takenAt,
  camera: mediaFacts.camera,
  orientation: mediaFacts.orientation,
  codec: mediaFacts.codec,
};

const withFacts = eq(mediaFacts.objectId, objects.id);

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
    .leftJoin(mediaFacts, withFacts)
    .where(and(eq(objects.profileId, profileId), eq(objects.model, model), eq(objects.post, post), eq(objects.role, 'media')))
    .orderBy(asc(objects.relPath))
    .limit(page.limit ?? -1)
    .offset(page.offset ?? 0)
    .all()
    .map((r) => toMediaItem(r as MediaRow));
}

export function getMedia(db: Db, profileId: string, key: string): MediaItem | null {
  const row = db
    .select(mediaColumns)
    .from(objects)
    .leftJoin(mediaFacts, withFacts)
    .where(and(eq(objects.profileId, profileId), eq(objects.key, key), eq(objects.role, 'media')))
    .get();
  return row ? toMediaItem(row as MediaRow) : null;
}
