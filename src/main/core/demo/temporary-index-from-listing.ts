/**
 * TEMPORARY — stands in for the sync pipeline (issue 4) until it lands:
 * lists the whole bucket once and rewrites the profile's index (objects,
 * models, posts; FTS follows by trigger) in one transaction. No
 * mark-and-sweep safety, no incremental diff: used only by the demo and the
 * library's tests. The lead replaces its callers with the real sync at merge.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { eq } from 'drizzle-orm';
import type { MediaKind, ObjectRole } from '../../../shared/domain';
import type { IndexDatabase } from '../db/database';
import { models, objects, posts } from '../db/schema';

const IMAGE = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'avif', 'heic', 'heif', 'bmp', 'tiff']);
const VIDEO = new Set(['mp4', 'mov', 'webm', 'm4v', 'mkv', 'avi', 'wmv', 'flv']);

function kindOf(name: string): MediaKind {
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return IMAGE.has(ext) ? 'image' : VIDEO.has(ext) ? 'video' : 'other';
}

/** Minimal layout classification (docs: key layout); the sync's parser is the real one. */
function classify(rel: string): { role: ObjectRole; model: string | null; post: string | null; relPath: string | null; name: string; kind: MediaKind } {
  const parts = rel.split('/');
  const name = parts.at(-1) || rel;
  const kind = kindOf(name);
  if (rel.endsWith('/')) return { role: 'folder', model: parts[0] ?? null, post: null, relPath: null, name: rel, kind: 'other' };
  if (parts.length === 2 && kind === 'image') return { role: 'model_thumb', model: parts[0]!, post: null, relPath: null, name, kind };
  if (parts.length >= 3 && parts[1] === 'profile') {
    const base = name.replace(/\.[^.]*$/, '').toLowerCase();
    const role: ObjectRole = base === 'icon' ? 'icon' : base === 'banner' ? 'banner' : 'profile_media';
    return { role, model: parts[0]!, post: null, relPath: parts.slice(2).join('/'), name, kind };
  }
  if (parts.length >= 3) return { role: 'media', model: parts[0]!, post: parts[1]!, relPath: parts.slice(2).join('/'), name, kind };
  return { role: 'unclassified', model: null, post: null, relPath: null, name, kind };
}

export async function temporaryIndexFromListing(
  database: IndexDatabase,
  profileId: string,
  client: S3Client,
  bucket: string,
  rootPrefix = '',
): Promise<{ objects: number; media: number }> {
  const listed: { Key: string; Size: number; ETag: string; LastModified: Date }[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: rootPrefix || undefined, ContinuationToken: token }));
    for (const o of page.Contents ?? []) listed.push({ Key: o.Key!, Size: o.Size ?? 0, ETag: o.ETag ?? '', LastModified: o.LastModified ?? new Date(0) });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);

  const { db } = database;
  let media = 0;
  db.transaction((tx) => {
    tx.delete(objects).where(eq(objects.profileId, profileId)).run();
    tx.delete(posts).where(eq(posts.profileId, profileId)).run();
    tx.delete(models).where(eq(models.profileId, profileId)).run();
    const modelAgg = new Map<string, typeof models.$inferInsert>();
    const postAgg = new Map<string, typeof posts.$inferInsert>();
    const modelPosts = new Map<string, Set<string>>();
    for (const o of listed) {
      const c = classify(o.Key.slice(rootPrefix.length));
      const lastModified = o.LastModified.getTime();
      tx.insert(objects)
        .values({ profileId, key: o.Key, ...c, size: o.Size, etag: o.ETag.replaceAll('"', ''), lastModified })
        .run();
      if (!c.model) continue;
      let m = modelAgg.get(c.model);
      if (!m) modelAgg.set(c.model, (m = { profileId, name: c.model, postCount: 0, mediaCount: 0, bytes: 0, newestAt: null }));
      if (c.role === 'icon') m.iconKey = o.Key;
      if (c.role === 'banner') m.bannerKey = o.Key;
      if (c.role === 'model_thumb') m.thumbKey = o.Key;
      if (c.role !== 'media' || !c.post) continue;
      media += 1;
      m.mediaCount! += 1;
      m.bytes! += o.Size;
      m.newestAt = Math.max(m.newestAt ?? 0, lastModified);
      if (!m.coverKey && c.kind === 'image') m.coverKey = o.Key;
      const postId = `${c.model}/${c.post}`;
      let p = postAgg.get(postId);
      if (!p) postAgg.set(postId, (p = { profileId, model: c.model, name: c.post, mediaCount: 0, bytes: 0, newestAt: null }));
      p.mediaCount! += 1;
      p.bytes! += o.Size;
      p.newestAt = Math.max(p.newestAt ?? 0, lastModified);
      if (!p.coverKey && c.kind === 'image') p.coverKey = o.Key;
      (modelPosts.get(c.model) ?? modelPosts.set(c.model, new Set()).get(c.model)!).add(c.post);
    }
    for (const m of modelAgg.values()) tx.insert(models).values({ ...m, postCount: modelPosts.get(m.name)?.size ?? 0 }).run();
    for (const p of postAgg.values()) tx.insert(posts).values(p).run();
  });
  return { objects: listed.length, media };
}
