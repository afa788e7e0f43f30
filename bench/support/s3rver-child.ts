/**
 * The bench's S3 server, in its own process (so its CPU and memory are not
 * counted as ours): fills s3rver's on-disk store directly (much faster than
 * PUTs: the same files s3rver writes — object, .md5, metadata.json), starts
 * s3rver on it, optionally behind a latency proxy, and prints its endpoint.
 *
 *   s3rver-child DIR BUCKET OBJECTS [LATENCY_MS] [bench|images]
 * `bench`: the library layout of test/fixtures/library-layout.ts with placeholder bodies;
 * `images`: OBJECTS real photo-like JPEGs (1600×1200) in gallery/shoot/;
 * `original`: one OBJECTS-MiB file, gallery/big/panorama.jpg (the viewer's largest kind of original);
 * `mixed`: the upload benchmark's 1 GiB under bench/ (3 × 256 MiB + 256 × 1 MiB, random bytes), for the download benchmark;
 *   OBJECTS > 0 scales it to OBJECTS MiB (3 × OBJECTS/4 MiB + OBJECTS/4 × 1 MiB) for a quick check.
 */
import { randomFillSync } from 'node:crypto';
import S3rver from 's3rver';
import type { AddressInfo } from 'node:net';
import { startLatencyProxy } from '../../test/fixtures/latency-proxy';
import { benchKeys } from '../../test/fixtures/library-layout';
import { s3rverStoreWriter } from '../../test/fixtures/s3rver-store';
import { renderSampleImage } from '../../src/main/core/demo/sample-library';

const [directory, bucket, objectsArg, latencyArg, layout = 'bench'] = process.argv.slice(2);
const objects = Number(objectsArg);
const latency = Number(latencyArg ?? 0);

/** Distinct photos to cycle through: decoding cost is per image, whatever the bytes repeat. */
const PHOTO_VARIANTS = 24;

async function* entries(): AsyncGenerator<{ key: string; body: Buffer }> {
  if (layout === 'mixed') {
    const quarter = (objects || 1024) / 4;
    const big = Buffer.allocUnsafe(quarter * 1024 * 1024);
    for (let i = 0; i < 3; i++) yield { key: `bench/video-${i}.mp4`, body: randomFillSync(big) };
    for (let i = 0; i < quarter; i++) yield { key: `bench/small/photo-${String(i).padStart(3, '0')}.jpg`, body: randomFillSync(Buffer.allocUnsafe(1024 * 1024)) };
    return;
  }
  if (layout === 'original') {
    const body = Buffer.alloc(objects * 1024 * 1024);
    randomFillSync(body);
    // A JPEG's first bytes: the originals route sniffs the bytes and refuses what is not the media it claims (issue 14).
    Buffer.from('ffd8ffe000104a46494600', 'hex').copy(body, 0);
    yield { key: 'gallery/big/panorama.jpg', body };
    return;
  }
  if (layout === 'images') {
    const photos: Buffer[] = [];
    for (let v = 0; v < PHOTO_VARIANTS; v++) {
      photos.push(await renderSampleImage({ width: 1600, height: 1200, hue: (v * 47) % 360, seed: v + 1, title: `Photo ${v + 1}`, subtitle: 'bench' }));
    }
    for (let i = 0; i < objects; i++) yield { key: `gallery/shoot/IMG_${String(i).padStart(5, '0')}.jpg`, body: photos[i % PHOTO_VARIANTS]! };
    return;
  }
  let i = 0;
  for (const { key, size } of benchKeys(objects)) yield { key, body: Buffer.alloc(size, i++ % 251) };
}

async function fill(): Promise<number> {
  const started = Date.now();
  const write = s3rverStoreWriter(directory!, bucket!);
  for await (const { key, body } of entries()) write(key, body);
  return Date.now() - started;
}

const fillMs = await fill();
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: directory!, configureBuckets: [{ name: bucket!, configs: [] }] });
const address = (await server.run()) as AddressInfo;
let endpoint = `http://127.0.0.1:${address.port}`;
if (latency > 0) endpoint = (await startLatencyProxy(endpoint, latency)).endpoint;
process.stdout.write(`${JSON.stringify({ endpoint, fillMs })}\n`);
