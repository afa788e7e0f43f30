import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getObjects } from '../../../src/main/core/downloads/get';
import { chunksOf, downloadsInStates, getDownload } from '../../../src/main/core/downloads/journal';
import { getProfile } from '../../../src/main/core/repositories/profiles';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../../fixtures/cli-io';
import { stores, type StoreUnderTest } from '../../fixtures/store-under-test';
import { storeForSuite } from '../../fixtures/suite-store';
import { tempDir } from '../../fixtures/temp';
import { downloadCore, MiB, putRandom } from './setup';

/** Runs a TypeScript file in a child Node process; resolves with how it ended (killed after 60 s). */
function runChild(file: string, env: NodeJS.ProcessEnv): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      done({ signal, stderr });
    });
  });
}

/**
 * Downloads that survive a crash and a changing bucket: a `get` killed half
 * way continues from its partial file (only the missing chunks are fetched)
 * and ends byte-identical; an object that changed meanwhile restarts its
 * file at the new version — whether the change is seen in the listing or by
 * the ranged GET itself (If-Match → 412 through the Spaces stand-in; the
 * answer's ETag on s3rver, which ignores If-Match) — never a mix of both.
 */
describe.each(stores('s3rver', 'spaces(s3rver) virtual-hosted'))('resumable downloads against $kind', ({ kind, skip }) => {
  let store: StoreUnderTest;
  storeForSuite(kind, skip, (started) => (store = started));

  /** A get of PREFIX killed after `killAfter` chunks of its 1 MiB chunks; the partial row it left. */
  async function killedGet(dataDir: string, profileId: string, prefix: string, to: string, killAfter: number) {
    const child = await runChild(resolve(__dirname, 'child-get.ts'), {
      DATA_DIR: dataDir,
      DB: join(dataDir, 'library.db'),
      PROFILE_ID: profileId,
      SPACES_KEY: store.accessKeyId,
      SPACES_SECRET: store.secretAccessKey,
      TARGET: prefix,
      TO: to,
      CHUNK_SIZE: String(MiB),
      KILL_AFTER_CHUNKS: String(killAfter),
    });
    expect(child.signal, child.stderr).toBe('SIGKILL');
  }

  it.skipIf(skip)('a download killed half way resumes from its partial file, fetches only the rest, and is byte-identical', async () => {
    const core = downloadCore(store, { chunkSize: MiB });
    const out = tempDir('get-out-');
    try {
      const big = await putRandom(store.admin, store.bucket, 'erin/shoot/clip.mp4', 8 * MiB + 77);
      const small = await putRandom(store.admin, store.bucket, 'erin/shoot/still.jpg', 100 * 1024);
      core.close();
      await killedGet(core.dataDir, core.profileId, 'erin/shoot/', out.path, 3);

      const fetched = new Map<number, number>();
      const again = downloadCore(store, { chunkSize: MiB, onChunkJournaled: (id) => void fetched.set(id, (fetched.get(id) ?? 0) + 1) }, { dataDir: core.dataDir, profileId: core.profileId });
      try {
        const [row] = downloadsInStates(again.database.db, ['downloading']);
        expect(row).toMatchObject({ key: 'erin/shoot/clip.mp4', purpose: 'get' });
        expect(chunksOf(again.database.db, row!.id).size).toBe(3);
        expect(existsSync(row!.temp)).toBe(true);
        expect(existsSync(join(out.path, 'clip.mp4'))).toBe(false);
        // A second run: the partial file continues (If-Match pins it to the version it started), the small file comes too.
        const firstGets = store.standin?.requests.length ?? 0;
        const report = await getObjects(
          { db: again.database.db, downloads: again.downloads, profileId: again.profileId, pooled: await again.clients.get(getProfile(again.database.db, again.profileId)!, 'download') },
          'erin/shoot/',
          out.path,
        );
        expect(report).toEqual({ files: 2, bytes: big.length + small.length, skipped: 0, failed: [] });
        expect(readFileSync(join(out.path, 'clip.mp4')).equals(big)).toBe(true);
        expect(readFileSync(join(out.path, 'still.jpg')).equals(small)).toBe(true);
        expect(getDownload(again.database.db, row!.id)).toMatchObject({ state: 'done', verified: 'md5' });
        // Chunks 3…8 only: 9 chunks of 1 MiB, the first three kept from the killed run.
        expect(fetched.get(row!.id)).toBe(6);
        // No partial file is left behind.
        expect(readdirSync(out.path).sort()).toEqual(['clip.mp4', 'still.jpg']);
        if (store.standin) {
          const ranges = store.standin.requests.slice(firstGets).filter((r) => r.operation === 'GetObject' && r.key === 'erin/shoot/clip.mp4').map((r) => r.range);
          // Chunks 3…8 only (9 chunks of 1 MiB; the first three were kept).
          expect(ranges).toHaveLength(6);
          expect(ranges).not.toContain(`bytes=0-${MiB - 1}`);
        }
      } finally {
        again.cleanup();
      }
    } finally {
      core.cleanup();
      out.cleanup();
    }
  });

  it.skipIf(skip)('the CLI continues partial files and skips complete ones, in its JSON', async () => {
    const core = downloadCore(store, { chunkSize: MiB });
    const out = tempDir('cli-get-');
    try {
      core.database.sqlite.prepare('UPDATE profiles SET name = ? WHERE id = ?').run('studio', core.profileId);
      const big = await putRandom(store.admin, store.bucket, 'fay/set/take.mov', 6 * MiB + 1);
      const small = await putRandom(store.admin, store.bucket, 'fay/set/a b #1.jpg', 2048);
      core.close();
      await killedGet(core.dataDir, core.profileId, 'fay/set/', out.path, 2);
      const run = async () => {
        const io = captureIo({ SPACES_KEY: store.accessKeyId, SPACES_SECRET: store.secretAccessKey });
        const code = await runCli(['get', 'fay/set/', '--to', out.path, '--profile', 'studio', '--db', join(core.dataDir, 'library.db'), '--json'], io);
        expect(code, io.err).toBe(0);
        return JSON.parse(io.out) as unknown;
      };
      expect(await run()).toEqual({ files: 2, bytes: big.length + small.length, skipped: 0, failed: [] });
      // The partial file's journal row was continued, not replaced by a new download.
      const rows = new (await import('better-sqlite3')).default(join(core.dataDir, 'library.db'), { readonly: true });
      expect(rows.prepare('SELECT key, state FROM downloads ORDER BY key').all()).toEqual([
        { key: 'fay/set/a b #1.jpg', state: 'done' },
        { key: 'fay/set/take.mov', state: 'done' },
      ]);
      rows.close();
      expect(readFileSync(join(out.path, 'take.mov')).equals(big)).toBe(true);
      expect(readFileSync(join(out.path, 'a b #1.jpg')).equals(small)).toBe(true);
      // Everything is complete now: a third run fetches nothing.
      expect(await run()).toEqual({ files: 0, bytes: 0, skipped: 2, failed: [] });
    } finally {
      core.cleanup();
      out.cleanup();
    }
  });

  it.skipIf(skip)('an object changed before the resume restarts its file at the new version (seen in the listing)', async () => {
    const core = downloadCore(store, { chunkSize: MiB });
    const out = tempDir('get-changed-');
    try {
      await putRandom(store.admin, store.bucket, 'gia/post/clip.mp4', 6 * MiB);
      core.close();
      await killedGet(core.dataDir, core.profileId, 'gia/post/', out.path, 3);
      const changed = await putRandom(store.admin, store.bucket, 'gia/post/clip.mp4', 6 * MiB);
      const again = downloadCore(store, { chunkSize: MiB }, { dataDir: core.dataDir, profileId: core.profileId });
      try {
        const report = await getObjects(
          { db: again.database.db, downloads: again.downloads, profileId: again.profileId, pooled: await again.clients.get(getProfile(again.database.db, again.profileId)!, 'download') },
          'gia/post/',
          out.path,
        );
        expect(report).toMatchObject({ files: 1, failed: [] });
        expect(readFileSync(join(out.path, 'clip.mp4')).equals(changed)).toBe(true);
      } finally {
        again.cleanup();
      }
    } finally {
      core.cleanup();
      out.cleanup();
    }
  });

  it.skipIf(skip)('an object that changes under a resumed download is caught by the ranged GET itself and restarted, never mixed', async () => {
    let paused = false;
    const journaled: number[] = [];
    const core = downloadCore(store, {
      chunkSize: MiB,
      concurrency: 1,
      onChunkJournaled: (id, chunk, done) => {
        journaled.push(chunk);
        if (done === 3 && !paused) {
          paused = true;
          core.downloads.pause(id);
        }
      },
    });
    const out = tempDir('get-412-');
    try {
      const original = await putRandom(store.admin, store.bucket, 'hana/post/long.mov', 7 * MiB);
      const etag = (await store.admin.send(new HeadObjectCommand({ Bucket: store.bucket, Key: 'hana/post/long.mov' }))).ETag!;
      const dest = join(out.path, 'long.mov');
      const { rows } = core.downloads.enqueue(core.profileId, 'export', [
        { key: 'hana/post/long.mov', etag, size: original.length, lastModified: Date.now(), dest, temp: join(out.path, '.long.mov.spaces-partial') },
      ]);
      const id = rows[0]!.id;
      await expect.poll(() => getDownload(core.database.db, id)?.state, { timeout: 30_000 }).toBe('paused');
      expect(chunksOf(core.database.db, id).size).toBe(3);

      // Same size, other bytes: only the version tells them apart.
      const changed = await putRandom(store.admin, store.bucket, 'hana/post/long.mov', 7 * MiB);
      const before = store.standin?.refusals('precondition').length ?? 0;
      journaled.length = 0;
      core.downloads.resume(id);
      const summary = await core.downloads.waitForBatch(rows[0]!.batchId);
      expect(summary).toMatchObject({ done: 1, failed: 0 });
      expect(readFileSync(dest).equals(changed)).toBe(true);
      // Restarted from its first byte: every chunk fetched again at the new version.
      expect(journaled.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(getDownload(core.database.db, id)).toMatchObject({ state: 'done', etag: expect.not.stringContaining(etag.replace(/"/g, '')) });
      if (store.standin) expect(store.standin.refusals('precondition').length).toBeGreaterThan(before);
      expect(core.log.lines.join('\n')).toContain('object changed, restarting it at its new version');
    } finally {
      core.cleanup();
      out.cleanup();
    }
  });
});
