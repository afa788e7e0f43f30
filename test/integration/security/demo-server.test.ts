/**
 * The demo library's local S3 server against a web page that found its port
 * (no preflight for a simple POST or a no-cors PUT) and against anyone on the
 * machine without its credential. Payloads that hurt the s3rver the demo
 * used to embed in the main process: a key with encoded `../` (it wrote
 * files outside its directory) and a malformed multipart POST (dicer threw
 * an uncaught exception, taking the process down). After them: no file
 * outside the server's root, this process alive, the demo still answering
 * the app (signed with its random credential) and nobody else.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DEMO_BUCKET, startDemoLibrary, type DemoLibrary } from '../../../src/main/core/demo/demo-library';
import { presignGet } from '../../../src/main/core/links/presign';
import { createS3Client } from '../../../src/main/core/s3/client';
import { testCore, type TestCore } from '../../fixtures/core';
import { startDemoServer } from '../../fixtures/demo-server';
import { tempDir } from '../../fixtures/temp';

/** Every file and folder under `dir`, relative. */
function tree(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = `${prefix}${e.name}`;
    return e.isDirectory() ? [`${rel}/`, ...tree(`${dir}/${e.name}`, `${rel}/`)] : [rel];
  });
}

const BOUNDARY = 'XyZ';
const MULTIPART_CRASHERS = [
  // dicer's header parser reads past a header line that starts with whitespace.
  `--${BOUNDARY}\r\n Content-Disposition: form-data; name="file"\r\n\r\n\r\n--${BOUNDARY}--\r\n`,
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="key"\r\n\r\nx\r\n--${BOUNDARY}\r\n\r\n\r\n\r\n--${BOUNDARY}--`,
  `--${BOUNDARY}\r\n:\r\n\r\nabc\r\n--${BOUNDARY}--\r\n`,
];

describe('the demo server: out of the app process, on 127.0.0.1, behind a random credential', () => {
  const data = tempDir('spaces-demo-attack-');
  const root = `${data.path}/sandbox/demo-bucket`;
  let core: TestCore;
  let demo: DemoLibrary;
  const outside = () => tree(dirname(root)).filter((f) => !f.startsWith('demo-bucket/') && f !== 'demo-bucket/');

  beforeAll(async () => {
    core = testCore({ dataDir: data.path });
    demo = await startDemoLibrary(core, { start: startDemoServer, directory: root, sample: { models: 1, postsPerModel: 1, imagesPerPost: 2, imageSize: 96, videoEvery: 0 } });
  });
  afterAll(async () => {
    await demo?.stop();
    core?.cleanup();
    data.cleanup();
  });

  it('listens on loopback only', () => {
    expect(new URL(demo.endpoint).hostname).toBe('127.0.0.1');
  });

  it('writes nothing outside its root for encoded ../ keys, signed or not', async () => {
    const before = outside();
    for (const key of ['..%2F..%2Fescaped.txt', '..%2Fescaped.txt', '%2E%2E%2F%2E%2E%2Fescaped.txt', '..%5C..%5Cescaped.txt', 'a/../../../escaped.txt']) {
      const res = await fetch(`${demo.endpoint}/demo-media/${key}`, { method: 'PUT', body: 'owned' }).catch(() => null);
      expect(res?.status ?? 0, key).not.toBe(200);
    }
    expect(outside()).toEqual(before);
    expect(tree(dirname(root)).some((f) => f.includes('escaped'))).toBe(false);
  });

  it('survives malformed multipart POSTs (a web page needs no preflight for them), and this process is alive', async () => {
    for (const body of MULTIPART_CRASHERS) {
      const res = await fetch(`${demo.endpoint}/demo-media`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body }).catch(() => null);
      expect(res?.status ?? 0).not.toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('checks the signature, serves ranges and presigned GETs, and refuses writes (read-only)', async () => {
    const key = 'aurora/profile/icon.jpg';
    const connection = (secretAccessKey: string) => createS3Client({ endpoint: demo.endpoint, region: 'us-east-1', bucket: DEMO_BUCKET, forcePathStyle: true, accessKeyId: demo.credential.accessKeyId, secretAccessKey, rootPrefix: '' });
    const good = connection(demo.credential.secretAccessKey);
    const forged = connection('not-the-secret');
    try {
      const part = await good.send(new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: key, Range: 'bytes=0-9' }));
      expect(part.ContentRange).toMatch(/^bytes 0-9\/\d+$/);
      expect((await part.Body!.transformToByteArray()).length).toBe(10);
      await expect(forged.send(new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: key }))).rejects.toMatchObject({ name: 'AccessDenied' });
      await expect(good.send(new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: 'aurora/new.jpg', Body: 'x' }))).rejects.toMatchObject({ name: 'AccessDenied' });
      const url = await presignGet(good, DEMO_BUCKET, key, { expiresIn: 60, download: false, signingDate: new Date() });
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(url.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'0'.repeat(64)}`))).status).toBe(403);
      const old = await presignGet(good, DEMO_BUCKET, key, { expiresIn: 60, download: false, signingDate: new Date(Date.now() - 3_600_000) });
      expect((await fetch(old)).status).toBe(403);
    } finally {
      good.destroy();
      forged.destroy();
    }
  });

  it('answers nobody without its credential, and still serves the app', async () => {
    expect((await fetch(`${demo.endpoint}/demo-media?list-type=2`)).status).toBe(403);
    expect((await fetch(`${demo.endpoint}/demo-media/aurora/profile/icon.jpg`)).status).toBe(403);
    // The app's own requests, signed with the demo's random credential, still work after the attacks.
    const result = await core.sync.run(core.profiles.profile(demo.profileId));
    expect(result).toMatchObject({ status: 'completed' });
    expect(result.objects).toBeGreaterThan(3);
  });
});
