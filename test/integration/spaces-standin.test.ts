/**
 * The Spaces stand-in's own behaviours, one test each: every test sends what
 * Spaces refuses (the client breaks the rule) and checks the refusal, then
 * shows a well-behaved client passing, so each would fail if the stand-in
 * stopped enforcing its rule. docs/SPACES-STANDIN.md lists them with sources.
 */
import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/main/core/s3/client';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { SPACES_BEHAVIOURS, startSpacesStandin, type SpacesStandin } from '../fixtures/spaces-standin';

const KEY = 'ALLOWEDKEY';
const SCOPED = 'SCOPEDKEY';

/** An SDK client as a person would build one: the SDK's defaults unless told otherwise. */
function sdkClient(endpoint: string, config: Partial<S3ClientConfig> = {}, accessKeyId = KEY): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey: 'secret' }, maxAttempts: 1, ...config });
}

/** The app's own client (WHEN_REQUIRED checksums), through the stand-in. */
function appClient(endpoint: string, forcePathStyle = true, accessKeyId = KEY, maxAttempts = 1): S3Client {
  return createS3Client({ endpoint, region: 'us-east-1', bucket: 'media', forcePathStyle, accessKeyId, secretAccessKey: 'secret', rootPrefix: '' }, { maxAttempts });
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.Code ?? e.name ?? '', status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the request to be refused, it succeeded');
}

