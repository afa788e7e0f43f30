/**
 * Bucket bytes are data: anyone who can write to the Space can store an
 * object whose bytes are HTML, JavaScript or SVG under any name and content
 * type. Through the real core worker (the route main's protocol asks for),
 * an original is served only when its extension AND its sniffed bytes are an
 * allowed image or video type, with a sandboxing CSP and nosniff; anything
 * else is 415. Originals stream and answer Range requests (video scrubbing).
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreWorker } from '../../../src/main/worker/core-host';
import { clientFor, localConnection } from '../../fixtures/bucket';
import { testCore, type TestCore } from '../../fixtures/core';
import { startCoreWorker } from '../../fixtures/core-worker';
import { bodyBytes } from '../../fixtures/library-route';
import { startS3rver, type LocalS3 } from '../../fixtures/s3rver';

const HTML = Buffer.from('<!doctype html><html><body><script>parent.__pwned = 1</script></body></html>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="parent.__pwned=1"><script>parent.__pwned=1</script></svg>');
const JS = Buffer.from('parent.__pwned = 1;');

/** An ISO-BMFF header (ftyp isom) and filler: what a browser and a sniffer take for MP4. */
function mp4(size: number): Buffer {
  const body = Buffer.alloc(size);
  Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex').copy(body);
  for (let i = 24; i < size; i++) body[i] = i % 251;
  return body;
}

export const HOSTILE: Record<string, { body: Buffer; contentType: string }> = {
  'evil/post/page.jpg': { body: HTML, contentType: 'text/html' },
  'evil/post/page.html': { body: HTML, contentType: 'text/html' },
  'evil/post/vector.svg': { body: SVG, contentType: 'image/svg+xml' },
  'evil/post/vector.png': { body: SVG, contentType: 'image/png' },
  'evil/post/script.gif': { body: JS, contentType: 'image/gif' },
  'evil/post/script.js': { body: JS, contentType: 'application/javascript' },
};

describe('originals: bucket bytes served as data, never as the app', () => {
  let s3: LocalS3;
  let bucket: S3Client;
  let core: TestCore;
  let worker: CoreWorker;
  let profileId: string;
  let jpeg: Buffer;
  let png: Buffer;
  const video = mp4(300_000);

  const path = (key: string) => `/original/${encodeURIComponent(profileId)}/-/${encodeURIComponent(key)}`;

  beforeAll(async () => {
    s3 = await startS3rver('media');
    bucket = clientFor(localConnection(s3.endpoint, 'media'));
    jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
    png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 30, g: 30, b: 200 } } }).png().toBuffer();
    const objects: Record<string, { body: Buffer; contentType: string }> = {
      ...HOSTILE,
      'good/post/photo.jpg': { body: jpeg, contentType: 'image/jpeg' },
      // A PNG named .jpg, stored as text/html: served as what its bytes are, an allowed image.
      'good/post/mislabelled.jpg': { body: png, contentType: 'text/html' },
      'good/post/clip.mp4': { body: video, contentType: 'video/mp4' },
    };
    for (const [Key, o] of Object.entries(objects)) await bucket.send(new PutObjectCommand({ Bucket: 'media', Key, Body: o.body, ContentType: o.contentType }));
    core = testCore();
    worker = await startCoreWorker(core);
    const saved = await worker.call('profiles:save', { name: 'studio', endpoint: s3.endpoint, bucket: 'media', pathStyle: 'path', accessKeyId: 'S3RVER', secret: 'S3RVER' });
    profileId = (saved as { data: { id: string } }).data.id;
    expect(await worker.call('sync:start', undefined)).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await worker?.close();
    core?.cleanup();
    bucket?.destroy();
    await s3?.close();
  });

  it.each(Object.keys(HOSTILE))('refuses %s (HTML, SVG or script bytes) with 415, whatever its name and stored type', async (key) => {
    const res = await worker.route(path(key));
    expect(res?.status).toBe(415);
    expect(res?.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res?.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res?.headers['x-content-type-options']).toBe('nosniff');
    expect((await bodyBytes(res!.body)).toString()).not.toContain('__pwned');
  });

  it('serves an allowed image with the type its bytes have, sandboxed and unsniffable', async () => {
    const res = await worker.route(path('good/post/photo.jpg'));
    expect(res).toMatchObject({
      status: 200,
      headers: {
        'content-type': 'image/jpeg',
        'content-security-policy': "default-src 'none'; sandbox",
        'x-content-type-options': 'nosniff',
        'content-length': String(jpeg.length),
        'accept-ranges': 'bytes',
      },
      body: { kind: 'stream' },
    });
    expect((await bodyBytes(res!.body)).equals(jpeg)).toBe(true);
    const mislabelled = await worker.route(path('good/post/mislabelled.jpg'));
    expect(mislabelled?.headers['content-type']).toBe('image/png');
  });

  it('answers Range requests so video plays and scrubs through the app protocol', async () => {
    const whole = await worker.route(path('good/post/clip.mp4'));
    expect(whole).toMatchObject({ status: 200, headers: { 'content-type': 'video/mp4', 'content-length': String(video.length) } });
    expect((await bodyBytes(whole!.body)).equals(video)).toBe(true);

    const middle = await worker.route(path('good/post/clip.mp4'), { range: 'bytes=100000-100999' });
    expect(middle).toMatchObject({ status: 206, headers: { 'content-type': 'video/mp4', 'content-range': `bytes 100000-100999/${video.length}`, 'content-length': '1000' } });
    expect((await bodyBytes(middle!.body)).equals(video.subarray(100_000, 101_000))).toBe(true);

    const tail = await worker.route(path('good/post/clip.mp4'), { range: 'bytes=299000-' });
    expect(tail).toMatchObject({ status: 206, headers: { 'content-range': `bytes 299000-299999/${video.length}` } });
    expect((await bodyBytes(tail!.body)).equals(video.subarray(299_000))).toBe(true);

    expect(await worker.route(path('good/post/clip.mp4'), { range: 'bytes=400000-' })).toMatchObject({ status: 416, headers: { 'content-range': `bytes */${video.length}` } });
  });

  it('answers 404 for what the index does not hold, and for malformed paths', async () => {
    expect((await worker.route(path('good/post/missing.jpg')))?.status).toBe(404);
    for (const bad of ['/original/x', `/original/${profileId}/-/%E0%A4%A`, `/original/${profileId}/-/a/b`]) {
      expect((await worker.route(bad))?.status, bad).toBe(404);
    }
  });
});
