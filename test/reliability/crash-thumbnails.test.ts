/**
 * Crash trials, thumbnail cache: a process making thumbnails (from the
 * bucket, and from local files as after an upload, which rewrites ones
 * already cached) is SIGKILLed at random moments. After each kill no
 * recorded thumbnail is missing, cut short or undecodable — nothing
 * half-written is ever served; the next run makes every thumbnail and leaves
 * no stray file behind.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/shared/seeded-random';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { tempDir } from '../fixtures/temp';
import { recordFigures } from './support/figures';
import { directClient } from './support/index-check';
import { runSeed, scaled } from './support/scale';
import { checkThumbnailCache } from './support/thumbnail-cache';

const TRIALS = scaled(24, 3);
const IMAGES = scaled(40, 12);
const seed = runSeed();

function runChild(jobFile: string, killAtMs: number | null): Promise<{ killed: boolean; code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'support/thumbnail-child.ts'), jobFile], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = killAtMs === null ? undefined : setTimeout(() => child.kill('SIGKILL'), killAtMs);
  return new Promise((done) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      done({ killed: signal === 'SIGKILL', code, stdout, stderr, ms: performance.now() - started });
    }),
  );
}

describe(`crash trials: thumbnails made while the process is killed (${TRIALS} trials, ${IMAGES} images, seed ${seed})`, () => {
  let s3: LocalS3;
  let dir: ReturnType<typeof tempDir>;
  const targets: { key: string; etag: string; local: string }[] = [];
  beforeAll(async () => {
    s3 = await startS3rver('media');
    dir = tempDir('crash-thumbs-');
    mkdirSync(join(dir.path, 'local'));
    const client = directClient(s3);
    const random = seededRandom(seed);
    for (let i = 0; i < IMAGES; i++) {
      const [width, height] = [320 + Math.floor(random() * 960), 240 + Math.floor(random() * 720)];
      const pixels = Buffer.alloc(width * height * 3);
      for (let j = 0; j < pixels.length; j++) pixels[j] = (random() * 256) | 0;
      const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
      const key = `crash/thumbs/img ${i}.jpg`;
      const put = await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: jpeg, ContentType: 'image/jpeg' }));
      const local = join(dir.path, 'local', `img ${i}.jpg`);
      writeFileSync(local, jpeg);
      targets.push({ key, etag: put.ETag!, local });
    }
    client.destroy();
  });
  afterAll(async () => {
    await s3?.close();
    dir?.cleanup();
  });

  it('never serves a half-written thumbnail and leaves none behind once the next run is done', async () => {
    const random = seededRandom(seed + 1);
    const dataDir = join(dir.path, 'data');
    const job = (subset: typeof targets, fromLocal: boolean) => {
      const file = join(dir.path, `job-${Math.floor(random() * 1e9)}.json`);
      const list = subset.map((t) => ({ key: t.key, etag: t.etag, ...(fromLocal && random() < 0.5 ? { local: t.local } : {}) }));
      writeFileSync(file, JSON.stringify({ dataDir, endpoint: s3.endpoint, bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, targets: list }));
      return file;
    };
    // Calibration: an uncut run over every image, all from local files (every thumbnail rewritten).
    const first = await runChild(job(targets, true), null);
    expect(first.code, first.stderr).toBe(0);
    let span = first.ms;
    const figures = { trials: 0, killedMidRun: 0, thumbnailsChecked: 0 };
    for (let trial = 1; trial <= TRIALS; trial++) {
      const label = `trial ${trial}`;
      const killed = await runChild(job(targets, true), random() * span);
      if (killed.killed) figures.killedMidRun++;
      const afterKill = await checkThumbnailCache(dataDir);
      expect(afterKill.bad, `${label}: served thumbnails that are not whole`).toEqual([]);
      const next = await runChild(job(targets, false), null);
      expect(next.code, `${label}: ${next.stderr}`).toBe(0);
      span = Math.max(span, next.ms);
      const after = await checkThumbnailCache(dataDir);
      expect(after, label).toEqual({ rows: targets.length, bad: [], strays: [] });
      figures.trials++;
      figures.thumbnailsChecked += afterKill.rows + after.rows;
    }
    recordFigures('crash-thumbnails', { seed, images: IMAGES, ...figures, failures: 0 });
  });
});
