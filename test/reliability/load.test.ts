/**
 * Load: 5,000 files dropped at once and a sync of a 100,000-object bucket
 * at the same time (under `npm run reliability`; `npm test` runs the same
 * trial with 100 files and 2,000 objects, which takes seconds rather than
 * minutes), in the core worker the app runs, played from a separate process (no
 * test runner in its memory). Promises: peak RSS bounded by the benchmarks'
 * budgets side by side (see MEMORY_BAR_MB); library:listMedia through the
 * worker's IPC (the library reader thread) keeps answering (every call
 * answered; latencies recorded); nothing lost: every
 * file on the server byte-identical (read back and hashed), and the index
 * equals the server's listing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/shared/seeded-random';
import { tempDir } from '../fixtures/temp';
import { checkBucket } from './support/bucket-check';
import { recordFigures } from './support/figures';
import { indexListing, listingDiff, serverListing, type ServerAccess } from './support/index-check';
import { writeFileSet } from './support/local-files';
import { FULL, runSeed, scaled } from './support/scale';

const ROOT = resolve(import.meta.dirname, '../..');
const WORKER = join(ROOT, 'out/main/core-worker.js');
const OBJECTS = scaled(100_000, 2_000);
const FILES = scaled(5_000, 100);
/**
 * Both workloads in one process: the sync benchmark's target (< 300 MB, a
 * process doing nothing else) plus the upload queue's part memory (a 64 MiB
 * budget, and its pool's slack) and the library reader thread (~20 MB). The
 * bar was 300 MB, the sync's alone; measured on 2026-12-03 the same trial
 * peaked at 294–343 MB without the reader thread and 327–369 MB with it,
 * so 300 MB had only been met in lucky runs.
 */
const MEMORY_BAR_MB = 400;
const seed = runSeed();

/** The child bundled into out/ (its packages stay external, found in node_modules from there). */
async function bundleChild(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(ROOT, 'out', 'reliability', 'load-child.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'support/load-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

describe(`load: ${FILES.toLocaleString('en')} files dropped during a ${OBJECTS.toLocaleString('en')}-object sync (seed ${seed})`, () => {
  let dir: ReturnType<typeof tempDir>;
  let server: ServerAccess;
  let stopServer = () => {};
  beforeAll(async () => {
    dir = tempDir('load-');
    // The S3 server in its own process too (the bench's, filled on disk).
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/support/s3rver-child.ts'), join(dir.path, 's3'), 'bench', String(OBJECTS), '0', 'bench'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    const line = await new Promise<string>((done, fail) => {
      child.once('exit', (code) => fail(new Error(`the S3 server child exited (${code})`)));
      createInterface({ input: child.stdout! }).once('line', done);
    });
    stopServer = () => child.kill();
    server = { endpoint: (JSON.parse(line) as { endpoint: string }).endpoint, bucket: 'bench', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  }, 600_000);
  // Removing the server's 300,000 files of a full run takes minutes on a busy disk.
  afterAll(() => {
    stopServer();
    dir?.cleanup();
  }, 600_000);

  it('keeps memory within target, answers every listMedia call, and loses nothing', async () => {
    const src = join(dir.path, 'drop');
    // Photos of 10–400 KiB and ten 10–40 MiB videos (multipart): about 1.3 GiB (reduced: two videos).
    const videos = scaled(10, 2);
    const files = [...writeFileSet(join(src, 'videos'), videos, videos, seededRandom(seed), [10, 40]).map((f) => ({ ...f, rel: `videos/${f.rel}` })), ...writeFileSet(src, FILES - videos, 0, seededRandom(seed + 1))];
    const dataDir = join(dir.path, 'data');
    mkdirSync(dataDir, { recursive: true });
    const job = join(dir.path, 'job.json');
    writeFileSync(job, JSON.stringify({ script: WORKER, dataDir, endpoint: server.endpoint, bucket: server.bucket, key: server.accessKeyId, src }));
    const child = spawnSync(process.execPath, [await bundleChild(), job], { encoding: 'utf8', maxBuffer: 1 << 24, cwd: ROOT });
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
      rssMb: { before: number; peak: number };
      listMedia: { calls: number; failures: number; p50: number; p95: number; p99: number; max: number };
      upload: { queued: number; ms: number; summary: { done: number; failed: number } };
      sync: { objects: number; status: string; ms: number };
    };
    expect(result.upload.summary).toMatchObject({ done: FILES, failed: 0 });
    expect(result.sync.status).toBe('completed');
    expect(result.listMedia.failures).toBe(0);
    // A reduced run can be over in a few probes; the full one lasts minutes.
    expect(result.listMedia.calls).toBeGreaterThan(FULL ? 10 : 0);
    expect(result.rssMb.peak).toBeLessThan(MEMORY_BAR_MB);

    // A dropped folder keeps its name, as in the app: drop/… lands under the post as drop/….
    const verdict = await checkBucket(server, 'load/drop/drop/', files, { listUploads: false });
    expect(verdict.wrong).toEqual([]);
    expect(verdict.unexpected).toEqual([]);
    const sqlite = new Database(join(dataDir, 'library.db'), { readonly: true });
    const profileId = sqlite.prepare<[], { id: string }>('SELECT id FROM profiles LIMIT 1').get()!.id;
    const indexed = indexListing(sqlite, profileId);
    sqlite.close();
    // Objects uploaded after the sync listed their range carry the date of s3rver's PUT answer (no
    // Last-Modified in it), which can be a second after the listed one (upload-during-sync.test.ts).
    expect(listingDiff(await serverListing(server), indexed, 10, 1_000)).toEqual([]);
    recordFigures('load', {
      seed,
      files: FILES,
      objects: OBJECTS,
      rssBeforeMb: result.rssMb.before,
      peakRssMb: result.rssMb.peak,
      listMediaCalls: result.listMedia.calls,
      listMediaMs: { p50: result.listMedia.p50, p95: result.listMedia.p95, p99: result.listMedia.p99, max: result.listMedia.max },
      uploadSeconds: Math.round(result.upload.ms / 100) / 10,
      syncSeconds: Math.round(result.sync.ms / 100) / 10,
      bytesVerified: verdict.bytesVerified,
      filesVerified: verdict.verified,
      failures: 0,
    });
  });
});
