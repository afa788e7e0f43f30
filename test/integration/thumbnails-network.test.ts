import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSampleImage } from '../../src/main/core/demo/sample-library';
import { getProfile } from '../../src/main/core/repositories/profiles';
import { createS3Client } from '../../src/main/core/s3/client';
import { testCore, type TestCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';

/**
 * Background thumbnails and a connection that drops: the app's core talks to
 * s3rver through a TCP proxy that can vanish (connections reset, new ones
 * refused) and come back on the same port. Thumbnails that failed while the
 * server was unreachable are made once the connection returns, with nobody
 * asking again — even after their one "try again a little later" went by
 * while the server was still gone (what left two tiles without a thumbnail
 * in a loaded e2e run: a timeout reads as offline until the next probe).
 */
describe('background thumbnails when the connection drops and returns', () => {
  const IMAGES = 6;
  let s3: LocalS3;
  let proxy: FaultProxy;
  let core: TestCore;
  let profileId: string;
  const rows = () => core.database.sqlite.prepare('SELECT count(*) FROM thumbnails').pluck().get() as number;

  beforeAll(async () => {
    s3 = await startS3rver('media');
    const client = createS3Client({ ...s3, forcePathStyle: true, rootPrefix: '' });
    for (let i = 0; i < IMAGES; i++) {
      const body = await renderSampleImage({ width: 640, height: 480, hue: i * 50, seed: i + 1, title: `photo ${i}` });
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `alice/2026-01-beach/IMG_${i}.jpg`, Body: body, ContentType: 'image/jpeg' }));
    }
    client.destroy();
    proxy = await startFaultProxy(s3.endpoint, { seed: 1, rates: {} });
    core = testCore({ env: { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey } });
    profileId = insertProfile(core.database, { endpoint: proxy.endpoint, bucket: s3.bucket, accessKeyId: s3.accessKeyId });
    await core.sync.run(getProfile(core.database.db, profileId)!);
  });
  afterAll(async () => {
    core?.cleanup();
    await proxy?.close().catch(() => undefined);
    await s3?.close().catch(() => undefined);
  });

  it('makes every thumbnail that failed offline once the server answers again, without being asked', async () => {
    expect((await core.network.check()).online).toBe(true);
    await proxy.vanish();
    core.thumbnails.prefetch(profileId);
    await expect.poll(() => core.thumbnails.progress().failed, { timeout: 20_000 }).toBe(IMAGES);
    expect(core.network.status().online).toBe(false);
    // Longer than the single later retry: it goes by while the server is still gone.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(rows()).toBe(0);

    await proxy.restore();
    // The monitor's next probe (the renderer asks every 30 s) finds the server again.
    expect((await core.network.check()).online).toBe(true);
    await expect.poll(rows, { timeout: 20_000 }).toBe(IMAGES);
  });
});
