import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CoreOptions } from '../../../src/main/core/core';
import type { DownloadTuning } from '../../../src/main/core/downloads/service';
import { testCore, type TestCore } from '../../fixtures/core';
import { insertProfile } from '../../fixtures/database';
import type { StoreUnderTest } from '../../fixtures/store-under-test';

export const MiB = 1024 * 1024;

/** A real core whose active profile is the store's (keys from SPACES_KEY/SPACES_SECRET), with small chunks so files have several. */
export function downloadCore(
  store: StoreUnderTest,
  downloads: DownloadTuning = {},
  /** `reopen`: the data directory and profile of an earlier core (a restart over the same index). */
  reopen?: { dataDir: string; profileId: string },
): TestCore & { profileId: string } {
  const options: Partial<CoreOptions> = reopen ? { dataDir: reopen.dataDir, dbPath: join(reopen.dataDir, 'library.db') } : {};
  const core = testCore({
    env: { SPACES_KEY: store.accessKeyId, SPACES_SECRET: store.secretAccessKey },
    downloads: { chunkSize: 1 * MiB, progressIntervalMs: 20, ...downloads },
    uploads: { partSize: 5 * MiB, progressIntervalMs: 20 },
    ...options,
  });
  const profileId = reopen?.profileId ?? insertProfile(core.database, { endpoint: store.endpoint, bucket: store.bucket, pathStyle: store.pathStyleChoice, accessKeyId: store.accessKeyId });
  return Object.assign(core, { profileId });
}

/** The first bytes of an MP4 (an ftyp box): the originals route sniffs a video's bytes before serving them. */
const MP4_SIGNATURE = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');

/** Puts random bytes at `key` (single PUT, so its ETag is their MD5) and returns them; a video/mp4 starts as an MP4 does. */
export async function putRandom(admin: S3Client, bucket: string, key: string, size: number, contentType = 'application/octet-stream'): Promise<Buffer> {
  const body = randomBytes(size);
  if (contentType === 'video/mp4') MP4_SIGNATURE.copy(body, 0);
  await admin.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  return body;
}
