import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getProfile } from '../../../src/main/core/repositories/profiles';
import { bodyBytes } from '../../fixtures/library-route';
import { stores, type StoreUnderTest } from '../../fixtures/store-under-test';
import { storeForSuite } from '../../fixtures/suite-store';
import { tempDir } from '../../fixtures/temp';
import { downloadCore, MiB, putRandom } from './setup';

/**
 * "Keep offline" against a real S3 server (and through the strict Spaces
 * stand-in): a pinned post's originals land in the store verified against
 * their ETags, follow the bucket on the next sync, and are what the
 * originals route serves — also with the server gone.
 */
describe.each(stores('s3rver', 'moto', 'spaces(s3rver) virtual-hosted'))('keep offline against $kind', ({ kind, skip }) => {
  let store: StoreUnderTest;
  storeForSuite(kind, skip, (started) => (store = started));

  it.skipIf(skip)('a pinned post is complete on disk with verified bytes; changes, removals and additions follow the next sync; unpin frees it', async () => {
    const core = downloadCore(store);
    const { bucket, admin } = store;
    const source = tempDir('offline-src-');
    try {
      const photo = await putRandom(admin, bucket, 'alice/beach/IMG 1 #.jpg', 300 * 1024, 'image/jpeg');
      const big = await putRandom(admin, bucket, 'alice/beach/clips/day one.mp4', 5 * MiB + 123, 'video/mp4');
      const gone = await putRandom(admin, bucket, 'alice/beach/IMG 2.jpg', 64 * 1024, 'image/jpeg');
      await putRandom(admin, bucket, 'alice/city/IMG 9.jpg', 1024, 'image/jpeg');
      // Uploaded by the app in 5 MiB parts: a multipart ETag (s3rver writes it without its "-N").
      const multipart = Buffer.alloc(11 * MiB, 7);
      multipart.write('multipart original', 0);
      writeFileSync(join(source.path, 'long take.mov'), multipart);
      const profile = getProfile(core.database.db, core.profileId)!;
      await core.sync.run(profile);
      const upload = await core.uploads.enqueue({ profileId: core.profileId, target: { model: 'alice', post: 'beach' }, paths: [join(source.path, 'long take.mov')], conflict: 'overwrite' });
      if (upload.status !== 'queued') throw new Error('upload needed a decision');
      await core.uploads.waitForBatch(upload.batchId);

      const pinned = await core.offline.pin(core.profileId, { model: 'alice', post: 'beach' });
      expect(pinned).toMatchObject({ model: 'alice', post: 'beach', files: 4 });
      await core.offline.settled(core.profileId);
      const originals: Record<string, Buffer> = {
        'alice/beach/IMG 1 #.jpg': photo,
        'alice/beach/clips/day one.mp4': big,
        'alice/beach/IMG 2.jpg': gone,
        'alice/beach/long take.mov': multipart,
      };
      for (const [key, bytes] of Object.entries(originals)) {
        const local = await core.offline.localFile(core.profileId, key);
        expect(local, key).not.toBeNull();
        expect(readFileSync(local!.path).equals(bytes), key).toBe(true);
      }
      // The other post of the model is not kept.
      expect(await core.offline.localFile(core.profileId, 'alice/city/IMG 9.jpg')).toBeNull();
      const verified = core.database.sqlite.prepare('SELECT verified, size FROM offline_files ORDER BY size').all() as { verified: string; size: number }[];
      expect(verified).toEqual([
        { verified: 'md5', size: 64 * 1024 },
        { verified: 'md5', size: 300 * 1024 },
        { verified: 'md5', size: 5 * MiB + 123 },
        // moto keeps S3's multipart ETag (md5 of the part md5s, "-3"): recomputed from the file's 5 MiB parts, not just its size.
        // s3rver gives multipart objects their whole MD5.
        { verified: store.upstream === 'moto' ? 'parts' : 'md5', size: 11 * MiB },
      ]);
      const [pin] = core.offline.pins(core.profileId);
      expect(pin).toMatchObject({ state: 'done', files: 4, filesDone: 4, bytes: pin!.bytesDone });
      const oldBigPath = (await core.offline.localFile(core.profileId, 'alice/beach/clips/day one.mp4'))!.path;
      const gonePath = (await core.offline.localFile(core.profileId, 'alice/beach/IMG 2.jpg'))!.path;

      // The bucket changes: one object rewritten, one deleted, one added. The next sync brings the store in step.
      const changed = await putRandom(admin, bucket, 'alice/beach/clips/day one.mp4', 3 * MiB + 5, 'video/mp4');
      await admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'alice/beach/IMG 2.jpg' }));
      const added = await putRandom(admin, bucket, 'alice/beach/IMG 3.jpg', 200 * 1024, 'image/jpeg');
      await core.sync.run(profile);
      await expect.poll(async () => (await core.offline.localFile(core.profileId, 'alice/beach/IMG 3.jpg')) !== null, { timeout: 30_000 }).toBe(true);
      await core.offline.settled(core.profileId);
      expect(readFileSync((await core.offline.localFile(core.profileId, 'alice/beach/clips/day one.mp4'))!.path).equals(changed)).toBe(true);
      expect(readFileSync((await core.offline.localFile(core.profileId, 'alice/beach/IMG 3.jpg'))!.path).equals(added)).toBe(true);
      expect(existsSync(oldBigPath)).toBe(false);
      expect(existsSync(gonePath)).toBe(false);
      expect(core.offline.pins(core.profileId)[0]).toMatchObject({ state: 'done', files: 4, filesDone: 4 });
      const usage = core.offline.usage(core.profileId);
      expect(usage.usedBytes).toBe(photo.length + changed.length + added.length + multipart.length);

      // The viewer's route serves the pinned original from disk, whole or by range (the video player scrubbing).
      const etag = core.database.sqlite.prepare('SELECT etag FROM objects WHERE key = ?').pluck().get('alice/beach/clips/day one.mp4') as string;
      const path = `/original/${encodeURIComponent(core.profileId)}/${encodeURIComponent(etag)}/${encodeURIComponent('alice/beach/clips/day one.mp4')}`;
      const ranged = await core.serveRoute(path, { range: 'bytes=1048576-1049599' });
      expect(ranged).toMatchObject({ status: 206, headers: { 'content-type': 'video/mp4', 'content-range': `bytes 1048576-1049599/${changed.length}`, 'content-length': '1024' } });
      expect((await bodyBytes(ranged!.body)).equals(changed.subarray(1048576, 1049600))).toBe(true);
      const whole = await core.serveRoute(path);
      expect(whole).toMatchObject({ status: 200, headers: { 'accept-ranges': 'bytes' } });
      expect((await bodyBytes(whole!.body)).equals(changed)).toBe(true);
      expect((await core.serveRoute(path, { range: `bytes=${changed.length}-` }))?.status).toBe(416);

      // Unpinning frees the space.
      const { freedBytes } = await core.offline.unpin(core.profileId, { model: 'alice', post: 'beach' });
      expect(freedBytes).toBe(usage.usedBytes);
      expect(core.offline.usage(core.profileId)).toMatchObject({ usedBytes: 0, pins: [] });
      expect(existsSync(join(core.offline.dir, core.profileId))).toBe(true);
      expect(core.database.sqlite.prepare('SELECT count(*) FROM offline_files').pluck().get()).toBe(0);
    } finally {
      core.cleanup();
      source.cleanup();
    }
  });

  it.skipIf(skip)('a pin whose downloads are cancelled says so, keeps what it has, fetches nothing on the next sync, and resumes when pinned again', async () => {
    // One file at a time, cancelled by the person once its first chunk is in: nothing of the post is complete yet.
    let cancelling: Promise<void> | undefined;
    const core = downloadCore(store, {
      filesAtOnce: 1,
      onChunkJournaled: () => {
        cancelling ??= core.offline.cancelDownloads();
      },
    });
    try {
      const originals = new Map<string, Buffer>();
      for (const name of ['a.mp4', 'b.mp4', 'c.mp4']) originals.set(`carol/trip/${name}`, await putRandom(store.admin, store.bucket, `carol/trip/${name}`, 3 * MiB, 'video/mp4'));
      const profile = getProfile(core.database.db, core.profileId)!;
      await core.sync.run(profile);
      await core.offline.pin(core.profileId, { model: 'carol', post: 'trip' });
      await expect.poll(() => cancelling !== undefined, { timeout: 30_000 }).toBe(true);
      await cancelling;
      const [cancelled] = core.offline.pins(core.profileId);
      expect(cancelled).toMatchObject({ state: 'cancelled', files: 3 });
      expect(cancelled!.filesDone).toBeLessThan(3);

      // A sync (and the reconcile after it) fetches nothing for it.
      await core.sync.run(profile);
      await core.offline.reconcile(core.profileId);
      expect(core.downloads.active('offline')).toEqual([]);
      expect(core.offline.pins(core.profileId)[0]).toMatchObject({ state: 'cancelled', filesDone: cancelled!.filesDone });

      // Kept offline again: the rest is fetched, verified.
      const again = await core.offline.pin(core.profileId, { model: 'carol', post: 'trip' });
      expect(again.state).not.toBe('cancelled');
      await core.offline.settled(core.profileId);
      expect(core.offline.pins(core.profileId)[0]).toMatchObject({ state: 'done', files: 3, filesDone: 3 });
      for (const [key, bytes] of originals) expect(readFileSync((await core.offline.localFile(core.profileId, key))!.path).equals(bytes), key).toBe(true);
    } finally {
      core.cleanup();
    }
  });

  it.skipIf(skip)('refuses a pin that would not fit under the limit, and says what to do', async () => {
    const core = downloadCore(store);
    try {
      await putRandom(store.admin, store.bucket, 'bob/huge/clip.mp4', 2 * MiB, 'video/mp4');
      await core.sync.run(getProfile(core.database.db, core.profileId)!);
      await core.offline.setLimit(1 * MiB);
      await expect(core.offline.pin(core.profileId, { model: 'bob', post: null })).rejects.toMatchObject({ code: 'STORAGE_LIMIT', message: expect.stringContaining('Settings › Offline storage') });
      expect(core.offline.pins(core.profileId)).toEqual([]);
      await expect(core.offline.pin(core.profileId, { model: 'nobody', post: null })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      core.cleanup();
    }
  });
});
