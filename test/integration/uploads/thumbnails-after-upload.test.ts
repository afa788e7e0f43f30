import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objects, thumbnails } from '../../../src/main/core/db/schema';
import { getProfile } from '../../../src/main/core/repositories/profiles';
import { startS3rver, type LocalS3 } from '../../fixtures/s3rver';
import { tempDir } from '../../fixtures/temp';
import { countRequests, uploadCore, writeRandom } from './setup';

/** The core's onUploaded hook: each uploaded image's thumbnail is rendered from the local file, never downloaded. */
describe('thumbnails right after an upload (real core, s3rver)', () => {
  let server: LocalS3;
  beforeAll(async () => {
    server = await startS3rver('media');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('renders images from the local file, skips videos, and survives an unreadable image', async () => {
    const dir = tempDir();
    const core = uploadCore(server);
    try {
      // Requests the thumbnail service's own S3 client makes (it would download originals).
      const gets = countRequests((await core.clients.get(getProfile(core.database.db, core.profileId)!, 'interactive')).client);
      await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 200, g: 90, b: 40 } } })
        .jpeg()
        .toFile(join(dir.path, 'photo.jpg'));
      writeRandom(dir.path, 'clip.mp4', 64 * 1024);
      await writeFile(join(dir.path, 'broken.jpg'), 'not a jpeg');

      const res = await core.uploads.enqueue({
        profileId: core.profileId,
        target: { model: 'alice', post: 'shoot' },
        paths: ['photo.jpg', 'clip.mp4', 'broken.jpg'].map((n) => join(dir.path, n)),
      });
      if (res.status !== 'queued') throw new Error(`not queued: ${res.status}`);
      expect(await core.uploads.waitForBatch(res.batchId)).toMatchObject({ done: 3, failed: 0 });

      const target = (name: string) => {
        const key = `alice/shoot/${name}`;
        const row = core.database.db.select().from(objects).where(and(eq(objects.profileId, core.profileId), eq(objects.key, key))).get()!;
        return { profileId: core.profileId, key, etag: row.etag };
      };
      // What the grid's /thumb route does: joins the local render if it is still running, else reads the cache.
      const file = await core.thumbnails.ensure(target('photo.jpg'));
      const meta = await sharp(await readFile(file)).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: 400, height: 250 });
      expect(gets.get('GetObjectCommand') ?? 0).toBe(0);

      expect(core.database.db.select().from(thumbnails).where(eq(thumbnails.key, 'alice/shoot/clip.mp4')).get()).toBeUndefined();
      await expect.poll(() => core.log.lines.some((l) => l.includes('thumbnail from the uploaded file alice/shoot/broken.jpg failed'))).toBe(true);
      expect(core.database.db.select().from(thumbnails).where(eq(thumbnails.key, 'alice/shoot/broken.jpg')).get()).toBeUndefined();
    } finally {
      core.cleanup();
      dir.cleanup();
    }
  });
});
