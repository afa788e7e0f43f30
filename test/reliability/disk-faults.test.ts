/**
 * Disk and quota faults, on a real small filesystem (a tmpfs in a private
 * mount namespace, filled with a ballast file, or remounted read-only):
 * - the index on a full disk: a sync fails with one DISK_FULL line, the
 *   index passes SQLite's integrity check and holds only rows as they were
 *   or as the server has them (nothing removed, aggregates consistent); once
 *   space returns the next sync converges exactly;
 * - the index on a read-only disk: reading still answers or says READ_ONLY
 *   in one line, a sync says READ_ONLY in one line and changes nothing; once
 *   writable again the next sync converges;
 * - the thumbnail cache on a full disk: a thumbnail that cannot be written
 *   fails with DISK_FULL, no half-written file is ever served (every
 *   recorded thumbnail is whole and decodable) and none is left behind;
 *   once space returns the missing thumbnails are made.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { seededRandom } from '../../src/shared/seeded-random';
import { benchKeys } from '../fixtures/library-layout';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../fixtures/temp';
import { churnBucket } from './support/bucket-churn';
import { checkBucket } from './support/bucket-check';
import { writeFileSet } from './support/local-files';
import { cliBuilt, type CliResult } from './support/cli-child';
import { recordFigures } from './support/figures';
import { directClient, listingDiff, serverListing, type ListedRow } from './support/index-check';
import { runSeed, scaled } from './support/scale';
import { smallDiskAvailability, startSmallDisk, type SmallDisk } from './support/small-disk';

const disk = smallDiskAvailability();
if (!disk.ok) console.warn(disk.reason);
if (!cliBuilt()) console.warn('disk-fault trials skipped: the CLI is not built (npm test and npm run reliability build it; or npm run build)');
const OBJECTS = scaled(5_000, 1_500);
const ROUNDS = scaled(5, 1);
const seed = runSeed();
const ONE_LINE = /^spaces-media: [^\n]+ \[([A-Z_]+)\]\n$/;

function errorCode(result: CliResult): string {
  if (result.code === 0) return 'exit 0';
  return ONE_LINE.exec(result.stderr)?.[1] ?? `not one line: ${result.stderr.slice(0, 400)}`;
}

describe.skipIf(!disk.ok || !cliBuilt())(`disk and quota faults on a small tmpfs (${OBJECTS} objects, seed ${seed})`, () => {
  let s3: LocalS3;
  let small: SmallDisk;
  let readOnlyBrowsing = 'not tried';
  const figures = { fullDiskSyncs: 0, readOnlySyncs: 0, uploadFilesAfterFullDisk: 0, thumbnailsRefused: 0, thumbnailsChecked: 0 };
  beforeAll(async () => {
    s3 = await startS3rver('media', { objects: benchKeys(OBJECTS) });
    small = await startSmallDisk(24);
  });
  // Each trial starts with the disk writable and with room, whatever the last one left.
  afterEach(async () => {
    await small?.call('remount', { readOnly: false });
    await small?.call('free');
  });
  afterAll(async () => {
    await small?.close();
    await s3?.close();
    recordFigures('disk-faults', { seed, objects: OBJECTS, ...figures, readOnlyBrowsing, failures: 0 });
  });

  const env = () => ({ SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey, SPACES_MEDIA_DATA_DIR: `${small.mount}/data` });
  const sync = (db: string) => small.call<CliResult>('cli', { args: ['sync', '--json', '--endpoint', s3.endpoint, '--bucket', s3.bucket, '--path-style', '--db', db], env: env() });
  const index = async (db: string) => {
    const rows = await small.call<{ key: string; size: number; etag: string; lastModified: number }[]>('sql', {
      path: db,
      query: 'SELECT key, size, etag, last_modified AS lastModified FROM objects',
    });
    return new Map<string, ListedRow>(rows.map((r) => [r.key, { size: r.size, etag: r.etag, lastModified: r.lastModified }]));
  };
  const integrity = async (db: string) => (await small.call<{ integrity_check: string }[]>('sql', { path: db, query: 'PRAGMA integrity_check' })).map((r) => r.integrity_check).join('; ');
  const drift = (db: string) =>
    small.call<{ what: string }[]>('sql', {
      path: db,
      query: `SELECT p.model || '/' || p.name AS what FROM posts p
        WHERE p.media_count != (SELECT count(*) FROM objects o WHERE o.profile_id = p.profile_id AND o.model = p.model AND o.post = p.name AND o.role = 'media')`,
    });
  const oldOrNew = (now: Map<string, ListedRow>, before: Map<string, ListedRow>, after: Map<string, ListedRow>) =>
    [...now].filter(([key, row]) => ![before.get(key), after.get(key)].some((r) => r && r.etag === row.etag && r.size === row.size && r.lastModified === row.lastModified)).map(([key]) => key);

  it(`a full disk under the index: DISK_FULL in one line, nothing lost or half-written, converges when space returns (${ROUNDS} rounds)`, async () => {
    const db = `${small.mount}/data/library.db`;
    expect(errorCode(await sync(db))).toBe('exit 0');
    const random = seededRandom(seed);
    for (let round = 1; round <= ROUNDS; round++) {
      const before = await index(db);
      await churnBucket(s3, await serverListing(s3), random, 0.1);
      const after = await serverListing(s3);
      // Round 1: not a byte left; later rounds leave a little, so the disk fills mid-sync.
      await small.call('fill', { leave: round === 1 ? 0 : Math.floor(random() * 512 * 1024) });
      const full = await sync(db);
      expect(errorCode(full), full.stderr).toBe('DISK_FULL');
      expect(await integrity(db)).toBe('ok');
      const now = await index(db);
      for (const key of before.keys()) expect(now.has(key), `round ${round}: kept ${key}`).toBe(true);
      expect(oldOrNew(now, before, after), `round ${round}: rows neither old nor new`).toEqual([]);
      if (round === 1) expect(listingDiff(before, now), 'not a byte left: the index is exactly as it was').toEqual([]);
      expect(await drift(db)).toEqual([]);
      // Reading the library still works on a full disk.
      const ls = await small.call<CliResult>('cli', { args: ['ls', '--json', '--db', db], env: env() });
      expect(ls.code, ls.stderr).toBe(0);

      await small.call('free');
      expect(errorCode(await sync(db))).toBe('exit 0');
      expect(listingDiff(after, await index(db)), `round ${round}: after space returned`).toEqual([]);
      expect(await integrity(db)).toBe('ok');
      figures.fullDiskSyncs++;
    }
  });

  it('a read-only disk under the index: one READ_ONLY line, nothing changed, converges when writable again', async () => {
    const db = `${small.mount}/data/library.db`;
    expect(errorCode(await sync(db))).toBe('exit 0');
    const before = await index(db);
    await churnBucket(s3, await serverListing(s3), seededRandom(seed + 1), 0.05);
    const after = await serverListing(s3);
    await small.call('remount', { readOnly: true });
    try {
      const ls = await small.call<CliResult>('cli', { args: ['ls', '--json', '--db', db], env: env() });
      expect(['exit 0', 'READ_ONLY']).toContain(errorCode(ls));
      readOnlyBrowsing = errorCode(ls) === 'exit 0' ? 'ls answers from the index' : 'ls says READ_ONLY';
      const denied = await sync(db);
      expect(errorCode(denied), denied.stderr).toBe('READ_ONLY');
      figures.readOnlySyncs++;
    } finally {
      await small.call('remount', { readOnly: false });
    }
    expect(await integrity(db)).toBe('ok');
    expect(listingDiff(before, await index(db))).toEqual([]);
    expect(errorCode(await sync(db))).toBe('exit 0');
    expect(listingDiff(after, await index(db))).toEqual([]);
  });

  it('a disk that fills up during an upload batch: DISK_FULL in one line, no hang, the batch resumes when space returns', async () => {
    const db = `${small.mount}/uploads/library.db`;
    const local = tempDir('disk-upload-');
    try {
      const files = writeFileSet(join(local.path, 'batch'), 30, 2, seededRandom(seed + 3));
      const upload = (args: string[]) =>
        small.call<CliResult>('cli', { args: ['upload', ...args, '--json', '--endpoint', s3.endpoint, '--bucket', s3.bucket, '--path-style', '--db', db], env: env(), timeoutMs: 120_000 });
      writeFileSync(join(local.path, 'first.jpg'), 'the first upload makes the index');
      expect(errorCode(await upload([join(local.path, 'first.jpg'), '--to', 'disk/first']))).toBe('exit 0');
      // The disk fills while the batch runs (another program's download, say): once its journal has rows.
      const running = upload([join(local.path, 'batch'), '--to', 'disk/full', '--concurrency', '2']);
      const journaled = () => small.call<{ n: number }[]>('sql', { path: db, query: "SELECT count(*) AS n FROM uploads WHERE key LIKE 'disk/full/%'" }).then((r) => r[0]!.n, () => 0);
      while ((await journaled()) === 0) await new Promise((r) => setTimeout(r, 20));
      await small.call('fill', { leave: 0 });
      const full = await running;
      expect(full.signal, 'the upload hung on the full disk').toBeNull();
      expect(errorCode(full), full.stderr).toBe('DISK_FULL');
      expect(await integrity(db)).toBe('ok');
      await small.call('free');
      const resumed = await upload(['--resume']);
      expect(errorCode(resumed), resumed.stderr).toBe('exit 0');
      const verdict = await checkBucket(s3, 'disk/full/', files, { listUploads: false });
      expect(verdict.wrong).toEqual([]);
      expect(verdict.unexpected).toEqual([]);
      expect(await integrity(db)).toBe('ok');
      figures.uploadFilesAfterFullDisk += verdict.verified;
    } finally {
      local.cleanup();
    }
  });

  it('a full disk under the thumbnail cache: DISK_FULL, no half-written thumbnail served or left behind, made once space returns', async () => {
    // Real images (noise, so their thumbnails are tens of KB), straight into the bucket.
    const client = directClient(s3);
    const random = seededRandom(seed + 2);
    const targets: { key: string; etag: string }[] = [];
    for (let i = 0; i < 16; i++) {
      const pixels = Buffer.alloc(640 * 480 * 3);
      for (let j = 0; j < pixels.length; j++) pixels[j] = (random() * 256) | 0;
      const jpeg = await sharp(pixels, { raw: { width: 640, height: 480, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
      const key = `thumbs/noise/img ${i}.jpg`;
      const put = await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: jpeg, ContentType: 'image/jpeg' }));
      targets.push({ key, etag: put.ETag! });
    }
    client.destroy();
    const dataDir = `${small.mount}/thumbs-data`;
    const thumbs = (list: typeof targets) =>
      small.call<{ key: string; ok: boolean; code?: string; message?: string }[]>('thumbs', { dataDir, endpoint: s3.endpoint, bucket: s3.bucket, keyId: s3.accessKeyId, secret: s3.secretAccessKey, targets: list });
    const check = () => small.call<{ rows: number; bad: string[]; strays: string[] }>('thumbCheck', { dataDir });
    onTestFinished(() => small.call('closeCore'));

    expect((await thumbs(targets.slice(0, 4))).filter((r) => !r.ok)).toEqual([]);
    // A few KB left: a thumbnail's file can start and not finish.
    await small.call('fill', { leave: 24 * 1024 });
    const refused = await thumbs(targets.slice(4));
    const failed = refused.filter((r) => !r.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.filter((r) => r.code !== 'DISK_FULL').map((r) => `${r.key}: ${r.code} ${r.message}`)).toEqual([]);
    const whileFull = await check();
    expect(whileFull.bad, 'served thumbnails that are not whole').toEqual([]);
    expect(whileFull.strays, 'files left behind without a row').toEqual([]);
    figures.thumbnailsRefused += failed.length;

    await small.call('free');
    expect((await thumbs(targets)).filter((r) => !r.ok)).toEqual([]);
    const afterwards = await check();
    expect(afterwards).toEqual({ rows: targets.length, bad: [], strays: [] });
    figures.thumbnailsChecked += afterwards.rows;
  });
});
