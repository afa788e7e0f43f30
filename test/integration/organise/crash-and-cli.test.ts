/**
 * A move killed between its copies and its deletes (a child process that
 * SIGKILLs itself) is finished on the next run — by the CLI's `mv --resume`
 * here, by the app's start otherwise — with every object in exactly one
 * place and the index equal to a fresh sync's. Then `mv` and `rm` to the
 * CLI contract: JSON shapes, [EXISTS], [CONFIRM_REQUIRED].
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { openDatabase } from '../../../src/main/core/db/database';
import { stepCounts, unfinishedBatches } from '../../../src/main/core/organise/journal';
import { captureIo } from '../../fixtures/cli-io';
import { startStore, type StoreUnderTest } from '../../fixtures/store-under-test';
import { tempDir } from '../../fixtures/temp';
import { arrange, bucketKeys, facts, freshSnapshot, snapshot } from './setup';
import { testCore } from '../../fixtures/core';

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

const POST = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`kim/shoot 1/photo ${String(i).padStart(2, '0')} #+.jpg`, { body: `photo ${i}`, contentType: 'image/jpeg' }]));

describe('a move killed between copy and delete, then the CLI', () => {
  let store: StoreUnderTest;
  const dir = tempDir('organise-crash-');
  const db = join(dir.path, 'library.db');
  const env = () => ({ SPACES_KEY: store.accessKeyId, SPACES_SECRET: store.secretAccessKey });
  const conn = () => ['--profile', 'child-profile', '--db', db];

  beforeAll(async () => {
    store = await startStore('s3rver');
    await arrange(store, { ...POST, 'kim/thumb.jpg': {}, 'lee/p/x.jpg': {} });
  });
  afterAll(async () => {
    await store?.close();
    dir.cleanup();
  });

  it('finishes on the next run with every object in exactly one place', async () => {
    const before = Object.fromEntries(await Promise.all(Object.keys(POST).map(async (k) => [k, await facts(store, k)] as const)));
    const child = await runChild(resolve(__dirname, 'child-move.ts'), {
      ...env(),
      DATA_DIR: dir.path,
      DB: db,
      ENDPOINT: store.endpoint,
      BUCKET: store.bucket,
      MODEL: 'kim',
      POST: 'shoot 1',
      NAME: 'shoot 2',
      KILL_AFTER_COPIES: '5',
    });
    expect(child.signal, child.stderr).toBe('SIGKILL');

    // What the crash left: five copies made, no source deleted, the journal says so.
    const keys = await bucketKeys(store);
    expect(keys.filter((k) => k.startsWith('kim/shoot 1/'))).toHaveLength(12);
    expect(keys.filter((k) => k.startsWith('kim/shoot 2/'))).toHaveLength(5);
    const database = openDatabase(db);
    const [batch] = unfinishedBatches(database.db);
    expect(batch).toMatchObject({ kind: 'move', state: 'running' });
    expect(stepCounts(database.db, batch!.id)).toEqual({ copied: 5, pending: 7 });
    database.close();

    // The next run (here the CLI's --resume; the app does it on start) finishes it.
    const io = captureIo(env());
    // The child's profile is named after its id; --profile finds it by name.
    const named = openDatabase(db);
    named.sqlite.prepare(`UPDATE profiles SET name = 'child-profile'`).run();
    named.close();
    expect(await runCli(['mv', '--resume', '--json', ...conn()], io), io.err).toBe(0);
    expect(JSON.parse(io.out)).toEqual({ moved: 12, bytes: Object.values(before).reduce((n, f) => n + f.size, 0), skipped: [], failed: [] });

    const after = await bucketKeys(store);
    for (const [key, was] of Object.entries(before)) {
      const moved = key.replace('kim/shoot 1/', 'kim/shoot 2/');
      expect(after.filter((k) => k === key || k === moved)).toEqual([moved]);
      expect(await facts(store, moved)).toEqual(was);
    }
    const check = testCore({ dbPath: db });
    try {
      expect(unfinishedBatches(check.database.db)).toEqual([]);
      expect(snapshot(check, 'child')).toEqual(await freshSnapshot(store));
    } finally {
      check.cleanup();
    }
    // Nothing left to resume.
    const again = captureIo(env());
    expect(await runCli(['mv', '--resume', '--json', ...conn()], again)).toBe(0);
    expect(JSON.parse(again.out)).toEqual({ moved: 0, bytes: 0, skipped: [], failed: [] });
  });

  it('mv: an existing destination fails with [EXISTS] and moves nothing; --overwrite replaces; the JSON is the contract', async () => {
    const io = captureIo(env());
    expect(await runCli(['mv', 'kim/shoot 2/photo 00 #+.jpg', 'kim/shoot 2/photo 01 #+.jpg', '--json', ...conn()], io)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err).toMatch(/photo 01 #\+\.jpg.*already exists.*--overwrite.*\[EXISTS\]\n$/);
    expect(await bucketKeys(store)).toContain('kim/shoot 2/photo 00 #+.jpg');

    const over = captureIo(env());
    expect(await runCli(['mv', 'kim/shoot 2/photo 00 #+.jpg', 'kim/shoot 2/photo 01 #+.jpg', '--overwrite', '--json', ...conn()], over), over.err).toBe(0);
    expect(JSON.parse(over.out)).toEqual({ moved: 1, bytes: 'photo 0'.length, skipped: [], failed: [] });
    expect((await facts(store, 'kim/shoot 2/photo 01 #+.jpg')).size).toBe('photo 0'.length);

    // A file into a folder keeps its name; a model is a folder onto a folder.
    const into = captureIo(env());
    expect(await runCli(['mv', 'lee/p/x.jpg', 'kim/shoot 2/', '--json', ...conn()], into), into.err).toBe(0);
    const model = captureIo(env());
    expect(await runCli(['mv', 'kim/', 'kimberly/', '--json', ...conn()], model), model.err).toBe(0);
    expect(JSON.parse(model.out)).toMatchObject({ moved: 13, skipped: [], failed: [] });
    expect((await bucketKeys(store)).filter((k) => !k.startsWith('kimberly/'))).toEqual([]);
    const ls = captureIo(env());
    expect(await runCli(['ls', '--json', ...conn()], ls)).toBe(0);
    expect(JSON.parse(ls.out)).toEqual([{ name: 'kimberly', posts: 1, media: 12, bytes: expect.any(Number) }]);
  });

  it('rm: a folder needs --yes ([CONFIRM_REQUIRED]); removes keys and folders; the index follows', async () => {
    const io = captureIo(env());
    expect(await runCli(['rm', 'kimberly/shoot 2/', '--json', ...conn()], io)).toBe(1);
    expect(io.err).toMatch(/--yes.*\[CONFIRM_REQUIRED\]\n$/);
    expect(await bucketKeys(store)).toHaveLength(13);

    const one = captureIo(env());
    expect(await runCli(['rm', 'kimberly/shoot 2/x.jpg', '--json', ...conn()], one), one.err).toBe(0);
    expect(JSON.parse(one.out)).toEqual({ removed: 1, bytes: 'bytes of lee/p/x.jpg'.length, failed: [] });
    const all = captureIo(env());
    expect(await runCli(['rm', 'kimberly/', '--yes', '--json', ...conn()], all), all.err).toBe(0);
    expect(JSON.parse(all.out)).toMatchObject({ removed: 12, failed: [] });
    expect(await bucketKeys(store)).toEqual([]);
    const missing = captureIo(env());
    expect(await runCli(['rm', 'kimberly/thumb.jpg', ...conn()], missing)).toBe(1);
    expect(missing.err).toMatch(/\[NOT_FOUND\]\n$/);
    const check = testCore({ dbPath: db });
    try {
      expect(snapshot(check, 'child')).toEqual(await freshSnapshot(store));
    } finally {
      check.cleanup();
    }
  });
});
