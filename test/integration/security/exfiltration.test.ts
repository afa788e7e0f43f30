/**
 * A compromised renderer tries to steal a local file with the user's key:
 * through the real core worker (the app's IPC boundary, dispatch included),
 * exactly the calls a script in the page can make. The attacker's server is a
 * capture server that records every request it gets; the real bucket is a
 * local s3rver holding the user's profile.
 *
 *   1. re-point the stored profile at the capture server (profiles:save, no secret),
 *   2. or test a draft pointed there (profiles:test, the stored secret by id),
 *   3. upload ~/.ssh/id_rsa by naming its path (uploads:start),
 *   4. or upload it to the real bucket and make it public (links:setAcl).
 *
 * Each must be refused: the capture server sees zero requests, the keychain
 * entry is the one the user stored, and the bucket holds no copy of the key.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreWorker } from '../../../src/main/worker/core-host';
import { clientFor, localConnection } from '../../fixtures/bucket';
import { memoryCredentials, testCore, type TestCore } from '../../fixtures/core';
import { startCoreWorker } from '../../fixtures/core-worker';
import { startS3rver, type LocalS3 } from '../../fixtures/s3rver';
import { tempDir } from '../../fixtures/temp';

const SECRET = `user-secret-${Math.random().toString(36).slice(2)}`;
const PRIVATE_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n-----END OPENSSH PRIVATE KEY-----\n';

interface Captured {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/** The attacker's server: records everything, answers like a willing S3 would. */
async function captureServer(): Promise<{ endpoint: string; requests: Captured[]; close(): Promise<void> }> {
  const requests: Captured[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { etag: '"00000000000000000000000000000000"', 'content-type': 'application/xml' });
      res.end('<?xml version="1.0"?><ListBucketResult><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('a compromised renderer cannot send a local file anywhere with the user key', () => {
  const home = tempDir('spaces-victim-home-');
  const idRsa = join(home.path, '.ssh', 'id_rsa');
  const credentials = memoryCredentials();
  let s3: LocalS3;
  let bucket: S3Client;
  let capture: Awaited<ReturnType<typeof captureServer>>;
  let core: TestCore;
  let worker: CoreWorker;
  let profileId: string;
  let stored: Record<string, unknown>;

  beforeAll(async () => {
    mkdirSync(join(home.path, '.ssh'), { recursive: true });
    writeFileSync(idRsa, PRIVATE_KEY, { mode: 0o600 });
    s3 = await startS3rver('media');
    bucket = clientFor(localConnection(s3.endpoint, 'media'));
    capture = await captureServer();
    core = testCore({ credentials });
    worker = await startCoreWorker(core);
    stored = { name: 'studio', endpoint: s3.endpoint, bucket: 'media', pathStyle: 'path', accessKeyId: 'S3RVER' };
    const saved = await worker.call('profiles:save', { ...stored, secret: SECRET });
    expect(saved).toMatchObject({ ok: true });
    profileId = (saved as { data: { id: string } }).data.id;
  });
  afterAll(async () => {
    await worker?.close();
    core?.cleanup();
    bucket?.destroy();
    await capture?.close();
    await s3?.close();
    home.cleanup();
  });

  it('refuses to re-point the stored profile at another endpoint without the secret again (NO_SECRET, keychain untouched)', async () => {
    const answer = await worker.call('profiles:save', { ...stored, id: profileId, endpoint: capture.endpoint });
    expect(answer).toMatchObject({ ok: false, error: { code: 'NO_SECRET' } });
    // Nor another bucket or access key on the same endpoint.
    expect(await worker.call('profiles:save', { ...stored, id: profileId, bucket: 'attacker-bucket' })).toMatchObject({ ok: false, error: { code: 'NO_SECRET' } });
    expect(await worker.call('profiles:save', { ...stored, id: profileId, accessKeyId: 'ATTACKERKEY' })).toMatchObject({ ok: false, error: { code: 'NO_SECRET' } });
    expect(credentials.entries.get(profileId)).toBe(SECRET);
    expect(core.profiles.profile(profileId).endpoint).toBe(s3.endpoint);
  });

  it('refuses to test a draft pointed elsewhere with the stored secret (NO_SECRET)', async () => {
    const answer = await worker.call('profiles:test', { draft: { ...stored, id: profileId, endpoint: capture.endpoint } });
    expect(answer).toMatchObject({ ok: true, data: { ok: false, error: { code: 'NO_SECRET' } } });
  });

  it('refuses an upload that names a local path instead of a grant from the file dialog or a drop', async () => {
    const byPath = await worker.call('uploads:start', { target: { model: 'loot', post: 'keys' }, paths: [idRsa] });
    expect(byPath).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // A made-up grant id, or a path where a grant id goes, is no grant.
    for (const grant of [idRsa, '00000000-0000-4000-8000-000000000000', '../../.ssh/id_rsa']) {
      const answer = await worker.call('uploads:start', { target: { model: 'loot', post: 'keys' }, grants: [grant], acl: 'public-read' });
      expect(answer.ok, grant).toBe(false);
    }
  });

  it('cannot make anything public without the confirmation main shows itself', async () => {
    // This worker's host shows no dialogs: nothing can be confirmed, nothing is changed.
    const answer = await worker.call('links:setAcl', { keys: ['loot/keys/id_rsa'], public: true });
    expect(answer.ok).toBe(false);
    expect(await worker.call('links:setAcl', { keys: ['loot/keys/id_rsa'], public: true, confirmed: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('leaves the capture server without a single request, and the bucket without the key', async () => {
    // Whatever was queued has had time to run.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(capture.requests).toEqual([]);
    const listed = await bucket.send(new ListObjectsV2Command({ Bucket: 'media' }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual([]);
    expect(credentials.entries.get(profileId)).toBe(SECRET);
  });
});