describe('the Spaces stand-in refuses what Spaces refuses (upstream: s3rver)', () => {
  let s3: LocalS3;
  let standin: SpacesStandin;
  const clients: S3Client[] = [];
  const track = <T extends S3Client>(c: T) => (clients.push(c), c);

  beforeAll(async () => {
    s3 = await startS3rver('media');
    standin = await startSpacesStandin(s3.endpoint, {}, { upstreamAccessKey: s3.accessKeyId });
  });
  afterEach(() => {
    standin.set(SPACES_BEHAVIOURS);
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => {
    await standin?.close();
    await s3?.close();
  });

  it('501 NotImplemented for a client on the SDK default checksum settings (x-amz-checksum-*, x-amz-sdk-checksum-algorithm)', async () => {
    const defaults = track(sdkClient(standin.endpoint));
    expect(await failure(defaults.send(new PutObjectCommand({ Bucket: 'media', Key: 'crc.txt', Body: 'hello' })))).toEqual({ name: 'NotImplemented', status: 501 });
    const refused = standin.refusals('not-implemented').at(-1)!;
    expect(refused.operation).toBe('PutObject');
    expect(refused.offending.some((h) => /^x-amz-(checksum-crc32|sdk-checksum-algorithm)$/.test(h))).toBe(true);
    // The same request from the app's client (WHEN_REQUIRED) passes.
    await track(appClient(standin.endpoint)).send(new PutObjectCommand({ Bucket: 'media', Key: 'crc.txt', Body: 'hello' }));
    // And the rule is what refused it: switched off, the default client passes too.
    standin.set({ rejectChecksums: false });
    await defaults.send(new PutObjectCommand({ Bucket: 'media', Key: 'crc.txt', Body: 'hello' }));
  });

  it('501 for a streamed upload (aws-chunked body, STREAMING-* payload hash, x-amz-trailer)', async () => {
    const { Readable } = await import('node:stream');
    const streaming = track(sdkClient(standin.endpoint));
    const body = Readable.from([Buffer.from('chunk one '), Buffer.from('chunk two')]);
    const refused = await failure(streaming.send(new PutObjectCommand({ Bucket: 'media', Key: 'stream.txt', Body: body, ContentLength: 19 })));
    expect(refused).toEqual({ name: 'NotImplemented', status: 501 });
    const offending = standin.refusals('not-implemented').at(-1)!.offending.join(' ');
    expect(offending).toMatch(/aws-chunked|STREAMING-|x-amz-trailer/);
  });

  it('501 for a presigned URL that signs a checksum parameter (the SDK default client signs x-amz-checksum-mode)', async () => {
    await track(appClient(standin.endpoint)).send(new PutObjectCommand({ Bucket: 'media', Key: 'crc.txt', Body: 'hello' }));
    const command = () => new GetObjectCommand({ Bucket: 'media', Key: 'crc.txt' });
    const appUrl = await getSignedUrl(track(appClient(standin.endpoint)), command(), { expiresIn: 60 });
    expect((await fetch(appUrl)).status).toBe(200);
    const defaultUrl = await getSignedUrl(track(sdkClient(standin.endpoint)), command(), { expiresIn: 60 });
    expect([...new URL(defaultUrl).searchParams.keys()].some((k) => /checksum/i.test(k))).toBe(true);
    expect((await fetch(defaultUrl)).status).toBe(501);
    expect(standin.refusals('not-implemented').at(-1)!.offending).toContain('x-amz-checksum-mode');
  });

  it('400 BadDigest for a Content-MD5 that does not match the body (s3rver alone accepts it)', async () => {
    const wrongMd5 = createHash('md5').update('something else').digest('base64');
    const put = (client: S3Client) => client.send(new PutObjectCommand({ Bucket: 'media', Key: 'md5.txt', Body: 'the body', ContentMD5: wrongMd5 }));
    expect(await failure(put(track(appClient(standin.endpoint))))).toEqual({ name: 'BadDigest', status: 400 });
    await put(track(createS3Client({ ...s3, forcePathStyle: true, rootPrefix: '' }, { maxAttempts: 1 }))); // the upstream takes it: only the stand-in checks
    expect(await failure(track(appClient(standin.endpoint)).send(new PutObjectCommand({ Bucket: 'media', Key: 'md5.txt', Body: 'x', ContentMD5: 'not-base64!' })))).toMatchObject({ status: 400 });
    const right = createHash('md5').update('the body').digest('base64');
    await track(appClient(standin.endpoint)).send(new PutObjectCommand({ Bucket: 'media', Key: 'md5.txt', Body: 'the body', ContentMD5: right }));
  });

  it('400 InvalidArgument for a canned ACL other than private or public-read', async () => {
    const client = track(appClient(standin.endpoint));
    expect(await failure(client.send(new PutObjectCommand({ Bucket: 'media', Key: 'acl.txt', Body: 'x', ACL: 'authenticated-read' })))).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(await failure(client.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'acl.txt', ACL: 'bucket-owner-full-control' })))).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(standin.refusals('canned-acl')).toHaveLength(2);
    await client.send(new PutObjectCommand({ Bucket: 'media', Key: 'acl.txt', Body: 'x', ACL: 'public-read' }));
  });

  it('503 SlowDown for the 11th PUT in flight to one object, not for the 10th', async () => {
    standin.set({ latencyMs: 400 });
    const client = track(appClient(standin.endpoint));
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'parts.bin' }));
    const part = Buffer.alloc(1024, 7);
    const sendParts = (count: number) =>
      Promise.allSettled(Array.from({ length: count }, (_, i) => client.send(new UploadPartCommand({ Bucket: 'media', Key: 'parts.bin', UploadId, PartNumber: i + 1, Body: part }))));
    const ten = await sendParts(10);
    expect(ten.filter((r) => r.status === 'rejected')).toEqual([]);
    const eleven = await sendParts(11);
    const refused = eleven.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(await failure(Promise.reject((refused[0] as PromiseRejectedResult).reason))).toEqual({ name: 'SlowDown', status: 503 });
    expect(standin.refusals('concurrent-puts')).toHaveLength(1);
  });

  it('503 SlowDown at a set, seeded rate: a client without retries fails, the app client retries through', async () => {
    const run = async () => {
      standin.set({ slowDownRate: 0.3, seed: 42 });
      const client = track(appClient(standin.endpoint));
      const results = [];
      for (let i = 0; i < 30; i++) results.push(await client.send(new ListObjectsV2Command({ Bucket: 'media', MaxKeys: 1 })).then(() => 'ok', (e: { name: string }) => e.name));
      return results;
    };
    const first = await run();
    const slowDowns = first.filter((r) => r === 'SlowDown').length;
    expect(slowDowns).toBeGreaterThan(3);
    expect(slowDowns).toBeLessThan(20);
    expect(await run()).toEqual(first); // the same seed, the same answers
    standin.set({ slowDownRate: 0.3, seed: 42 });
    const patient = track(appClient(standin.endpoint, true, KEY, 6));
    for (let i = 0; i < 10; i++) await patient.send(new HeadObjectCommand({ Bucket: 'media', Key: 'acl.txt' }));
  });

  it('refuses a presigned URL whose X-Amz-Expires is over 604800 seconds', async () => {
    const signer = track(appClient(standin.endpoint));
    const url = new URL(await getSignedUrl(signer, new GetObjectCommand({ Bucket: 'media', Key: 'acl.txt' }), { expiresIn: 604_800 }));
    expect((await fetch(url)).status).toBe(200);
    // The SDK refuses to sign more than 7 days; a hand-edited URL is what breaks the rule.
    url.searchParams.set('X-Amz-Expires', '604801');
    const refused = await fetch(url);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('AuthorizationQueryParametersError');
    expect(standin.refusals('presign-expiry')).toHaveLength(1); // refused here, before s3rver (which checks it too; moto does not)
  });

  it('a scoped key gets 403 on ?acl, ListBuckets and other buckets, and works in its own bucket', async () => {
    standin.set({ scopedKeys: { [SCOPED]: 'media' } });
    const scoped = track(appClient(standin.endpoint, true, SCOPED));
    const full = track(appClient(standin.endpoint, true, KEY));
    expect(await failure(scoped.send(new ListBucketsCommand({})))).toEqual({ name: 'AccessDenied', status: 403 });
    expect(await failure(scoped.send(new ListObjectsV2Command({ Bucket: 'other-bucket' })))).toEqual({ name: 'AccessDenied', status: 403 });
    const { GetObjectAclCommand } = await import('@aws-sdk/client-s3');
    expect(await failure(scoped.send(new GetObjectAclCommand({ Bucket: 'media', Key: 'acl.txt' })))).toEqual({ name: 'AccessDenied', status: 403 });
    expect((await scoped.send(new ListObjectsV2Command({ Bucket: 'media', MaxKeys: 1 }))).KeyCount).toBe(1);
    // The full-access key is not affected.
    await full.send(new ListBucketsCommand({}));
    await full.send(new GetObjectAclCommand({ Bucket: 'media', Key: 'acl.txt' }));
  });

  it('expired upload ids answer NoSuchUpload (resume after Spaces removed the upload)', async () => {
    const client = track(appClient(standin.endpoint));
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'expiring.bin' }));
    await client.send(new UploadPartCommand({ Bucket: 'media', Key: 'expiring.bin', UploadId, PartNumber: 1, Body: Buffer.alloc(10) }));
    expect(await standin.expireUploads()).toBeGreaterThanOrEqual(1);
    expect(await failure(client.send(new ListPartsCommand({ Bucket: 'media', Key: 'expiring.bin', UploadId })))).toEqual({ name: 'NoSuchUpload', status: 404 });
    expect(await failure(client.send(new UploadPartCommand({ Bucket: 'media', Key: 'expiring.bin', UploadId, PartNumber: 2, Body: Buffer.alloc(10) })))).toEqual({ name: 'NoSuchUpload', status: 404 });
    // By age, too.
    standin.set({ uploadTtlMs: 50 });
    const second = await client.send(new CreateMultipartUploadCommand({ Bucket: 'media', Key: 'expiring.bin' }));
    await new Promise((r) => setTimeout(r, 120));
    expect(await failure(client.send(new ListPartsCommand({ Bucket: 'media', Key: 'expiring.bin', UploadId: second.UploadId })))).toMatchObject({ name: 'NoSuchUpload' });
  });

  it('answers virtual-hosted (BUCKET.localhost) and path-style requests for the same objects', async () => {
    const virtual = track(appClient(standin.endpoint, false));
    await virtual.send(new PutObjectCommand({ Bucket: 'media', Key: 'both ways/a b+c.txt', Body: 'same object' }));
    const viaPath = await track(appClient(standin.endpoint, true)).send(new GetObjectCommand({ Bucket: 'media', Key: 'both ways/a b+c.txt' }));
    expect(await viaPath.Body!.transformToString()).toBe('same object');
    const listed = await virtual.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: 'both ways/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['both ways/a b+c.txt']);
    expect(standin.requests.some((r) => r.host.startsWith('media.localhost:') && r.operation === 'PutObject')).toBe(true);
  });

  it('the CDN host answers only for buckets with the CDN on', async () => {
    const url = `${standin.cdnBase('media')}/acl.txt`;
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(404);
    standin.set({ cdnBuckets: ['media'] });
    const on = await fetch(url);
    expect(on.status).toBe(200);
    expect(await on.text()).toBe('x');
  });
});
