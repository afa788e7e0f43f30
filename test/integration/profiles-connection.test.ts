import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/main/core/s3/client';
import { profileFormSchema, type ConnectionTestResult, type ProfileForm } from '../../src/shared/profile';
import { testCore, type TestCore } from '../fixtures/core';
import { freePort, motoAvailability, startMoto, type MotoServer } from '../fixtures/moto';
import { createMotoUsers, type IamKey } from '../fixtures/moto-iam';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';

function draft(form: Partial<ProfileForm> & Pick<ProfileForm, 'endpoint' | 'bucket' | 'accessKeyId'>, secret: string) {
  return profileFormSchema.parse({ name: 'draft', ...form, secret });
}

function failed(result: ConnectionTestResult) {
  if (result.ok) throw new Error(`expected the test to fail, it passed: ${JSON.stringify(result)}`);
  return result.error;
}

describe('test connection against s3rver, a closed port and a TLS mismatch', () => {
  let s3: LocalS3;
  let core: TestCore;
  beforeAll(async () => {
    s3 = await startS3rver('media');
    core = testCore();
  });
  afterAll(async () => {
    core?.cleanup();
    await s3?.close();
  });

  it('reaches an existing bucket and sees its objects, for a draft and for a saved profile', async () => {
    const client = createS3Client({ ...s3, forcePathStyle: true, rootPrefix: '' });
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'alice/thumb.jpg', Body: 'x' }));
    client.destroy();

    const result = await core.profiles.test({ draft: draft({ endpoint: s3.endpoint, bucket: 'media', accessKeyId: s3.accessKeyId }, s3.secretAccessKey) });
    expect(result).toMatchObject({ ok: true, bucket: 'media', host: new URL(s3.endpoint).host, objectsVisible: 1 });

    const saved = await core.profiles.save(
      profileFormSchema.parse({ name: 'local', endpoint: s3.endpoint, bucket: 'media', accessKeyId: s3.accessKeyId, secret: s3.secretAccessKey }),
    );
    expect(saved).toMatchObject({ active: true, hasSecret: true, usesPathStyle: true, region: 'us-east-1' });
    expect(await core.profiles.test({ id: saved.id })).toMatchObject({ ok: true, objectsVisible: 1 });
  });

  it('says BUCKET_NOT_FOUND for a bucket the server does not have', async () => {
    const error = failed(await core.profiles.test({ draft: draft({ endpoint: s3.endpoint, bucket: 'no-such-bucket', accessKeyId: s3.accessKeyId }, s3.secretAccessKey) }));
    expect(error.code).toBe('BUCKET_NOT_FOUND');
    expect(error.message).toContain('"no-such-bucket"');
    expect(error.message).toContain(new URL(s3.endpoint).host);
  });

  it('says NETWORK, naming the host, for a closed port — in seconds', { timeout: 15_000 }, async () => {
    const port = await freePort();
    const started = Date.now();
    const error = failed(await core.profiles.test({ draft: draft({ endpoint: `http://127.0.0.1:${port}`, bucket: 'media', accessKeyId: 'K' }, 'S') }));
    console.log(`closed port answered NETWORK in ${Date.now() - started} ms`);
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toMatch(/refused/);
  });

  it('says NETWORK (DNS) for a host name that does not resolve', { timeout: 30_000 }, async () => {
    const error = failed(await core.profiles.test({ draft: draft({ endpoint: 'http://no-such-host.invalid', bucket: 'media', accessKeyId: 'K' }, 'S') }));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain('no-such-host.invalid');
  });

  it('says NETWORK for a server that accepts the connection and never answers', { timeout: 30_000 }, async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      const error = failed(await core.profiles.test({ draft: draft({ endpoint: `http://127.0.0.1:${port}`, bucket: 'media', accessKeyId: 'K' }, 'S') }));
      expect(error.code).toBe('NETWORK');
      expect(error.message).toContain('did not answer in time');
    } finally {
      silent.close();
    }
  });

  it('says TLS when https:// points at a plain-HTTP port', async () => {
    const endpoint = s3.endpoint.replace('http://', 'https://');
    const error = failed(await core.profiles.test({ draft: draft({ endpoint, bucket: 'media', accessKeyId: 'K' }, 'S') }));
    expect(error.code).toBe('TLS');
    expect(error.message).toContain(new URL(endpoint).host);
  });

  it('says NO_SECRET for a draft without a secret, before any request', async () => {
    const form = profileFormSchema.parse({ name: 'x', endpoint: s3.endpoint, bucket: 'media', accessKeyId: 'K' });
    expect(failed(await core.profiles.test({ draft: form })).code).toBe('NO_SECRET');
  });
});

const moto = motoAvailability();
if (!moto.ok) console.warn(`[skip] profiles-connection.test.ts (moto auth mode): ${moto.reason}`);

describe.skipIf(!moto.ok)('test connection against moto in its authenticating mode', () => {
  let server: MotoServer;
  let users: { admin: IamKey; limited: IamKey };
  let core: TestCore;
  beforeAll(async () => {
    server = await startMoto({ authActions: 3 });
    users = createMotoUsers(server.endpoint, 'media');
    core = testCore();
  });
  afterAll(async () => {
    core?.cleanup();
    await server?.close();
  });

  const test = (accessKeyId: string, secret: string, bucket = 'media') =>
    core.profiles.test({ draft: draft({ endpoint: server.endpoint, bucket, accessKeyId }, secret) });

  it('passes with the right key and secret', async () => {
    expect(await test(users.admin.accessKeyId, users.admin.secretAccessKey)).toMatchObject({ ok: true, objectsVisible: 0 });
  });

  it('says AUTH_FAILED for a wrong secret, without showing the secret', async () => {
    const wrong = 'wrong-secret-for-the-test-0123456789';
    const error = failed(await test(users.admin.accessKeyId, wrong));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toMatch(/secret key was rejected/);
    expect(error.message).toContain(new URL(server.endpoint).host);
    expect(JSON.stringify(error)).not.toContain(wrong);
    expect(core.log.lines.join('\n')).not.toContain(wrong);
  });

  it('says AUTH_FAILED for an unknown access key, and names it', async () => {
    const error = failed(await test('unknown-test-key', 'whatever-secret'));
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toContain('unknown-test-key');
    expect(error.message).toMatch(/not known/);
  });

  it('says ACCESS_DENIED for a valid key without permission on the bucket', async () => {
    const error = failed(await test(users.limited.accessKeyId, users.limited.secretAccessKey));
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.message).toContain('"media"');
  });

  it('says BUCKET_NOT_FOUND for a missing bucket with good keys', async () => {
    expect(failed(await test(users.admin.accessKeyId, users.admin.secretAccessKey, 'missing-bucket')).code).toBe('BUCKET_NOT_FOUND');
  });
});
