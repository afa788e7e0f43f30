/**
 * Promise: files uploaded while a sync runs stay in the index. The upload
 * indexes each object at once; a sync whose listing began before the object
 * existed does not see it, and its sweep (which removes what the listing did
 * not see) must not take the uploaded row with it. Checked against the
 * server's own listing after both finish, with a latency proxy making the
 * sync long enough for the uploads to land in the middle of it.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '../../src/main/core/repositories/profiles';
import { seededRandom } from '../../src/shared/seeded-random';
import { testCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { startLatencyProxy } from '../fixtures/latency-proxy';
import { benchKeys } from '../fixtures/library-layout';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { tempDir } from '../fixtures/temp';
import { recordFigures } from './support/figures';
import { indexListing, listingDiff, serverListing } from './support/index-check';
import { writeFileSet } from './support/local-files';
import { runSeed, scaled } from './support/scale';

const OBJECTS = scaled(5_000, 1_500);
const seed = runSeed();

describe(`uploads while a sync runs (${OBJECTS} objects, seed ${seed})`, () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startS3rver('media', { objects: benchKeys(OBJECTS) });
  });
  afterAll(async () => {
    await s3?.close();
  });

  it('keeps every uploaded object in the index, whichever finishes first', async () => {
    const proxy = await startLatencyProxy(s3.endpoint, 30);
    const dir = tempDir('upload-during-sync-');
    const core = testCore({ env: { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey }, sync: { pageSize: 100, concurrency: 1 } });
    try {
      const profileId = insertProfile(core.database, { endpoint: proxy.endpoint, bucket: s3.bucket, pathStyle: 'path', accessKeyId: s3.accessKeyId });
      const profile = getProfile(core.database.db, profileId)!;
      await core.sync.run(profile);
      const files = writeFileSet(join(dir.path, 'drop'), 20, 0, seededRandom(seed));
      // The second sync lists slowly (30 ms a page, one range); the uploads land while it runs.
      let uploading: Promise<unknown> | undefined;
      const syncing = core.sync.run(profile, {
        onProgress: (p) => {
          if (p.pages >= 2 && !uploading) {
            uploading = core.uploads
              .enqueue({ profileId, target: { model: 'during', post: 'sync' }, paths: [join(dir.path, 'drop')], keepFolderName: false })
              .then((r): Promise<unknown> => (r.status === 'queued' ? core.uploads.waitForBatch(r.batchId) : Promise.reject(new Error('unexpected decision'))));
          }
        },
      });
      await syncing;
      await uploading;
      const expected = await serverListing(s3);
      expect(expected.size).toBe(OBJECTS + files.length);
      // An uploaded object is indexed with the date of the server's answer (a PUT's answer has no
      // Last-Modified; reading it back would cost a request per file): it can be a second after the
      // date the server lists when the PUT straddled a second. Everything else is exact at once.
      expect(listingDiff(expected, indexListing(core.database.sqlite, profileId), 10, 1_000)).toEqual([]);
      // The next sync takes the listed dates quietly (not "changed"): exact.
      expect(await core.sync.run(profile)).toMatchObject({ status: 'completed', added: 0, updated: 0, removed: 0 });
      expect(listingDiff(expected, indexListing(core.database.sqlite, profileId))).toEqual([]);
      recordFigures('upload-during-sync', { seed, objects: OBJECTS, uploadedDuringSync: files.length, failures: 0 });
    } finally {
      core.cleanup();
      await proxy.close();
      dir.cleanup();
    }
  });
});
