import { PutObjectCommand } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoProfile } from '../../src/main/core/demo/demo-library';
import { renderSampleImage } from '../../src/main/core/demo/sample-library';
import { objects, profiles } from '../../src/main/core/db/schema';
import { getProfile } from '../../src/main/core/repositories/profiles';
import type { ThumbTarget } from '../../src/main/core/thumbnails/store';
import { ftsQuery, searchLibrary } from '../../src/main/core/repositories/search';
import { createS3Client } from '../../src/main/core/s3/client';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { testCore, type TestCore } from '../fixtures/core';
import { bodyBytes } from '../fixtures/library-route';

/**
 * The library's core over a real SQLite file and a real local S3 server
 * (s3rver). The index is filled by the demo's TEMPORARY listing step until
 * the sync service lands.
 */
describe('library core: paging, search, thumbnails, originals, network state', () => {
  let core: TestCore;
  let s3: LocalS3;
  let profileId: string;
  const keys = {
    beach: 'alice/2026-01-beach/IMG_0001_beach "sunset" #1.jpg',
    big: 'alice/2026-01-beach/IMG_0002_wide.png',
    video: 'alice/2026-01-beach/clip.mp4',
    notes: 'alice/2026-01-beach/notes.txt',
    other: 'bob/studio/IMG_0003_portrait.jpg',
    icon: 'alice/profile/icon.jpg',
  };

  const getMediaEtag = (key: string) => core.database.db.select({ etag: objects.etag }).from(objects).where(eq(objects.key, key)).get()!.etag;

  const reindex = async () => {
    await core.sync.run(getProfile(core.database.db, profileId)!);
  };

  beforeAll(async () => {
    s3 = await startS3rver('media');
    core = testCore({ env: { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey } });
    const client = createS3Client({ ...s3, forcePathStyle: true, rootPrefix: '' });
    const image = (hue: number, w = 640, h = 480) => renderSampleImage({ width: w, height: h, hue, seed: hue, title: 'test' });
    const put = async (Key: string, Body: Buffer | string, ContentType: string) =>
      client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body, ContentType }));
    await put(keys.beach, await image(10), 'image/jpeg');
    await put(keys.big, await sharp(await image(200, 1600, 1200)).png().toBuffer(), 'image/png');
    await put(keys.video, 'not really a video', 'video/mp4');
    await put(keys.notes, 'hello', 'text/plain');
    await put(keys.other, await image(90), 'image/jpeg');
    await put(keys.icon, await image(300, 256, 256), 'image/jpeg');
    client.destroy();
    profileId = await ensureDemoProfile(core, s3.endpoint, { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
    core.database.db.update(profiles).set({ bucket: s3.bucket }).run();
    await reindex();
  });
  afterAll(async () => {
    core?.cleanup();
    await s3?.close().catch(() => undefined);
  });

  it('pages a post over a stable ordering, filters by kind and locates a key', () => {
    const all = core.library.mediaPage(profileId, { model: 'alice', post: '2026-01-beach', offset: 0, limit: 2 });
    expect(all.total).toBe(4);
    expect(all.items.map((m) => m.name)).toEqual(['IMG_0001_beach "sunset" #1.jpg', 'IMG_0002_wide.png']);
    const rest = core.library.mediaPage(profileId, { model: 'alice', post: '2026-01-beach', offset: 2, limit: 2 });
    expect(rest.items.map((m) => m.name)).toEqual(['clip.mp4', 'notes.txt']);
    const bySize = core.library.mediaPage(profileId, { model: 'alice', post: '2026-01-beach', sort: 'size', offset: 0, limit: 10 });
    expect(bySize.items.map((m) => m.size)).toEqual([...bySize.items.map((m) => m.size)].sort((a, b) => b - a));
    const videos = core.library.mediaPage(profileId, { model: 'alice', post: '2026-01-beach', kind: 'video', offset: 0, limit: 10 });
    expect(videos.items.map((m) => m.key)).toEqual([keys.video]);
    const located = core.library.mediaPage(profileId, { model: 'alice', post: '2026-01-beach', offset: 0, limit: 1, locate: keys.notes });
    expect(located.located).toBe(3);
  });

  it('serves the opening pages from the name index, the same items the snapshot gives', async () => {
    const query = { model: 'alice', post: '2026-01-beach', offset: 1, limit: 2 };
    core.bus.emit('library:changed', { profileId });
    const fast = core.library.mediaPage(profileId, query);
    await new Promise((resolve) => setImmediate(resolve)); // the snapshot is built right after
    const viaSnapshot = core.library.mediaPage(profileId, { ...query, locate: keys.beach });
    expect(viaSnapshot.located).toBe(0);
    expect(fast.items).toEqual(viaSnapshot.items);
    expect(fast.total).toBe(viaSnapshot.total);
  });

  it('drops its ordering snapshots when the library changes', async () => {
    const query = { model: 'alice', post: '2026-01-beach', sort: 'size' as const, offset: 0, limit: 10 };
    const before = core.library.mediaPage(profileId, query).total;
    core.database.db.delete(objects).where(eq(objects.key, keys.notes)).run();
    core.bus.emit('library:changed', { profileId });
    expect(core.library.mediaPage(profileId, query).total).toBe(before - 1);
    await reindex();
  });

  it('searches any part of file, post and model names, grouped, with hostile characters taken literally', () => {
    const hit = searchLibrary(core.database.sqlite, profileId, 'unse');
    expect(hit.groups).toEqual([{ model: 'alice', post: '2026-01-beach', items: [expect.objectContaining({ key: keys.beach })] }]);
    expect(searchLibrary(core.database.sqlite, profileId, '"sunset" #1').count).toBe(1);
    expect(searchLibrary(core.database.sqlite, profileId, 'studio').groups[0]).toMatchObject({ model: 'bob', post: 'studio' });
    expect(searchLibrary(core.database.sqlite, profileId, 'alice').models).toEqual([{ name: 'alice', mediaCount: 4 }]);
    expect(searchLibrary(core.database.sqlite, profileId, 'IMG_000').count).toBe(3);
    expect(searchLibrary(core.database.sqlite, profileId, 'IMG_000', 2)).toMatchObject({ count: 2, more: true });
    // Two characters cannot match a trigram index: no query, no error.
    expect(ftsQuery('ab')).toBeNull();
    expect(searchLibrary(core.database.sqlite, profileId, 'ab').count).toBe(0);
    expect(searchLibrary(core.database.sqlite, 'someone-else', 'IMG').count).toBe(0);
  });

  it('generates a small WebP thumbnail once, serves it from the cache, and keys it by ETag', async () => {
    const item = core.library.mediaPage(profileId, { model: 'alice', post: '2026-01-beach', kind: 'image', offset: 0, limit: 10 }).items[1]!;
    expect(item.key).toBe(keys.big);
    const path = `/thumb/${encodeURIComponent(profileId)}/${encodeURIComponent(item.etag)}/${encodeURIComponent(item.key)}`;
    const res = await core.serveRoute(path);
    expect(res).toMatchObject({ status: 200, headers: { 'content-type': 'image/webp' } });
    expect(res!.body.kind).toBe('file');
    const webp = await bodyBytes(res!.body);
    const meta = await sharp(webp).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width!, meta.height!)).toBe(400);
    expect(webp.length).toBeLessThan(30_000);
    const file = await core.thumbnails.cached({ profileId, key: item.key, etag: item.etag });
    expect(file && existsSync(file)).toBe(true);
    // Another version of the object is another thumbnail.
    expect(await core.thumbnails.cached({ profileId, key: item.key, etag: 'other-etag' })).toBeNull();
    // The current-version form resolves the ETag from the index.
    const current = await core.serveRoute(`/thumb/${profileId}/-/${encodeURIComponent(keys.icon)}`);
    expect(current?.status).toBe(200);
    // Not an image, not in the index, not a library path.
    expect((await core.serveRoute(`/thumb/${profileId}/x/${encodeURIComponent(keys.video)}`))?.status).toBe(404);
    expect((await core.serveRoute(`/thumb/${profileId}/x/${encodeURIComponent('alice/nope.jpg')}`))?.status).toBe(404);
    expect((await core.serveRoute(`/thumb/${profileId}/x/%E0%A4%A`))?.status).toBe(404);
    expect(await core.serveRoute('/index.html')).toBeUndefined();
  });

  it('prefetches in the background with progress, and evicts least-recently-used past the cap', async () => {
    await core.thumbnails.clear();
    const rows = () => core.database.sqlite.prepare('SELECT count(*) FROM thumbnails').pluck().get();
    // A model's page: its icon and its posts' covers (queued after this call returns); media whose
    // facts were never read may join (the video: "not really a video" gives no poster, so no row).
    core.thumbnails.prefetch(profileId, { model: 'alice' });
    const settled = () => {
      const p = core.thumbnails.progress();
      return p.total > 0 && p.done === p.total;
    };
    await expect.poll(() => settled() && rows() === 2, { timeout: 30_000 }).toBe(true);
    expect(await core.thumbnails.cached({ profileId, key: keys.icon, etag: getMediaEtag(keys.icon) })).not.toBeNull();
    // The whole library: the rest (three images + the icon in all; no video, no text file).
    core.thumbnails.prefetch(profileId);
    await expect.poll(rows, { timeout: 30_000 }).toBe(4);
    await expect.poll(settled).toBe(true);
    const full = core.thumbnails.progress().cacheBytes;
    expect(full).toBeGreaterThan(0);
    await core.thumbnails.setCacheLimit(Math.floor(full / 2));
    expect(core.thumbnails.progress().cacheBytes).toBeLessThanOrEqual(Math.floor(full / 2) * 0.9);
    await core.thumbnails.setCacheLimit(512 * 1024 * 1024);

    // Uses are marked in one write later, not one per tile: each commit makes the library reader
    // thread (another connection: data_version) drop its orderings of big posts while scrolling.
    const other = new Database(core.database.path, { readonly: true });
    try {
      core.database.sqlite.prepare('UPDATE thumbnails SET last_used_at = 1').run();
      const version = () => other.pragma('data_version', { simple: true });
      const before = version();
      const kept = core.database.sqlite.prepare('SELECT profile_id AS profileId, key, etag, variant FROM thumbnails').all() as ThumbTarget[];
      expect(kept.length).toBeGreaterThan(0);
      for (const target of kept) expect(core.thumbnails.store.lookup({ ...target, variant: target.variant || undefined })).not.toBeNull();
      expect(version()).toBe(before);
      core.thumbnails.store.flushTouches();
      expect(version()).not.toBe(before);
      expect(core.database.sqlite.prepare('SELECT min(last_used_at) FROM thumbnails').pluck().get()).toBeGreaterThan(1);
    } finally {
      other.close();
    }
    const cleared = await core.thumbnails.clear();
    expect(cleared.cacheBytes).toBe(0);
  });

  it('presigns a viewer URL that streams the original, and serves originals on /original', async () => {
    const { url } = await core.viewer.originalUrl(keys.video);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('not really a video');
    const item = core.library.mediaPage(profileId, { model: 'bob', post: 'studio', offset: 0, limit: 1 }).items[0]!;
    const original = await core.serveRoute(`/original/${profileId}/${item.etag}/${encodeURIComponent(item.key)}`);
    expect(original).toMatchObject({ status: 200, headers: { 'content-type': 'image/jpeg' } });
    expect(original!.body.kind).toBe('stream');
    expect((await bodyBytes(original!.body)).length).toBe(item.size);
    await expect(core.viewer.originalUrl('alice/nope.mp4')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('knows when the server stops answering; cached thumbnails still serve, new ones fail fast', async () => {
    expect((await core.network.check()).online).toBe(true);
    const item = core.library.mediaPage(profileId, { model: 'bob', post: 'studio', offset: 0, limit: 1 }).items[0]!;
    const path = `/thumb/${profileId}/${item.etag}/${encodeURIComponent(item.key)}`;
    expect((await core.serveRoute(path))?.status).toBe(200);
    const seen: unknown[] = [];
    const off = core.bus.subscribe((event, payload) => event === 'network:changed' && seen.push(payload));
    await s3.close();
    const status = await core.network.check();
    off();
    expect(status).toMatchObject({ online: false, message: expect.stringContaining('Offline') });
    expect(seen).toEqual([expect.objectContaining({ online: false })]);
    expect((await core.serveRoute(path))?.status).toBe(200);
    const beach = core.library.mediaPage(profileId, { model: 'alice', post: '2026-01-beach', offset: 0, limit: 1 }).items[0]!;
    expect((await core.serveRoute(`/thumb/${profileId}/${beach.etag}/${encodeURIComponent(beach.key)}`))?.status).toBe(404);
    expect((await core.serveRoute(`/original/${profileId}/${item.etag}/${encodeURIComponent(item.key)}`))?.status).toBe(503);
    await expect(core.viewer.originalUrl(keys.video)).rejects.toMatchObject({ code: 'NETWORK' });
  });
});
