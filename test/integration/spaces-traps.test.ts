/**
 * The traps of a first contact with real Spaces, each against the strict
 * stand-in (test/fixtures/spaces-standin.ts): a 501 is permanent and says
 * which header; the network check does not call a bucket it can list
 * unreachable; files over 5 TB are refused before anything is sent; the
 * viewer's presigned URL is checked like share links; the CDN is probed and
 * remembered; a pasted origin URL becomes endpoint + bucket + prefix; the
 * connection check reports each capability for a full and a scoped key.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { objects } from '../../src/main/core/db/schema';
import { getProfile } from '../../src/main/core/repositories/profiles';
import { batchItems } from '../../src/main/core/uploads/journal';
import type { CapabilityCheck } from '../../src/shared/connection-check';
import { profileFormSchema } from '../../src/shared/profile';
import { captureIo } from '../fixtures/cli-io';
import { testCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { SPACES_BEHAVIOURS } from '../fixtures/spaces-standin';
import { startStore, type StoreUnderTest } from '../fixtures/store-under-test';
import { tempDir } from '../fixtures/temp';
import { uploadCore, writeRandom } from './uploads/setup';

const statusOf = (checks: CapabilityCheck[]) => Object.fromEntries(checks.map((c) => [c.capability, c.status]));

describe('first-contact traps, on the Spaces stand-in (s3rver behind it, virtual-hosted)', () => {
  let store: StoreUnderTest;
  beforeAll(async () => {
    store = await startStore('spaces(s3rver) virtual-hosted');
    await store.admin.send(new PutObjectCommand({ Bucket: 'media', Key: 'alice/post/a.jpg', Body: 'a picture' }));
  });
  afterAll(async () => {
    await store?.close();
  });

  it('a 501 NotImplemented fails the upload at once (not retried), naming the request and the header', async () => {
    const dir = tempDir();
    // A future SDK that adds a checksum header again: what spaces.md says broke uploads.
    const core = uploadCore(store, {
      configureClient: (client) =>
        client.middlewareStack.add(
          (next) => async (args) => {
            (args.request as { headers: Record<string, string> }).headers['x-amz-checksum-crc32'] = 'AAAAAA==';
            return next(args);
          },
          { step: 'build', name: 'futureChecksum' },
        ),
    });
    try {
      writeRandom(dir.path, 'one.jpg', 1000);
      const before = store.standin!.refusals('not-implemented').length;
      const res = await core.uploads.enqueue({ profileId: core.profileId, target: { model: 'm', post: 'p' }, paths: [join(dir.path, 'one.jpg')], conflict: 'overwrite' });
      if (res.status !== 'queued') throw new Error('unexpected decision');
      expect(await core.uploads.waitForBatch(res.batchId)).toMatchObject({ done: 0, failed: 1 });
      const [row] = batchItems(core.database.db, res.batchId);
      expect(row).toMatchObject({ errorCode: 'NOT_SUPPORTED' });
      expect(row!.errorMessage).toContain('PutObject');
      expect(row!.errorMessage).toContain('x-amz-checksum-crc32');
      expect(row!.errorMessage).toMatch(/Retrying cannot help/);
      expect(store.standin!.refusals('not-implemented').length - before).toBe(1); // sent once, not five times
    } finally {
      core.cleanup();
      dir.cleanup();
    }
  });

  it('the network check calls a bucket it can list online, even when HeadBucket is refused', async () => {
    const core = testCore({ env: { SPACES_KEY: store.accessKeyId, SPACES_SECRET: store.secretAccessKey } });
    try {
      insertProfile(core.database, { endpoint: store.endpoint, bucket: 'media', pathStyle: store.pathStyleChoice, accessKeyId: store.accessKeyId });
      store.standin!.set({ denyOperations: ['HeadBucket'] });
      expect(await core.network.check()).toMatchObject({ online: true, message: null });
      expect(store.standin!.refusals('denied-operation').some((r) => r.operation === 'HeadBucket')).toBe(true);
      // Refused everything: the server still answers, so online, with the message that says to check Settings.
      store.standin!.set({ denyOperations: ['HeadBucket', 'ListObjects'] });
      expect(await core.network.check()).toMatchObject({ online: true, message: expect.stringContaining('refused') });
    } finally {
      store.standin!.set({ denyOperations: [] });
      core.cleanup();
    }
  });

  it('a file over 5 TB is skipped with the reason before anything is sent; alone, nothing is queued', async () => {
    const dir = tempDir();
    const core = uploadCore(store);
    try {
      writeRandom(dir.path, 'drop/small.jpg', 100);
      // Sparse: 5 TiB + 1 byte on disk costs nothing, and is never read.
      writeRandom(dir.path, 'drop/huge.mov', 0);
      truncateSync(join(dir.path, 'drop/huge.mov'), 5 * 1024 ** 4 + 1);
      const requests = store.standin!.requests.length;
      const res = await core.uploads.enqueue({ profileId: core.profileId, target: { model: 'm', post: 'big' }, paths: [join(dir.path, 'drop')], conflict: 'overwrite' });
      expect(res).toMatchObject({ status: 'queued', items: 1, skipped: [{ path: join(dir.path, 'drop/huge.mov'), reason: expect.stringContaining('larger than 5 TB') }] });
      if (res.status === 'queued') await core.uploads.waitForBatch(res.batchId);
      expect(store.standin!.requests.slice(requests).some((r) => r.key?.endsWith('huge.mov'))).toBe(false);
      await expect(core.uploads.enqueue({ profileId: core.profileId, target: { model: 'm', post: 'big' }, paths: [join(dir.path, 'drop/huge.mov')] })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('huge.mov'),
      });
    } finally {
      core.cleanup();
      dir.cleanup();
    }
  });

  it('the viewer’s presigned original URL gets the same checksum-parameter check as share links', async () => {
    const core = testCore({ env: { SPACES_KEY: store.accessKeyId, SPACES_SECRET: store.secretAccessKey } });
    try {
      const profileId = insertProfile(core.database, { endpoint: store.endpoint, bucket: 'media', pathStyle: store.pathStyleChoice, accessKeyId: store.accessKeyId });
      await core.sync.run(getProfile(core.database.db, profileId)!);
      const profile = getProfile(core.database.db, profileId)!;
      // (The profile is the active one: the viewer asks for the active profile's originals.)
      const { url } = await core.viewer.originalUrl('alice/post/a.jpg');
      expect(await (await fetch(url)).text()).toBe('a picture'); // through the stand-in, which refuses checksum parameters
      // An SDK that signs a checksum parameter into GETs: the URL is refused, not handed to the <video> element.
      const { client } = await core.clients.get(profile, 'interactive');
      client.middlewareStack.add(
        (next) => async (args) => {
          (args.request as { query: Record<string, string> }).query['x-amz-checksum-mode'] = 'ENABLED';
          return next(args);
        },
        { step: 'build', name: 'futureChecksumParam' },
      );
      await expect(core.viewer.originalUrl('alice/post/a.jpg')).rejects.toMatchObject({ code: 'INTERNAL' });
    } finally {
      core.cleanup();
    }
  });

  it('probes the CDN when a profile is saved and checked, offers CDN links only when it answers', async () => {
    const core = testCore();
    try {
      const form = (cdnDomain: string | null, bucket = 'media') =>
        profileFormSchema.parse({
          name: 'cdn',
          endpoint: store.endpoint,
          bucket,
          pathStyle: store.pathStyleChoice,
          cdnMode: cdnDomain ? 'custom' : 'auto',
          cdnDomain,
          accessKeyId: store.accessKeyId,
          secret: store.secretAccessKey,
          active: true,
        });
      // Saved while the bucket's CDN is off: probed once, remembered off, no CDN link.
      const saved = await core.profiles.save(form(store.standin!.cdnBase('media')));
      expect(saved).toMatchObject({ cdnStatus: 'off', cdnBase: store.standin!.cdnBase('media') });
      expect(store.standin!.refusals('cdn-off').length).toBeGreaterThanOrEqual(1);
      expect(core.links.options()).toMatchObject({ cdnBase: null, cdnNote: expect.stringContaining('did not answer') });
      await expect(core.links.create({ keys: ['alice/post/a.jpg'], kind: 'cdn' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Spaces panel') });

      // The user enables the CDN and checks again: on, remembered, links offered and working.
      store.standin!.set({ cdnBuckets: ['media'] });
      const checked = await core.profiles.test({ id: saved.id });
      expect(checked).toMatchObject({ ok: true, cdnStatus: 'on' });
      expect((await core.profiles.get(saved.id)).cdnStatus).toBe('on');
      expect(core.links.options().cdnBase).toBe(store.standin!.cdnBase('media'));
      const [link] = await core.links.create({ keys: ['alice/post/a.jpg'], kind: 'cdn' });
      expect(link!.url).toBe(`${store.standin!.cdnBase('media')}/alice/post/a.jpg`);
      expect(await (await fetch(link!.url)).text()).toBe('a picture');

      // Changing where the CDN is forgets what was found about the old one.
      const moved = await core.profiles.save({ ...form('http://elsewhere.cdn.localhost:9'), id: saved.id });
      expect(moved.cdnStatus).not.toBe('on');
    } finally {
      store.standin!.set({ cdnBuckets: [] });
      core.cleanup();
    }
  });

  it('a dotted bucket gets no Spaces CDN and no virtual-hosted link', async () => {
    const core = testCore();
    try {
      insertProfile(core.database, { endpoint: 'https://nyc3.digitaloceanspaces.com', region: 'nyc3', bucket: 'my.media', pathStyle: 'virtual', cdnStatus: 'on' });
      const options = core.links.options();
      expect(options).toMatchObject({ cdnBase: null, originBase: 'https://nyc3.digitaloceanspaces.com/my.media' });
      expect(options.cdnNote).toMatch(/has a dot/);
      const [pub] = await core.links.create({ keys: ['a b.jpg'], kind: 'public' });
      expect(pub!.url).toBe('https://nyc3.digitaloceanspaces.com/my.media/a%20b.jpg');
    } finally {
      core.cleanup();
    }
  });

  it('the CLI takes a pasted path-style or origin URL as --endpoint: endpoint, bucket and prefix', async () => {
    const core = testCore();
    try {
      const env = { SPACES_KEY: store.accessKeyId, SPACES_SECRET: store.secretAccessKey };
      // Path style with the bucket and a prefix, no --bucket.
      const io = captureIo(env);
      expect(await runCli(['sync', '--endpoint', `${store.endpoint}/media/alice/`, '--json', '--db', core.database.path], io), io.err).toBe(0);
      expect(JSON.parse(io.out)).toMatchObject({ objects: 1, media: 0 });
      const adhoc = core.database.db.select().from(objects).all().map((o) => o.key);
      expect(adhoc).toEqual(['alice/post/a.jpg']);
      // A bucket that contradicts the address is refused with one line.
      const clash = captureIo(env);
      expect(await runCli(['ls', '--endpoint', `${store.endpoint}/media/`, '--bucket', 'photos', '--db', core.database.path], clash)).toBe(2);
      expect(clash.err).toMatch(/names the bucket "media" but --bucket says "photos".*\[INVALID_INPUT\]/);
      // profiles add with the Spaces panel's Origin URL: stored as the region endpoint + bucket + root folder.
      // (No secret on stdin: SPACES_SECRET from the environment is used, so no keychain entry is written.)
      const add = captureIo({ ...env, SPACES_MEDIA_KEYCHAIN_SERVICE: 'spaces-media-test-traps' });
      expect(
        await runCli(['profiles', 'add', '--name', 'pasted', '--endpoint', 'https://media.nyc3.digitaloceanspaces.com/library/', '--access-key', 'test-key', '--json', '--db', core.database.path], add),
        add.err,
      ).toBe(0);
      expect(JSON.parse(add.out)).toMatchObject({ endpoint: 'https://nyc3.digitaloceanspaces.com', region: 'nyc3', bucket: 'media', rootPrefix: 'library/', usesPathStyle: false });
    } finally {
      core.cleanup();
    }
  });
});

describe('the connection check, capability by capability (moto behind the stand-in: real ACLs)', () => {
  let full: StoreUnderTest;
  let scoped: StoreUnderTest;
  beforeAll(async () => {
    [full, scoped] = await Promise.all([startStore('spaces(moto) virtual-hosted', { behaviours: SPACES_BEHAVIOURS }), startStore('spaces(moto) scoped key')]);
    for (const store of [full, scoped]) await store.admin.send(new PutObjectCommand({ Bucket: 'media', Key: 'lib/alice/p/a.jpg', Body: 'a picture' }));
  });
  afterAll(async () => {
    await full?.close();
    await scoped?.close();
  });

  const check = async (store: StoreUnderTest, tryWrite: boolean) => {
    const core = testCore({ env: { SPACES_KEY: store.accessKeyId, SPACES_SECRET: store.secretAccessKey } });
    try {
      const id = insertProfile(core.database, { endpoint: store.endpoint, bucket: 'media', rootPrefix: 'lib/', pathStyle: store.pathStyleChoice, accessKeyId: store.accessKeyId });
      return { result: await core.profiles.test({ id, tryWrite }), core, id };
    } finally {
      core.cleanup();
    }
  };

  it('a full-access key: everything ok with a write tried; the probe is gone afterwards', async () => {
    const { result } = await check(full, true);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(statusOf(result.capabilities)).toEqual({ list: 'ok', read: 'ok', write: 'ok', delete: 'ok', readAcl: 'ok', setAcl: 'ok', cdn: 'skipped' });
    expect(result.capabilities.find((c) => c.capability === 'cdn')!.detail).toMatch(/automatic CDN/);
    const probes = full.standin!.requests.filter((r) => r.key?.startsWith('lib/.spaces-media/connection-check-'));
    expect(probes.map((r) => r.operation)).toEqual(expect.arrayContaining(['PutObject', 'PutObjectAcl', 'DeleteObject']));
    const probeKey = probes[0]!.key!;
    await expect(full.admin.send(new GetObjectCommand({ Bucket: 'media', Key: probeKey }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    // Without "try a write" nothing is written, and what was not tried says so.
    const { result: readOnly } = await check(full, false);
    if (!readOnly.ok) throw new Error(JSON.stringify(readOnly));
    expect(statusOf(readOnly.capabilities)).toMatchObject({ list: 'ok', read: 'ok', write: 'skipped', delete: 'skipped', readAcl: 'ok', setAcl: 'skipped' });
  });

  it('a bucket-scoped key: ACLs denied with AccessDenied and what that means; list, read and write work', async () => {
    const { result } = await check(scoped, true);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(statusOf(result.capabilities)).toEqual({ list: 'ok', read: 'ok', write: 'ok', delete: 'ok', readAcl: 'denied', setAcl: 'denied', cdn: 'skipped' });
    const setAcl = result.capabilities.find((c) => c.capability === 'setAcl')!;
    expect(setAcl).toMatchObject({ storeCode: 'AccessDenied', impact: 'Share links: presigned only, public links unavailable with this key.' });
    expect(result.capabilities.find((c) => c.capability === 'readAcl')!.impact).toMatch(/unknown \(this key cannot read ACLs\)/);
  });

  it('a key that may not list: the check fails saying so, with the list row', async () => {
    scoped.standin!.set({ denyOperations: ['ListObjects'] });
    try {
      const { result } = await check(scoped, false);
      expect(result).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' }, capabilities: [{ capability: 'list', status: 'denied', storeCode: 'AccessDenied' }] });
    } finally {
      scoped.standin!.set({ denyOperations: [] });
    }
  });

  it('`profiles test --json --try-write` prints the report; without --json a table a person reads', async () => {
    const core = testCore();
    try {
      const env = { SPACES_KEY: scoped.accessKeyId, SPACES_SECRET: scoped.secretAccessKey };
      insertProfile(core.database, { name: 'scoped', endpoint: scoped.endpoint, bucket: 'media', pathStyle: scoped.pathStyleChoice, accessKeyId: scoped.accessKeyId });
      const json = captureIo(env);
      expect(await runCli(['profiles', 'test', 'scoped', '--try-write', '--json', '--db', core.database.path], json), json.err).toBe(0);
      const doc = JSON.parse(json.out) as { ok: boolean; capabilities: CapabilityCheck[] };
      expect(statusOf(doc.capabilities)).toMatchObject({ write: 'ok', readAcl: 'denied', setAcl: 'denied' });
      const text = captureIo(env);
      expect(await runCli(['profiles', 'test', 'scoped', '--db', core.database.path], text)).toBe(0);
      expect(text.out).toMatch(/Read access \(ACL\)\s+denied\s+AccessDenied\s+Access shows as/);
      expect(text.out).toMatch(/OK: the bucket "media"/);
    } finally {
      core.cleanup();
    }
  });
});
