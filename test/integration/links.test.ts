import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { recordingClipboard } from '../../src/main/core/clipboard';
import { objects, sharedLinks } from '../../src/main/core/db/schema';
import { AppError } from '../../src/main/core/errors';
import { createS3Client } from '../../src/main/core/s3/client';
import { createHandlers } from '../../src/main/ipc/handlers';
import { scriptedDialogs } from '../fixtures/dialogs';
import { dispatch } from '../../src/main/ipc/dispatch';
import { normalizeKey } from '../../src/shared/object-urls';
import { publicUrlSettings } from '../../src/main/core/links/link-service';
import { unsignedUrl } from '../../src/main/core/links/stored-links';
import { readIsPublic, writeCannedAcl } from '../../src/main/core/links/acl';
import { getProfile } from '../../src/main/core/repositories/profiles';
import { testCore, type TestCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { startStore, stores, type StoreUnderTest } from '../fixtures/store-under-test';
import { hasDotSegment, TRICKY_KEYS } from '../fixtures/tricky-keys';
import { captureIo } from '../fixtures/cli-io';


function indexObject(core: TestCore, profileId: string, key: string, size: number): void {
  core.database.db
    .insert(objects)
    .values({ profileId, key, role: 'media', model: 'm', post: 'p', relPath: key, name: key, kind: 'image', size, etag: '"e"', lastModified: Date.now() })
    .run();
}

const shareable = TRICKY_KEYS.filter((k) => !hasDotSegment(k));
// s3rver stores objects as files and cannot store an empty path segment ("a//b"); moto covers those keys.
const onS3rver = TRICKY_KEYS.filter((k) => !k.includes('//'));
const s3rverShareable = shareable.filter((k) => onS3rver.includes(k));

describe.each(stores('s3rver', 'spaces(s3rver) virtual-hosted'))('share links on $kind (presigned GETs, expiry, download names, CLI)', ({ kind }) => {
  let store: StoreUnderTest;
  let core: TestCore;
  let client: S3Client;
  let profileId: string;
  const clipboard = recordingClipboard();
  const bodies = new Map<string, Buffer>();

  beforeAll(async () => {
    store = await startStore(kind);
    core = testCore({ clipboard });
    profileId = insertProfile(core.database, { name: 'local', endpoint: store.endpoint, bucket: store.bucket, pathStyle: store.pathStyleChoice, accessKeyId: store.accessKeyId });
    await core.credentials.set(profileId, store.secretAccessKey);
    client = store.admin;
    for (const key of onS3rver) {
      const body = randomBytes(1000 + bodies.size * 37);
      bodies.set(key, body);
      await client.send(new PutObjectCommand({ Bucket: store.bucket, Key: key, Body: body }));
      indexObject(core, profileId, key, body.length);
    }
  });
  afterAll(async () => {
    store?.checkAppTraffic();
    core?.cleanup();
    await store?.close();
  });

  it('serves the exact bytes of every tricky key through a plain fetch of its presigned link', async () => {
    const links = await core.links.create({ keys: s3rverShareable, kind: 'presigned', expiresIn: 3600 });
    expect(links.map((l) => l.key)).toEqual(s3rverShareable);
    const settings = publicUrlSettings(getProfile(core.database.db, profileId)!);
    for (const link of links) {
      const params = [...new URL(link.url).searchParams.keys()];
      expect(params.filter((p) => /checksum/i.test(p)), link.url).toEqual([]);
      expect(params).toContain('X-Amz-Signature');
      const res = await fetch(link.url);
      expect(res.status, `${link.key}: ${link.url}`).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bodies.get(link.key)!), link.key).toBe(true);
      // The SDK's own presigned URL normalises back to its key.
      expect(normalizeKey(link.url, settings)).toEqual({ ok: true, key: link.key });
    }
  });

  it('refuses to make a link no URL can reach (a ".." segment), saying why', async () => {
    const dotted = onS3rver.find(hasDotSegment)!;
    await expect(core.links.create({ keys: [dotted], kind: 'presigned', expiresIn: 60 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses a 1-second link after it lapses (s3rver enforces X-Amz-Expires, also behind the stand-in) while a 1-hour link from the same moment still works', async () => {
    const key = s3rverShareable[0]!;
    const [short] = await core.links.create({ keys: [key], kind: 'presigned', expiresIn: 1 });
    const [long] = await core.links.create({ keys: [key], kind: 'presigned', expiresIn: 3600 });
    expect(short!.expiresAt! - short!.createdAt).toBe(1000);
    // X-Amz-Date has whole seconds: wait until a full second past the expiry.
    while (Date.now() < short!.expiresAt! + 1500) await new Promise((r) => setTimeout(r, 250));
    const refused = await fetch(short!.url);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Request has expired');
    expect((await fetch(long!.url)).status).toBe(200);
  });

  it('caps presigned expiry at 7 days with the reason, through IPC and in the service', async () => {
    const handlers = createHandlers(core);
    const res = await dispatch(handlers, 'links:create', { keys: [s3rverShareable[0]], kind: 'presigned', expiresIn: 604_801 }, core.log);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!res.ok && res.error.message).toContain('7 days');
    await expect(core.links.create({ keys: [s3rverShareable[0]!], kind: 'presigned', expiresIn: 604_801 })).rejects.toThrow(/7 days/);
    const [max] = await core.links.create({ keys: [s3rverShareable[0]!], kind: 'presigned', expiresIn: 604_800 });
    expect(new URL(max!.url).searchParams.get('X-Amz-Expires')).toBe('604800');
  });

  it('names the download after the file (RFC 5987 filename* for any script)', async () => {
    for (const key of ['алиса/пост/фото.jpg', 'alice/post/😀 party 🎉.jpg', "alice/post/it's (1) [x] {y} *z* !.jpg"]) {
      const [link] = await core.links.create({ keys: [key], kind: 'presigned', expiresIn: 600, download: true });
      const res = await fetch(link!.url);
      expect(res.status).toBe(200);
      const disposition = res.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment;/);
      const star = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
      expect(star && decodeURIComponent(star)).toBe(key.slice(key.lastIndexOf('/') + 1));
      expect(Buffer.from(await res.arrayBuffer()).equals(bodies.get(key)!)).toBe(true);
    }
    // Without the option the server adds no disposition: the browser shows the file inline.
    const [inline] = await core.links.create({ keys: ['алиса/пост/фото.jpg'], kind: 'presigned', expiresIn: 600 });
    expect((await fetch(inline!.url)).headers.get('content-disposition')).toBeNull();
  });

  it('copies a multi-selection as one link a line, records it, and lists the last 7 days', async () => {
    const keys = s3rverShareable.slice(0, 3);
    const copied = await core.links.copy({ keys, kind: 'presigned', expiresIn: 21_600 });
    expect(clipboard.writes.at(-1)).toBe(copied.text);
    const lines = copied.text.split('\n');
    expect(lines).toHaveLength(3);
    for (const [i, line] of lines.entries()) {
      expect(Buffer.from(await (await fetch(line)).arrayBuffer()).equals(bodies.get(keys[i]!)!)).toBe(true);
    }
    expect(copied.expiresAt).toBe(copied.links[0]!.createdAt + 21_600_000);

    core.database.db
      .insert(sharedLinks)
      .values({ profileId, key: 'old.jpg', url: 'https://old', kind: 'presigned', expiresAt: 1, createdAt: Date.now() - 8 * 86_400_000 })
      .run();
    const recent = core.links.recent();
    // The list and the database hold each link without its signature (a bearer secret for up to 7 days).
    expect(recent.slice(0, 3).map((r) => r.url)).toEqual(lines.map(unsignedUrl));
    const stored = core.database.db.select().from(sharedLinks).all();
    for (const row of stored) expect(row.url).not.toMatch(/X-Amz-Signature/i);
    const signatures = lines.map((line) => new URL(line).searchParams.get('X-Amz-Signature')!);
    expect(signatures.every((sig) => /^[0-9a-f]{64}$/.test(sig))).toBe(true);
    for (const row of stored) for (const sig of signatures) expect(row.url).not.toContain(sig);
    expect(recent.some((r) => r.key === 'old.jpg')).toBe(false);

    // Copying from the list again gives the very same links; an expired one is refused.
    const again = await core.links.copyRecent([recent[1]!.id, recent[0]!.id]);
    expect(again.text).toBe(`${lines[1]}\n${lines[0]}`);
    expect(clipboard.writes.at(-1)).toBe(again.text);
    const old = core.database.db.select().from(sharedLinks).all().find((r) => r.key === 'old.jpg')!;
    await expect(core.links.copyRecent([old.id])).rejects.toThrow(/expired/);
  });

  it('builds public and CDN links without the network; no CDN on a local endpoint is a clear error', async () => {
    const [pub] = await core.links.create({ keys: ['alice/post/#hash.jpg'], kind: 'public' });
    expect(pub).toMatchObject({ url: `${store.originBase()}/alice/post/%23hash.jpg`, expiresAt: null });
    await expect(core.links.create({ keys: ['a.jpg'], kind: 'cdn' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/no CDN/) });
    await expect(core.links.create({ keys: ['a.jpg'], kind: 'public', download: true })).rejects.toBeInstanceOf(AppError);
  });

  it('CLI: `link KEY_OR_URL` prints a working URL; bad input exits non-zero with one line', async () => {
    const env = { SPACES_KEY: store.accessKeyId, SPACES_SECRET: store.secretAccessKey };
    const key = 'alice/post/😀 party 🎉.jpg';
    // Given as the object's origin URL with a stale query string.
    const [pub] = await core.links.create({ keys: [key], kind: 'public' });
    const io = captureIo(env);
    expect(await runCli(['link', `${pub!.url}?foo=bar`, '--expires', '120', '--db', core.database.path], io)).toBe(0);
    expect(io.err).toBe('');
    const url = io.out.trim();
    expect(url.split('\n')).toHaveLength(1);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('120');
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(bodies.get(key)!)).toBe(true);

    const json = captureIo(env);
    expect(await runCli(['link', key, '--download', '--json', '--db', core.database.path], json)).toBe(0);
    const doc = JSON.parse(json.out) as { key: string; url: string; kind: string; expiresAt: string };
    expect(doc).toMatchObject({ key, kind: 'presigned' });
    expect(Date.parse(doc.expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    expect((await fetch(doc.url)).headers.get('content-disposition')).toMatch(/^attachment/);

    const pubIo = captureIo(env);
    expect(await runCli(['link', key, '--public', '--db', core.database.path], pubIo)).toBe(0);
    expect(pubIo.out).toBe(`${pub!.url}\n`);

    for (const [args, code, errorCode] of [
      [['link', key, '--expires', '604801'], 2, 'INVALID_INPUT'],
      [['link', key, '--expires', 'soon'], 2, 'INVALID_INPUT'],
      [['link', key, '--public', '--download'], 2, 'INVALID_INPUT'],
      [['link', 'https://elsewhere.example.com/a.jpg'], 1, 'FOREIGN_URL'],
      [['link'], 2, 'INVALID_INPUT'],
    ] as const) {
      const bad = captureIo(env);
      expect(await runCli([...args, '--db', core.database.path], bad), args.join(' ')).toBe(code);
      expect(bad.out).toBe('');
      expect(bad.err.trim().split('\n')).toHaveLength(1);
      expect(bad.err).toContain(`[${errorCode}]`);
    }
  });
});

describe.each(stores('moto', 'spaces(moto) path style', 'spaces(moto) scoped key'))('public links and ACLs on $kind (moto enforces ACLs; does not enforce presigned expiry)', ({ kind, skip }) => {
  let store: StoreUnderTest;
  let core: TestCore;
  let profileId: string;
  const key = 'bianca/post 1/фото 😀 #1.jpg';
  const body = randomBytes(4096);
  const dialogs = scriptedDialogs();

  beforeAll(async () => {
    if (skip) return;
    store = await startStore(kind);
    core = testCore({ dialogs });
    profileId = insertProfile(core.database, { name: 'moto', endpoint: store.endpoint, bucket: 'media', pathStyle: store.pathStyleChoice, accessKeyId: store.accessKeyId });
    await core.credentials.set(profileId, store.secretAccessKey);
    await store.admin.send(new PutObjectCommand({ Bucket: 'media', Key: key, Body: body, ACL: 'private' }));
    indexObject(core, profileId, key, body.length);
  });
  afterAll(async () => {
    store?.checkAppTraffic();
    core?.cleanup();
    await store?.close();
  });

  const indexed = () => core.database.db.select({ isPublic: objects.isPublic }).from(objects).get()?.isPublic;
  const publicUrl = async () => (await core.links.create({ keys: [key], kind: 'public' }))[0]!.url;

  it.skipIf(skip)('reads the ACL from the server, refuses the public URL while private, serves it once public, and back (a scoped key: access unknown, nothing fails)', async () => {
    expect(indexed()).toBeNull(); // not guessed before anyone asked
    const handlers = createHandlers(core);
    if (store.scoped) {
      // Spaces answers a bucket-scoped key's ACL calls with 403: access is unknown, the batch does not fail.
      expect(await core.links.getAcl([key])).toEqual([{ key, isPublic: null, reason: 'unknown (this key cannot read ACLs)' }]);
      expect(indexed()).toBeNull();
      const made = await dispatch(handlers, 'links:setAcl', { keys: [key], public: true }, core.log);
      expect(made).toEqual({ ok: true, data: [{ key, isPublic: null, reason: 'unknown (this key cannot change ACLs)' }] });
      expect((await fetch(await publicUrl())).status).toBe(403); // nothing changed on the server
      expect(store.standin!.refusals('scoped-key').filter((r) => r.operation.endsWith('Acl')).length).toBeGreaterThanOrEqual(2);
      return;
    }
    expect(await core.links.getAcl([key])).toEqual([{ key, isPublic: false }]);
    expect(indexed()).toBe(false);

    const url = await publicUrl();
    expect((await fetch(url)).status).toBe(403);

    const changed: unknown[] = [];
    const unsubscribe = core.bus.subscribe((event, payload) => changed.push({ event, payload }));
    // Main's confirmation (a scripted stand-in here), declined: nothing is sent.
    dialogs.answer = false;
    const declined = await dispatch(handlers, 'links:setAcl', { keys: [key], public: true }, core.log);
    expect(declined).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(dialogs.prompts.at(-1)).toMatchObject({ message: 'Make this file public?' });
    expect((await fetch(url)).status).toBe(403);
    // A flag in the request is no confirmation.
    expect(await dispatch(handlers, 'links:setAcl', { keys: [key], public: true, confirmed: true }, core.log)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    dialogs.answer = true;
    const made = await dispatch(handlers, 'links:setAcl', { keys: [key], public: true }, core.log);
    expect(made).toEqual({ ok: true, data: [{ key, isPublic: true }] });
    expect(indexed()).toBe(true);
    expect(changed).toContainEqual({ event: 'library:changed', payload: { profileId } });
    unsubscribe();

    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(body)).toBe(true);

    expect(await core.links.setAcl([key], false)).toEqual([{ key, isPublic: false }]);
    expect(indexed()).toBe(false);
    expect((await fetch(url)).status).toBe(403);
  });

  it.skipIf(skip)('changes the ACL with Content-MD5 instead of the CRC32 header the SDK would send for an empty body', async () => {
    const client = createS3Client(store.connection());
    const sent: Record<string, string>[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'recordHeaders' },
    );
    try {
      if (store.scoped) {
        await expect(writeCannedAcl(client, 'media', key, true)).rejects.toMatchObject({ name: 'AccessDenied' });
      } else {
        await writeCannedAcl(client, 'media', key, true);
        expect(await readIsPublic(client, 'media', key)).toBe(true);
        await writeCannedAcl(client, 'media', key, false);
      }
    } finally {
      client.destroy();
    }
    const put = sent.find((h) => h['x-amz-acl'] === 'public-read')!;
    expect(put['content-md5']).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
    expect(Object.keys(put).filter((h) => /checksum/i.test(h))).toEqual([]);
    expect(put.authorization).toMatch(/SignedHeaders=.*content-md5/);
  });

  it.skipIf(skip)('signs links moto serves byte for byte for every tricky key, and maps a missing object to NOT_FOUND', async () => {
    const bodies = new Map(shareable.map((k, i) => [k, randomBytes(500 + i)] as const));
    for (const [k, b] of bodies) await store.admin.send(new PutObjectCommand({ Bucket: 'media', Key: k, Body: b }));
    const links = await core.links.create({ keys: [key, ...bodies.keys()], kind: 'presigned', expiresIn: 300 });
    for (const link of links) {
      const res = await fetch(link.url);
      expect(res.status, link.url).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bodies.get(link.key) ?? body), link.key).toBe(true);
    }
    core.database.db.update(objects).set({ isPublic: null }).run();
    if (store.scoped) {
      // The scoped key is refused before the store looks: both unknown, neither fails the batch.
      expect((await core.links.getAcl([key, 'nobody/here.jpg'])).map((a) => a.isPublic)).toEqual([null, null]);
      return;
    }
    // One missing key fails the request with NOT_FOUND, but what the server said about the others is kept.
    await expect(core.links.getAcl([key, 'nobody/here.jpg'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(indexed()).toBe(false);
  });
});
