/**
 * Promises: a sync through a network that resets connections mid-body and
 * answers 503 SlowDown (5 % of requests each) converges to exactly the
 * bucket's contents, round after round as the bucket changes; a sync cut
 * off by the server vanishing removes nothing, leaves every row as it was
 * or as the server has it (pages commit whole), records and says why, and
 * the next sync converges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/core/errors';
import { getProfile } from '../../src/main/core/repositories/profiles';
import { seededRandom } from '../../src/shared/seeded-random';
import { testCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { FAULT_KINDS, startFaultProxy, type FaultKind } from '../fixtures/fault-proxy';
import { benchKeys } from '../fixtures/library-layout';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { startSpacesStandin, type SpacesStandin } from '../fixtures/spaces-standin';
import { churnBucket } from './support/bucket-churn';
import { recordFigures } from './support/figures';
import { aggregateDrift, indexListing, integrityCheck, listingDiff, serverListing } from './support/index-check';
import { runSeed, scaled } from './support/scale';

const OBJECTS = scaled(10_000, 3_000);
const ROUNDS = scaled(5, 2);
const seed = runSeed();

describe(`sync through a faulty network (${OBJECTS} objects, seed ${seed})`, () => {
  let s3: LocalS3;
  // app → fault proxy → the strict Spaces stand-in → s3rver
  let standin: SpacesStandin;
  beforeAll(async () => {
    s3 = await startS3rver('media', { objects: benchKeys(OBJECTS) });
    standin = await startSpacesStandin(s3.endpoint, {}, { upstreamAccessKey: s3.accessKeyId });
  });
  afterAll(async () => {
    await standin?.close();
    await s3?.close();
  });

  it(`converges to exactly the server listing with 5 % resets and 5 % 503 SlowDown, ${ROUNDS} rounds of changes`, async () => {
    // One of each planned on the first listing requests, then drawn at 5 % each: at CI's scale (~60 requests) a
    // seed could otherwise draw no reset at all (0.95^60 ≈ 5 %) and the run would prove nothing about resets.
    const planned: FaultKind[] = ['reset', 'slowDown'];
    const proxy = await startFaultProxy(standin.endpoint, {
      seed,
      rates: { reset: 0.05, slowDown: 0.05 },
      plan: (r) => (r.op === 'ListObjectsV2' && planned.length > 0 ? { fault: planned.shift()!, phase: 'response' } : null),
    });
    const core = testCore({ env: { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey } });
    const random = seededRandom(seed);
    const churned = { deleted: 0, replaced: 0, added: 0 };
    try {
      const profileId = insertProfile(core.database, { endpoint: proxy.endpoint, bucket: s3.bucket, pathStyle: 'path', accessKeyId: s3.accessKeyId });
      let objectsSynced = 0;
      for (let round = 1; round <= ROUNDS; round++) {
        // Small pages: more requests, so more of them meet a fault.
        const result = await core.sync.run(getProfile(core.database.db, profileId)!, { pageSize: 100 });
        const expected = await serverListing(s3);
        expect(listingDiff(expected, indexListing(core.database.sqlite, profileId)), `round ${round}`).toEqual([]);
        expect(aggregateDrift(core.database.sqlite, profileId), `round ${round}`).toEqual([]);
        expect(result).toMatchObject({ status: 'completed', objects: expected.size });
        objectsSynced += result.objects;
        if (round < ROUNDS) {
          const churn = await churnBucket(s3, expected, random);
          for (const k of ['deleted', 'replaced', 'added'] as const) churned[k] += churn[k];
        }
      }
      const faults = proxy.faults();
      expect(faults.reset).toBeGreaterThan(0);
      expect(faults.slowDown).toBeGreaterThan(0);
      expect(integrityCheck(core.database.path)).toBe('ok');
      recordFigures('sync-faults', { seed, rounds: ROUNDS, objects: OBJECTS, objectsSynced, churned, requests: proxy.log.length, faults: nonZero(faults), failures: 0 });
    } finally {
      core.cleanup();
      await proxy.close();
    }
  });

  it('converges through every kind of fault: resets, stalls past the client timeout, 500s, 503s, truncated and trickled answers', async () => {
    // Each kind is planned once on an early listing request (so every kind is met whatever the draws),
    // then drawn at 2 % each. The sync client's idle timeout is 2 s, so a stall is ended by the client.
    const planned = [...FAULT_KINDS];
    const proxy = await startFaultProxy(standin.endpoint, {
      seed,
      rates: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0.02])),
      plan: (r) => (r.op === 'ListObjectsV2' && planned.length > 0 ? { fault: planned.shift()!, phase: 'response' } : null),
    });
    const core = testCore({ env: { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey }, sync: { clientOptions: { socketTimeoutMs: 2_000 } } });
    try {
      const profileId = insertProfile(core.database, { endpoint: proxy.endpoint, bucket: s3.bucket, pathStyle: 'path', accessKeyId: s3.accessKeyId });
      const result = await core.sync.run(getProfile(core.database.db, profileId)!, { pageSize: 100 });
      const expected = await serverListing(s3);
      expect(listingDiff(expected, indexListing(core.database.sqlite, profileId))).toEqual([]);
      expect(aggregateDrift(core.database.sqlite, profileId)).toEqual([]);
      expect(result).toMatchObject({ status: 'completed', objects: expected.size });
      const faults = proxy.faults();
      for (const kind of FAULT_KINDS) expect(faults[kind], kind).toBeGreaterThan(0);
      expect(integrityCheck(core.database.path)).toBe('ok');
      recordFigures('sync-every-fault', { seed, objects: expected.size, requests: proxy.log.length, faults: nonZero(faults), failures: 0 });
    } finally {
      core.cleanup();
      await proxy.close();
    }
  });

  it('a sync cut off by the server vanishing removes nothing, says why, and the next sync converges', async () => {
    const proxy = await startFaultProxy(standin.endpoint, { seed, rates: {} });
    const core = testCore({ env: { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey } });
    try {
      const profileId = insertProfile(core.database, { endpoint: proxy.endpoint, bucket: s3.bucket, pathStyle: 'path', accessKeyId: s3.accessKeyId });
      const profile = () => getProfile(core.database.db, profileId)!;
      await core.sync.run(profile(), { pageSize: 200 });
      const before = indexListing(core.database.sqlite, profileId);
      await churnBucket(s3, await serverListing(s3), seededRandom(seed + 1), 0.1);
      const after = await serverListing(s3);

      let vanished: Promise<void> | undefined;
      const failure = await core.sync
        .run(profile(), {
          pageSize: 200,
          onProgress: (p) => {
            if (p.pages >= 3) vanished ??= proxy.vanish();
          },
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      await vanished;
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('NETWORK');
      expect((failure as AppError).message).toMatch(/Could not reach 127\.0\.0\.1:\d+/);

      // Nothing removed; every row is the old one or the server's current one; aggregates agree.
      const now = indexListing(core.database.sqlite, profileId);
      for (const key of before.keys()) expect(now.has(key), `kept ${key}`).toBe(true);
      const neither = [...now].filter(([key, row]) => ![before.get(key), after.get(key)].some((r) => r && r.etag === row.etag && r.size === row.size && r.lastModified === row.lastModified));
      expect(neither.map(([key]) => key)).toEqual([]);
      expect(aggregateDrift(core.database.sqlite, profileId)).toEqual([]);
      expect(core.sync.status(profileId).lastRun).toMatchObject({ status: 'failed', removed: 0, errorCode: 'NETWORK', errorMessage: expect.stringMatching(/Could not reach/) });
      expect(integrityCheck(core.database.path)).toBe('ok');

      await proxy.restore();
      await core.sync.run(profile(), { pageSize: 200 });
      expect(listingDiff(after, indexListing(core.database.sqlite, profileId))).toEqual([]);
      recordFigures('sync-vanish', { seed, objects: before.size, keptThroughCut: before.size, failures: 0 });
    } finally {
      core.cleanup();
      await proxy.close();
    }
  });
});

function nonZero(counts: Record<FaultKind, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}
