/**
 * The sync pipeline against a real S3 server (s3rver, in-process) and a real
 * SQLite file: odd keys, pagination, changes between syncs, cancel, the
 * deletion guard, and a no-change re-sync that writes nothing. The same
 * tests run through the strict Spaces stand-in, virtual-hosted and with a
 * bucket-scoped key (test/fixtures/store-under-test.ts).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { models, objects, posts, syncRuns } from '../../src/main/core/db/schema';
import { getProfile } from '../../src/main/core/repositories/profiles';
import { searchMedia } from '../../src/main/core/repositories/search';
import type { SyncProgress } from '../../src/shared/sync';
import { deleteKeys, putKeys } from '../fixtures/bucket';
import { insertProfile } from '../fixtures/database';
import { testCore, type TestCore } from '../fixtures/core';
import { startStore, stores, type StoreUnderTest } from '../fixtures/store-under-test';
import { countWrites } from '../fixtures/write-counter';

const ODD_KEYS = [
  'alice/thumb.jpg',
  'alice/profile/icon.png',
  'alice/profile/banner.jpg',
  'alice/profile/press kit.pdf',
  'alice/beach day/IMG 0001.jpg',
  'alice/beach day/IMG 0002.JPG',
  'alice/beach day/raw/deep/nested/clip.mov',
  'alice/a+b=c/100% real #1?.png',
  'alice/🌅 sunset/🌊 wave 🏄.webp',
  'ユキ/夏の写真/海.jpg',
  'ユキ/夏の写真/動画 1.mp4',
  'Ζωή/Αθήνα/φωτο.heic',
  'bob/post one/a.jpg',
  'bob/post one/notes.txt',
  'bob/empty post/',
  'bob/readme.txt',
  'stray-root-file.jpg',
];

describe.each(stores('s3rver', 'spaces(s3rver) virtual-hosted', 'spaces(s3rver) scoped key'))('sync against $kind', ({ kind }) => {
  let store: StoreUnderTest;
  let client: S3Client;
  let core: TestCore;
  let profileId: string;
  let bucket: string;
  let n = 0;

  beforeAll(async () => {
    store = await startStore(kind);
    // Objects are arranged straight on the upstream; the app's sync goes through the store.
    client = store.admin;
  });
  afterAll(async () => {
    store?.checkAppTraffic();
    await store?.close();
  });
  beforeEach(async () => {
    // A fresh bucket per test (a scoped key follows it).
    bucket = `sync-${++n}`;
    await store.useBucket(bucket);
    core = testCore();
    profileId = insertProfile(core.database, { name: `store-${n}`, endpoint: store.endpoint, bucket, pathStyle: store.pathStyleChoice, accessKeyId: store.accessKeyId });
    await core.credentials.set(profileId, store.secretAccessKey);
  });
  afterEach(() => {
    core?.cleanup();
  });

  const profile = () => getProfile(core.database.db, profileId)!;
  const indexedKeys = () =>
    core.database.db
      .select({ key: objects.key })
      .from(objects)
      .where(eq(objects.profileId, profileId))
      .all()
      .map((r) => r.key)
      .sort();

  it('indexes keys with spaces, + % # ?, emoji, non-Latin scripts and nested folders, exactly', async () => {
    await putKeys(client, bucket, ODD_KEYS);
    const result = await core.sync.run(profile());
    expect(indexedKeys()).toEqual([...ODD_KEYS].sort());
    expect(result).toMatchObject({ status: 'completed', objects: ODD_KEYS.length, added: ODD_KEYS.length, removed: 0, unclassified: 2 });

    const { db } = core.database;
    const row = (key: string) => db.select().from(objects).where(and(eq(objects.profileId, profileId), eq(objects.key, key))).get()!;
    expect(row('alice/beach day/raw/deep/nested/clip.mov')).toMatchObject({ role: 'media', model: 'alice', post: 'beach day', relPath: 'raw/deep/nested/clip.mov', kind: 'video' });
    expect(row('alice/a+b=c/100% real #1?.png')).toMatchObject({ role: 'media', post: 'a+b=c', name: '100% real #1?.png' });
    expect(row('alice/profile/icon.png').role).toBe('icon');
    expect(row('bob/empty post/').role).toBe('folder');
    expect(row('stray-root-file.jpg').role).toBe('unclassified');
    expect(row('alice/beach day/IMG 0001.jpg').etag).toMatch(/^[0-9a-f]{32}$/);

    const modelRows = db.select().from(models).where(eq(models.profileId, profileId)).orderBy(models.name).all();
    expect(modelRows.map((m) => m.name)).toEqual(['alice', 'bob', 'Ζωή', 'ユキ'].sort());
    const alice = modelRows.find((m) => m.name === 'alice')!;
    expect(alice).toMatchObject({
      postCount: 3,
      mediaCount: 5,
      iconKey: 'alice/profile/icon.png',
      bannerKey: 'alice/profile/banner.jpg',
      thumbKey: 'alice/thumb.jpg',
    });
    expect(alice.bytes).toBe(['alice/beach day/IMG 0001.jpg', 'alice/beach day/IMG 0002.JPG', 'alice/beach day/raw/deep/nested/clip.mov', 'alice/a+b=c/100% real #1?.png', 'alice/🌅 sunset/🌊 wave 🏄.webp'].reduce((s, k) => s + Buffer.byteLength(k), 0));
    const bobPosts = db.select().from(posts).where(and(eq(posts.profileId, profileId), eq(posts.model, 'bob'))).orderBy(posts.name).all();
    expect(bobPosts.map((p) => [p.name, p.mediaCount])).toEqual([['empty post', 0], ['post one', 2]]);
    expect(bobPosts[1]?.coverKey).toBe('bob/post one/a.jpg');

    // Search: trigram FTS in step with the upserts, short queries, FTS syntax taken literally.
    expect(searchMedia(core.database.sqlite, profileId, 'wave').map((m) => m.key)).toEqual(['alice/🌅 sunset/🌊 wave 🏄.webp']);
    expect(searchMedia(core.database.sqlite, profileId, '海').map((m) => m.key)).toEqual(['ユキ/夏の写真/海.jpg']);
    expect(searchMedia(core.database.sqlite, profileId, '% real #').map((m) => m.key)).toEqual(['alice/a+b=c/100% real #1?.png']);
    expect(searchMedia(core.database.sqlite, profileId, 'IMG" OR "x')).toEqual([]);
    expect(searchMedia(core.database.sqlite, profileId, 'nested')).toEqual([]); // folders are not names
    expect(searchMedia(core.database.sqlite, profileId, 'beach day').length).toBe(3);
    expect(searchMedia(core.database.sqlite, profileId, 'icon')).toEqual([]); // profile media are not media

    const unclassified = core.sync.unclassified(profileId).map((u) => u.key);
    expect(unclassified).toEqual(['bob/readme.txt', 'stray-root-file.jpg']);
    expect(row('alice/profile/press kit.pdf').role).toBe('profile_media');
  });

  it('pages through a listing of many pages (page size 7)', async () => {
    const keys = Array.from({ length: 100 }, (_, i) => `m${i % 4}/p${i % 10}/f${String(i).padStart(3, '0')}.jpg`);
    await putKeys(client, bucket, keys);
    const result = await core.sync.run(profile(), { pageSize: 7 });
    expect(result.pages).toBeGreaterThanOrEqual(15);
    expect(result.objects).toBe(100);
    expect(indexedKeys()).toEqual([...keys].sort());
    expect(result).toMatchObject({ models: 4, posts: 20, media: 100 });
  });

  it('picks up an added, a changed and a deleted object and a renamed model between two syncs', async () => {
    const keep = Array.from({ length: 30 }, (_, i) => `keeper/p${i % 3}/k${i}.jpg`);
    const bob = ['bob/p1/a.jpg', 'bob/p1/b.jpg', 'bob/p2/c.mp4'];
    await putKeys(client, bucket, [...keep, ...bob, 'keeper/p0/change-me.jpg', 'keeper/p1/delete-me.jpg']);
    await core.sync.run(profile());
    const before = core.database.db.select().from(objects).where(and(eq(objects.profileId, profileId), eq(objects.key, 'keeper/p0/change-me.jpg'))).get()!;

    await putKeys(client, bucket, { 'keeper/p0/change-me.jpg': 'new and longer content', 'keeper/p2/new.jpg': 'new' });
    await deleteKeys(client, bucket, ['keeper/p1/delete-me.jpg', ...bob]);
    await putKeys(client, bucket, bob.map((k) => k.replace(/^bob\//, 'robert/')));

    const writes = countWrites(core.database.sqlite);
    const result = await core.sync.run(profile());
    expect(result).toMatchObject({ status: 'completed', added: 4, updated: 1, removed: 4 });
    const after = core.database.db.select().from(objects).where(and(eq(objects.profileId, profileId), eq(objects.key, 'keeper/p0/change-me.jpg'))).get()!;
    expect(after.id).toBe(before.id);
    expect(after.size).toBe('new and longer content'.length);
    expect(after.etag).not.toBe(before.etag);
    const names = core.database.db.select({ name: models.name, media: models.mediaCount }).from(models).where(eq(models.profileId, profileId)).orderBy(models.name).all();
    expect(names).toEqual([{ name: 'keeper', media: 32 }, { name: 'robert', media: 3 }]);
    expect(searchMedia(core.database.sqlite, profileId, 'delete-me')).toEqual([]);
    expect(searchMedia(core.database.sqlite, profileId, 'c.mp4').map((m) => m.key)).toEqual(['robert/p2/c.mp4']);
    // Only what changed was written: 4 inserts + 1 update + 4 deletes of objects, a handful of aggregates.
    expect(writes.read().objects).toBe(9);
    writes.stop();
    // The FTS index is in step with objects: a query matching every media name finds exactly the media rows.
    const media = core.database.db.select({ key: objects.key }).from(objects).where(and(eq(objects.profileId, profileId), eq(objects.role, 'media'))).all();
    expect(searchMedia(core.database.sqlite, profileId, '.jp', 10_000).map((m) => m.key).sort()).toEqual(media.map((m) => m.key).filter((k) => k.includes('.jp')).sort());
    expect(searchMedia(core.database.sqlite, profileId, '.mp4', 10_000).map((m) => m.key)).toEqual(['robert/p2/c.mp4']);
  });

  it('takes the listed date of an object indexed with its upload answer\'s date, without calling it a change', async () => {
    await putKeys(client, bucket, ['alice/p/a.jpg', 'alice/p/b.jpg']);
    await core.sync.run(profile());
    const listed = core.database.sqlite.prepare<[string], { t: number }>('SELECT last_modified AS t FROM objects WHERE key = ?');
    const date = listed.get('alice/p/a.jpg')!.t;
    // As an upload indexes a single PUT: the date of the server's answer, a few seconds after the listed one.
    core.database.sqlite.prepare('UPDATE objects SET last_modified = last_modified + 3000 WHERE key = ?').run('alice/p/a.jpg');
    const result = await core.sync.run(profile());
    expect(result).toMatchObject({ status: 'completed', added: 0, updated: 0, removed: 0 });
    expect(listed.get('alice/p/a.jpg')!.t).toBe(date);
  });

  it('writes no rows to objects, models or posts when nothing changed', async () => {
    await putKeys(client, bucket, ODD_KEYS);
    await core.sync.run(profile());
    const writes = countWrites(core.database.sqlite);
    const result = await core.sync.run(profile());
    expect(result).toMatchObject({ status: 'completed', objects: ODD_KEYS.length, added: 0, updated: 0, removed: 0 });
    expect(writes.read()).toEqual({});
    writes.stop();
  });

  it('a sync cancelled mid-listing removes nothing, and a later sync converges', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `m${i % 3}/p${i % 5}/f${i}.jpg`);
    await putKeys(client, bucket, keys);
    await core.sync.run(profile());
    await deleteKeys(client, bucket, keys.slice(0, 10));
    await putKeys(client, bucket, ['m9/p9/late.jpg']);

    const seen: SyncProgress[] = [];
    const cancelled = core.sync.run(profile(), {
      pageSize: 5,
      onProgress: (p) => {
        seen.push(p);
        if (seen.length === 1) core.sync.cancel(profileId);
      },
    });
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(indexedKeys().length).toBe(60 + (indexedKeys().includes('m9/p9/late.jpg') ? 1 : 0));
    const run = core.database.db.select().from(syncRuns).where(eq(syncRuns.profileId, profileId)).orderBy(syncRuns.id).all().at(-1)!;
    expect(run).toMatchObject({ status: 'cancelled', removed: 0, errorCode: 'CANCELLED' });
    expect(run.objects).toBeLessThan(51);
    expect(core.sync.isRunning(profileId)).toBe(false);

    const result = await core.sync.run(profile(), { pageSize: 5 });
    expect(result).toMatchObject({ status: 'completed', removed: 10 });
    expect(indexedKeys()).toEqual([...keys.slice(10), 'm9/p9/late.jpg'].sort());
  });

  it('an empty listing over a full index removes nothing until confirmed', async () => {
    const keys = Array.from({ length: 12 }, (_, i) => `m${i % 2}/p/f${i}.jpg`);
    await putKeys(client, bucket, keys);
    await core.sync.run(profile());
    await deleteKeys(client, bucket, keys);

    const held = await core.sync.run(profile());
    expect(held).toMatchObject({ status: 'needs_confirmation', objects: 0, removed: 0, pendingRemovals: 12, models: 2, media: 12 });
    expect(indexedKeys()).toEqual([...keys].sort());
    expect(core.sync.status(profileId).lastRun).toMatchObject({ status: 'needs_confirmation', pendingRemovals: 12 });

    const confirmed = await core.sync.run(profile(), { confirmDeletes: true });
    expect(confirmed).toMatchObject({ status: 'completed', removed: 12, models: 0, posts: 0, media: 0 });
    expect(indexedKeys()).toEqual([]);
  });

  it('holds back removals when every key changed (a wholesale rename), measured against the index before the run', async () => {
    const keys = Array.from({ length: 10 }, (_, i) => `old/p/f${i}.jpg`);
    await putKeys(client, bucket, keys);
    await core.sync.run(profile());
    await deleteKeys(client, bucket, keys);
    await putKeys(client, bucket, keys.map((k) => k.replace(/^old\//, 'new/')));
    const held = await core.sync.run(profile());
    expect(held).toMatchObject({ status: 'needs_confirmation', added: 10, removed: 0, pendingRemovals: 10, models: 2 });
    expect(await core.sync.run(profile(), { confirmDeletes: true })).toMatchObject({ status: 'completed', removed: 10, models: 1 });
  });

  it('refuses a second sync of the same profile while one runs', async () => {
    await putKeys(client, bucket, ['a/b/c.jpg']);
    const first = core.sync.run(profile());
    await expect(core.sync.run(profile())).rejects.toMatchObject({ code: 'BUSY' });
    await first;
  });

  it('runs a sync on start-up when the stored schedule says so, and not otherwise', async () => {
    await putKeys(client, bucket, ['a/b/c.jpg']);
    core.syncScheduler.start();
    expect(core.sync.isRunning(profileId)).toBe(false);
    expect(core.syncScheduler.update({ intervalMinutes: 30, onStartup: true })).toEqual({ intervalMinutes: 30, onStartup: true });
    expect(core.sync.isRunning(profileId)).toBe(false); // changing the schedule does not sync by itself
    core.syncScheduler.start();
    expect(core.sync.isRunning(profileId)).toBe(true);
    await expect.poll(() => core.sync.status(profileId).lastRun?.status).toBe('completed');
    expect(indexedKeys()).toEqual(['a/b/c.jpg']);
    core.syncScheduler.stop();
  });

  it('fails with a clear code when the bucket does not exist (a scoped key: when it is not its bucket), and records the run', async () => {
    const missing = insertProfile(core.database, { name: 'missing', endpoint: store.endpoint, bucket: 'no-such-bucket', pathStyle: store.pathStyleChoice, accessKeyId: store.accessKeyId });
    await core.credentials.set(missing, store.secretAccessKey);
    // A bucket-scoped key is refused any other bucket before the store looks for it.
    const code = store.scoped ? 'ACCESS_DENIED' : 'BUCKET_NOT_FOUND';
    await expect(core.sync.run(getProfile(core.database.db, missing)!)).rejects.toMatchObject({ code, message: expect.stringContaining('"no-such-bucket"') });
    expect(core.sync.status(missing).lastRun).toMatchObject({ status: 'failed', errorCode: code });
  });
});
