/**
 * Promise: making links and changing ACLs through a faulty network either
 * succeeds or fails with a clear error (a stable code other than INTERNAL,
 * one line), and never half-applies: after every call, for every key it
 * touched, the index says what the server's ACL is, or "unknown" — never the
 * opposite of the server; every link made works (presigned: the object's
 * bytes through the stand-in; public: readable anonymously exactly when the
 * object is public). moto enforces ACLs; the strict Spaces stand-in sits
 * between the fault proxy and moto (Content-MD5 on PutObjectAcl, no
 * checksum headers, canned ACLs only).
 */
import { GetObjectAclCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/core/errors';
import { grantsArePublic } from '../../src/main/core/links/acl';
import { getProfile } from '../../src/main/core/repositories/profiles';
import { seededRandom } from '../../src/shared/seeded-random';
import { testCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy';
import { motoAvailability, startMoto, type MotoServer } from '../fixtures/moto';
import { startSpacesStandin, type SpacesStandin } from '../fixtures/spaces-standin';
import { createBucket } from '../integration/uploads/setup';
import { recordFigures } from './support/figures';
import { directClient, type ServerAccess } from './support/index-check';
import { runSeed, scaled } from './support/scale';

const moto = motoAvailability();
if (!moto.ok) console.warn(`link and ACL fault trials skipped: ${moto.reason}`);
const ROUNDS = scaled(60, 10);
const OBJECTS = 30;
const seed = runSeed();

describe.skipIf(!moto.ok)(`links and ACL changes through a faulty network (${ROUNDS} rounds, seed ${seed})`, () => {
  let m: MotoServer;
  let server: ServerAccess;
  let standin: SpacesStandin;
  let proxy: FaultProxy;
  const keys = Array.from({ length: OBJECTS }, (_, i) => `acl/post/photo ${i} +%.jpg`);
  beforeAll(async () => {
    m = await startMoto();
    server = { endpoint: m.endpoint, bucket: 'media', accessKeyId: 'testing', secretAccessKey: 'testing' };
    await createBucket(server);
    const client = directClient(server);
    for (const Key of keys) await client.send(new PutObjectCommand({ Bucket: 'media', Key, Body: `bytes of ${Key}` }));
    client.destroy();
    standin = await startSpacesStandin(server.endpoint);
    proxy = await startFaultProxy(standin.endpoint, { seed, rates: { reset: 0.1, slowDown: 0.1, error500: 0.05 } });
  });
  afterAll(async () => {
    await proxy?.close();
    await standin?.close();
    await m?.close();
  });

  it('each call succeeds or fails clearly; the index never contradicts the server; every link made works', async () => {
    const core = testCore({ env: { SPACES_KEY: server.accessKeyId, SPACES_SECRET: server.secretAccessKey } });
    const truthClient = directClient(server);
    const random = seededRandom(seed);
    const figures = { calls: 0, succeeded: 0, failedClearly: 0, keysChecked: 0, unknownAfterFailure: 0, linksChecked: 0 };
    try {
      const profileId = insertProfile(core.database, { endpoint: proxy.endpoint, bucket: server.bucket, pathStyle: 'path', accessKeyId: server.accessKeyId });
      proxy.setRates({});
      await core.sync.run(getProfile(core.database.db, profileId)!);
      proxy.setRates({ reset: 0.1, slowDown: 0.1, error500: 0.05 });
      const indexed = core.database.sqlite.prepare<[string, string], { isPublic: number | null }>('SELECT is_public AS isPublic FROM objects WHERE profile_id = ? AND key = ?');
      const truth = async (key: string) => grantsArePublic((await truthClient.send(new GetObjectAclCommand({ Bucket: server.bucket, Key: key }))).Grants);

      for (let round = 1; round <= ROUNDS; round++) {
        const batch = [...new Set(Array.from({ length: 1 + Math.floor(random() * 8) }, () => keys[Math.floor(random() * keys.length)]!))];
        const makePublic = random() < 0.5;
        figures.calls++;
        const outcome = await core.links.setAcl(batch, makePublic).then(
          () => null,
          (error: unknown) => error,
        );
        if (outcome === null) figures.succeeded++;
        else {
          expect(outcome, String(outcome)).toBeInstanceOf(AppError);
          const e = outcome as AppError;
          expect(e.code, e.message).not.toBe('INTERNAL');
          expect(e.message).toMatch(/^[^\n]+$/);
          figures.failedClearly++;
        }
        for (const key of batch) {
          const server = await truth(key);
          const index = indexed.get(profileId, key)!.isPublic;
          // Known and right, or unknown; never the opposite of the server.
          if (index !== null) expect(Boolean(index), `round ${round}: ${key} index ${index}, server ${server}`).toBe(server);
          else figures.unknownAfterFailure++;
          if (outcome === null) expect(server, `round ${round}: ${key} after a call that succeeded`).toBe(makePublic);
          figures.keysChecked++;
        }

        // Links: presigned ones serve the bytes; a public one answers anonymously exactly when the object is public.
        const links = await core.links.create({ keys: batch, kind: 'presigned', expiresIn: 600 });
        for (const link of links) {
          const res = await fetch(link.url.replace(proxy.endpoint, standin.endpoint));
          expect(res.status, link.url).toBe(200);
          expect(await res.text()).toBe(`bytes of ${link.key}`);
          figures.linksChecked++;
        }
        const [open] = await core.links.create({ keys: [batch[0]!], kind: 'public' });
        const anonymous = await fetch(open!.url.replace(proxy.endpoint, standin.endpoint));
        expect(anonymous.status === 200, `public link of ${batch[0]}`).toBe(await truth(batch[0]!));
        figures.linksChecked++;
      }
      expect(figures.succeeded).toBeGreaterThan(0);
      recordFigures('links-acl-faults', { seed, ...figures, requests: proxy.log.length, faults: Object.fromEntries(Object.entries(proxy.faults()).filter(([, n]) => n > 0)), failures: 0 });
    } finally {
      truthClient.destroy();
      core.cleanup();
    }
  });

  it('an ACL change applied by the server whose every answer is lost fails clearly and leaves the key "unknown", not stale', async () => {
    const lost = keys[0]!;
    const cut = await startFaultProxy(standin.endpoint, {
      seed,
      rates: {},
      plan: (r) => (r.op === 'PutObjectAcl' && r.key === lost ? { fault: 'reset', phase: 'response' } : null),
    });
    const core = testCore({ env: { SPACES_KEY: server.accessKeyId, SPACES_SECRET: server.secretAccessKey } });
    const truthClient = directClient(server);
    try {
      const profileId = insertProfile(core.database, { endpoint: cut.endpoint, bucket: server.bucket, pathStyle: 'path', accessKeyId: server.accessKeyId });
      await core.sync.run(getProfile(core.database.db, profileId)!);
      // The index knows the key is private (as the server has it).
      core.database.sqlite.prepare('UPDATE objects SET is_public = 0 WHERE profile_id = ? AND key = ?').run(profileId, lost);
      const failure = await core.links.setAcl([lost, keys[1]!], true).then(() => null, (e: unknown) => e as AppError);
      expect(failure).toMatchObject({ code: 'NETWORK' });
      const onServer = grantsArePublic((await truthClient.send(new GetObjectAclCommand({ Bucket: server.bucket, Key: lost }))).Grants);
      const index = core.database.sqlite.prepare<[string, string], { isPublic: number | null }>('SELECT is_public AS isPublic FROM objects WHERE profile_id = ? AND key = ?');
      const known = index.get(profileId, lost)!.isPublic;
      expect(known === null || Boolean(known) === onServer, `index ${known}, server ${onServer}`).toBe(true);
      expect(index.get(profileId, keys[1]!)!.isPublic).toBe(1);
    } finally {
      truthClient.destroy();
      core.cleanup();
      await cut.close();
    }
  });
});
