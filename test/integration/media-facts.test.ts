import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoProfile } from '../../src/main/core/demo/demo-library';
import { profiles } from '../../src/main/core/db/schema';
import { getProfile } from '../../src/main/core/repositories/profiles';
import { createS3Client } from '../../src/main/core/s3/client';
import { testCore, type TestCore } from '../fixtures/core';
import { startLatencyProxy } from '../fixtures/latency-proxy';
import { bodyBytes } from '../fixtures/library-route';
import { makePhoto, makeVideo } from '../fixtures/media-files';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';

/**
 * Issue 17's media facts end to end in the core: real files in a real local
 * S3 server (s3rver), read by the app's own ffprobe/ffmpeg (videos, over a
 * presigned URL with range requests, through a proxy that counts the bytes
 * served) and sharp + exifr (images), stored in a real SQLite index, then
 * sorted, filtered and searched by.
 */
describe('media facts: video posters and facts, image EXIF, sorting, filters, search, duplicates', () => {
  let core: TestCore;
  let s3: LocalS3;
  let proxy: Awaited<ReturnType<typeof startLatencyProxy>>;
  let profileId: string;
  let bytesServed = 0;
  const post = { model: 'alice', post: 'trip' };
  const keys = {
    fade: 'alice/trip/fade-in.mp4',
    heavy: 'alice/trip/heavy.mp4',
    canon: 'alice/trip/canon.jpg',
    phone: 'alice/trip/phone.jpg',
    square: 'alice/trip/square.png',
    tiff: 'alice/trip/scan.tiff',
    copy: 'bob/elsewhere/canon-copy.jpg',
  };
  let heavySize = 0;

  beforeAll(async () => {
    s3 = await startS3rver('media');
    const client = createS3Client({ ...s3, forcePathStyle: true, rootPrefix: '' });
    const put = (Key: string, Body: Buffer) => client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body }));
    const canon = await makePhoto({ width: 600, height: 400, make: 'Canon', model: 'Canon EOS R5', taken: '2021:06:14 10:22:33' });
    const heavy = makeVideo({ seconds: 4, width: 640, height: 360, heavy: true });
    heavySize = heavy.length;
    await put(keys.fade, makeVideo({ seconds: 10, blackSeconds: 2 }));
    await put(keys.heavy, heavy);
    await put(keys.canon, canon);
    await put(keys.copy, canon);
    // Stored landscape, shown portrait (EXIF orientation 6: a quarter turn).
    await put(keys.phone, await makePhoto({ width: 400, height: 300, make: 'Apple', model: 'iPhone 12', taken: '2023:02:01 08:00:00', orientation: 6, hue: 30 }));
    await put(keys.square, await sharp({ create: { width: 256, height: 256, channels: 3, background: '#3366aa' } }).png().toBuffer());
    await put(keys.tiff, await sharp({ create: { width: 300, height: 200, channels: 3, background: '#aa6633' } }).tiff().toBuffer());
    client.destroy();
    // Every byte the server sends goes through this proxy: ffmpeg's range reads are counted.
    proxy = await startLatencyProxy(s3.endpoint, 0);
    core = testCore({ env: { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey } });
    profileId = await ensureDemoProfile(core, proxy.endpoint, { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
    core.database.db.update(profiles).set({ bucket: s3.bucket }).run();
    await core.sync.run(getProfile(core.database.db, profileId)!);
    bytesServed = proxy.bytesOut();
    for (const key of Object.values(keys)) {
      const item = core.library.item(profileId, key);
      if (item) await core.thumbnails.ensure({ profileId, key, etag: item.etag });
    }
  }, 120_000);
  afterAll(async () => {
    core?.cleanup();
    await proxy?.close();
    await s3?.close().catch(() => undefined);
  });

  const item = (key: string) => core.library.item(profileId, key)!;

  it('reads a video’s duration, size and codec, and makes its poster past the black opening', async () => {
    const fade = item(keys.fade);
    expect(fade.facts).toMatchObject({ width: 320, height: 240, codec: 'h264' });
    expect(fade.facts!.durationMs).toBeGreaterThan(9_500);
    expect(fade.facts!.durationMs).toBeLessThan(10_500);
    const poster = await core.serveRoute(`/thumb/${profileId}/${encodeURIComponent(fade.etag)}/${encodeURIComponent(fade.key)}`);
    expect(poster?.status).toBe(200);
    const png = await bodyBytes(poster!.body);
    const { channels } = await sharp(png).stats();
    // The frame at 10 % (1 s) is black; the poster is the test pattern at 25 %.
    expect(channels[0]!.mean + channels[1]!.mean + channels[2]!.mean).toBeGreaterThan(3 * 40);
  });

  it('reads a big video with range requests instead of downloading it', () => {
    const heavy = item(keys.heavy);
    expect(heavy.facts?.durationMs).toBeGreaterThan(3_500);
    expect(heavySize).toBeGreaterThan(8_000_000);
    // Everything served after the sync: both videos' probes and frames, and the (small) images.
    const served = proxy.bytesOut() - bytesServed;
    expect(served).toBeLessThan(heavySize * 0.6);
  });

  it('reads pixel size, date taken, camera and orientation from a JPEG', () => {
    expect(item(keys.canon).facts).toEqual({ width: 600, height: 400, durationMs: null, takenAt: Date.UTC(2021, 5, 14, 10, 22, 33), camera: 'Canon EOS R5', orientation: 1, codec: 'jpeg' });
    // Orientation 6: 400×300 stored, 300×400 shown.
    expect(item(keys.phone).facts).toMatchObject({ width: 300, height: 400, camera: 'Apple iPhone 12', orientation: 6 });
  });

  it('sorts and filters a post by the facts', () => {
    const page = (q: object) => core.library.mediaPage(profileId, { ...post, offset: 0, limit: 50, ...q }).items.map((m) => m.name);
    expect(page({ sort: 'duration' }).slice(0, 2)).toEqual(['fade-in.mp4', 'heavy.mp4']);
    expect(page({ sort: 'duration', reverse: true }).slice(0, 2)).toEqual(['heavy.mp4', 'fade-in.mp4']);
    // 600×400 (240,000 px) before 640×360 (230,400 px).
    expect(page({ sort: 'dimensions' }).slice(0, 2)).toEqual(['canon.jpg', 'heavy.mp4']);
    expect(page({ orientation: 'portrait' })).toEqual(['phone.jpg']);
    expect(page({ orientation: 'square' })).toEqual(['square.png']);
    // Taken in 2021 (EXIF); everything else was uploaded just now.
    expect(page({ from: Date.UTC(2021, 0, 1), to: Date.UTC(2022, 0, 1) })).toEqual(['canon.jpg']);
    expect(page({ sort: 'taken', reverse: true }).slice(0, 2)).toEqual(['canon.jpg', 'phone.jpg']);
    expect(page({ minSize: 1_000_000 })).toEqual(['heavy.mp4']);
  });

  it('finds media by camera, date taken, codec and orientation', () => {
    const names = (q: string) => core.library.search(profileId, q).groups.flatMap((g) => g.items.map((m) => m.name)).sort();
    // "EOS" is in no name: only the camera the EXIF names.
    expect(names('eos')).toEqual(['canon-copy.jpg', 'canon.jpg']);
    expect(names('iphone')).toEqual(['phone.jpg']);
    expect(names('2021-06')).toContain('canon.jpg');
    expect(names('h264')).toEqual(['fade-in.mp4', 'heavy.mp4']);
    expect(names('portrait')).toEqual(['phone.jpg']);
    // Names and facts together: every term must match one or the other.
    expect(names('trip iphone')).toEqual(['phone.jpg']);
  });

  it('converts a TIFF for the viewer', async () => {
    const tiff = item(keys.tiff);
    const res = await core.serveRoute(`/preview/${profileId}/${encodeURIComponent(tiff.etag)}/${encodeURIComponent(tiff.key)}`);
    expect(res?.status).toBe(200);
    expect(res?.headers['content-type']).toBe('image/webp');
    expect(await sharp(await bodyBytes(res!.body)).metadata()).toMatchObject({ format: 'webp', width: 300, height: 200 });
  });

  it('groups duplicates across the library by size and ETag', () => {
    const page = core.library.duplicates(profileId, 0, 10);
    expect(page.totalGroups).toBe(1);
    expect(page.groups[0]!.copies.map((c) => c.key)).toEqual([keys.canon, keys.copy]);
    expect(page.extraCopies).toBe(1);
    expect(page.extraBytes).toBe(page.groups[0]!.size);
  });

  it('forgets a changed object’s facts', async () => {
    expect(item(keys.square).facts).not.toBeNull();
    expect(core.library.search(profileId, '256x256').count).toBe(1);
    core.database.sqlite.prepare('UPDATE objects SET etag = ? WHERE profile_id = ? AND key = ?').run('changed', profileId, keys.square);
    expect(item(keys.square).facts).toBeNull();
    // …and search by its old facts no longer finds it.
    expect(core.library.search(profileId, '256x256').count).toBe(0);
  });

  it('keeps thumbnails and facts in files the store can read back', async () => {
    const canon = item(keys.canon);
    const file = await core.thumbnails.cached({ profileId, key: canon.key, etag: canon.etag });
    expect(file).not.toBeNull();
    expect((await sharp(await readFile(file!)).metadata()).format).toBe('webp');
  });
});
