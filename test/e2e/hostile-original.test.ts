/**
 * A hostile bucket in the real renderer: someone with write access to the
 * Space stored HTML (with a script) under a photo's name and a text/html
 * Content-Type. Opening it in the viewer must neither run it nor give it the
 * app's origin: the viewer asks the media origin (not the page's, which IPC
 * trusts), which answers 415 with a sandboxing CSP; the page's own origin
 * serves no originals at all.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../src/main/core/s3/client';
import { testCore, type TestCore } from '../fixtures/core';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { closeBrowser, HARNESS_MEDIA_ORIGIN, HARNESS_ORIGIN, openApp, type Harness } from './harness';

const PAYLOAD = '<!doctype html><title>owned</title><script>window.__pwned = 1; try { parent.__pwned = 1 } catch {}</script><h1>owned</h1>';

describe('a hostile object opened as an original is data: not rendered, not same-origin', () => {
  let s3: LocalS3;
  let core: TestCore;
  let app: Harness;
  let profileId: string;

  beforeAll(async () => {
    s3 = await startS3rver();
    const client = createS3Client({ ...s3, forcePathStyle: true, rootPrefix: '' });
    const photo = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 40, g: 120, b: 200 } } }).jpeg().toBuffer();
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'mallory/drop/IMG_0001.jpg', Body: Buffer.from(PAYLOAD), ContentType: 'text/html' }));
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'mallory/drop/IMG_0002.jpg', Body: photo, ContentType: 'text/html' }));
    client.destroy();
    core = testCore();
    const saved = await core.profiles.save({
      name: 'studio', endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, rootPrefix: '', pathStyle: 'path', cdnMode: 'none', cdnDomain: null,
      defaultAcl: 'private', cacheControl: null, accessKeyId: s3.accessKeyId, secret: s3.secretAccessKey, active: true,
    });
    profileId = saved.id;
    await core.sync.run(core.profiles.profile(profileId));
    app = await openApp({ core });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
    await s3?.close();
  });

  it('the viewer asks the media origin, which refuses HTML bytes (415) and the viewer falls back to its preview', async () => {
    const { page } = app;
    await page.goto(`${HARNESS_ORIGIN}/index.html#/models/mallory/drop?item=${encodeURIComponent('mallory/drop/IMG_0001.jpg')}`);
    const original = page.getByTestId('viewer-original');
    const src = await original.getAttribute('src');
    expect(new URL(src!).origin).toBe(HARNESS_MEDIA_ORIGIN);
    expect(new URL(src!).origin).not.toBe(new URL(page.url()).origin);
    // Refused, so the <img> fails and the viewer shows the cached preview instead.
    await page.getByText(/could not be loaded from the bucket/).waitFor();
    await app.screenshot('security-hostile-original-viewer');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // Opened on its own (a person following the link): a 415 text, no script, sandboxed.
    const tab = await page.context().newPage();
    const res = await tab.goto(src!);
    expect(res?.status()).toBe(415);
    expect(res?.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res?.headers()['content-type']).toBe('text/plain; charset=utf-8');
    expect(await tab.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await tab.close();

    // The page's own origin serves no originals at all.
    const sameOrigin = await page.evaluate((path) => fetch(path).then((r) => r.status), new URL(src!).pathname);
    expect(sameOrigin).toBe(404);
  });

  it('a real photo stored as text/html is shown as the image its bytes are, from the media origin, sandboxed', async () => {
    const { page } = app;
    await page.goto(`${HARNESS_ORIGIN}/index.html#/models/mallory/drop?item=${encodeURIComponent('mallory/drop/IMG_0002.jpg')}`);
    const original = page.getByTestId('viewer-original');
    await expect.poll(() => original.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBe(600);
    await app.screenshot('security-original-sniffed-jpeg');
    const tab = await page.context().newPage();
    const res = await tab.goto((await original.getAttribute('src'))!);
    expect(res?.headers()['content-type']).toBe('image/jpeg');
    expect(res?.headers()['x-content-type-options']).toBe('nosniff');
    expect(res?.headers()['content-security-policy']).toBe("default-src 'none'; sandbox");
    await tab.close();
  });
});
