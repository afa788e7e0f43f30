/**
 * What the organise suites share: a real core whose active profile points at
 * a store under test, the bucket arranged straight on the upstream, and the
 * index as a comparable snapshot — the app's after an operation against one
 * a fresh core builds by syncing the same bucket.
 */
import { GetObjectAclCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type ObjectCannedACL } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { CoreOptions } from '../../../src/main/core/core';
import { getProfile, type ProfileRow } from '../../../src/main/core/repositories/profiles';
import { grantsArePublic } from '../../../src/main/core/links/acl';
import { testCore, type TestCore } from '../../fixtures/core';
import { insertProfile } from '../../fixtures/database';
import type { StoreUnderTest } from '../../fixtures/store-under-test';

export type OrganiseCore = TestCore & { profile(): ProfileRow };

/** A real core over a temp data directory, its active profile on `store`'s bucket (keys from the environment). */
export function organiseCore(store: StoreUnderTest, options: Partial<CoreOptions> = {}, dbPath?: string): OrganiseCore {
  const core = testCore({
    env: { SPACES_KEY: store.accessKeyId, SPACES_SECRET: store.secretAccessKey },
    organise: { holdMs: 300, ...options.organise },
    ...options,
    ...(dbPath ? { dbPath } : {}),
  });
  const id = insertProfile(core.database, { endpoint: store.endpoint, bucket: store.bucket, pathStyle: store.pathStyleChoice, accessKeyId: store.accessKeyId });
  return Object.assign(core, { profile: () => getProfile(core.database.db, id)! });
}

export interface Arranged {
  body?: string | Buffer;
  contentType?: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
  acl?: ObjectCannedACL;
}

/** Puts objects straight on the upstream (not through the app). */
export async function arrange(store: StoreUnderTest, objects: Record<string, Arranged>): Promise<void> {
  await Promise.all(
    Object.entries(objects).map(([Key, o]) =>
      store.admin.send(
        new PutObjectCommand({
          Bucket: store.bucket,
          Key,
          Body: o.body ?? `bytes of ${Key}`,
          ContentType: o.contentType,
          CacheControl: o.cacheControl,
          Metadata: o.metadata,
          ACL: o.acl,
        }),
      ),
    ),
  );
}

export async function bucketKeys(store: StoreUnderTest): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await store.admin.send(new ListObjectsV2Command({ Bucket: store.bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** An object's bytes (as an MD5), type, caching, user metadata. */
export async function facts(store: StoreUnderTest, key: string) {
  const got = await store.admin.send(new GetObjectCommand({ Bucket: store.bucket, Key: key }));
  const bytes = Buffer.from(await got.Body!.transformToByteArray());
  const head = await store.admin.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key }));
  return {
    md5: createHash('md5').update(bytes).digest('hex'),
    size: bytes.length,
    contentType: head.ContentType,
    cacheControl: head.CacheControl,
    metadata: head.Metadata ?? {},
  };
}

export async function isPublic(store: StoreUnderTest, key: string): Promise<boolean> {
  const acl = await store.admin.send(new GetObjectAclCommand({ Bucket: store.bucket, Key: key }));
  return grantsArePublic(acl.Grants);
}

/** The index of one profile as the sync would write it: objects (layout and facts), posts and models with their aggregates, and search. */
export function snapshot(core: TestCore, profileId: string) {
  const { sqlite } = core.database;
  const objects = sqlite
    .prepare(
      `SELECT key, role, model, post, rel_path, name, kind, size, etag, last_modified FROM objects WHERE profile_id = ? ORDER BY key`,
    )
    .all(profileId);
  const posts = sqlite.prepare(`SELECT model, name, media_count, bytes, newest_at, cover_key FROM posts WHERE profile_id = ? ORDER BY model, name`).all(profileId);
  const models = sqlite
    .prepare(`SELECT name, post_count, media_count, bytes, newest_at, cover_key, icon_key, banner_key, thumb_key FROM models WHERE profile_id = ? ORDER BY name`)
    .all(profileId);
  // Every media name found by search, as the FTS index has it (in step with the rows, or not).
  const searchable = sqlite
    .prepare(
      `SELECT o.key FROM media_fts f JOIN objects o ON o.id = f.rowid WHERE o.profile_id = ? AND media_fts MATCH '"' || replace(substr(o.name, 1, 3), '"', '""') || '"' ORDER BY o.key`,
    )
    .all(profileId);
  return { objects, posts, models, searchable };
}

/** What a fresh index built by syncing the same bucket holds. */
export async function freshSnapshot(store: StoreUnderTest) {
  const fresh = organiseCore(store);
  try {
    await fresh.sync.run(fresh.profile());
    return snapshot(fresh, fresh.profile().id);
  } finally {
    fresh.cleanup();
  }
}

/**
 * The FTS5 index is internally sound (SQLite's own check; not against the
 * content table, which also holds the non-media rows the triggers leave out).
 * Whether it agrees with the rows is what `snapshot().searchable` compares.
 */
export function ftsIntact(core: TestCore): void {
  core.database.sqlite.prepare(`INSERT INTO media_fts(media_fts) VALUES ('integrity-check')`).run();
}
