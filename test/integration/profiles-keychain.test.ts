import keytar from 'keytar';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { keychainStore } from '../../src/main/core/credentials/keychain';
import { profileFormSchema } from '../../src/shared/profile';
import { testCore, type TestCore } from '../fixtures/core';
import { tempDatabase } from '../fixtures/database';
import { keyringAvailability } from '../fixtures/keyring';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { tempDir } from '../fixtures/temp';
import { captureIo } from '../fixtures/cli-io';

const keyring = keyringAvailability();
if (!keyring.ok) console.warn(`[skip] profiles-keychain.test.ts (keychain round trips): ${keyring.reason}`);

/** Every file SQLite may have written the index to. */
function databaseBytes(dbPath: string): string {
  return ['', '-wal', '-shm', '-journal']
    .map((suffix) => `${dbPath}${suffix}`)
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p).toString('latin1'))
    .join('');
}


describe.skipIf(!keyring.ok)('profile secrets in a real keychain (private keyring session)', () => {
  // A service name of its own per run: nothing here can touch another run's (or the app's) entries.
  const service = `spaces-media-manager-test-${randomUUID()}`;
  let core: TestCore;
  let s3: LocalS3;
  beforeAll(async () => {
    core = testCore({ credentials: keychainStore(service) });
    s3 = await startS3rver('media');
  });
  afterAll(async () => {
    core?.cleanup();
    await s3?.close();
  });

  it('sets, keeps, replaces and deletes the secret through the profile service; it never leaves main', async () => {
    const first = `first-secret-${randomUUID()}`;
    const second = `second-secret-${randomUUID()}`;
    const form = { name: 'studio', endpoint: s3.endpoint, bucket: 'media', accessKeyId: s3.accessKeyId };

    const created = await core.profiles.save(profileFormSchema.parse({ ...form, secret: first }));
    expect(created).toMatchObject({ hasSecret: true, active: true });
    expect(created).not.toHaveProperty('secret');
    expect(await keytar.getPassword(service, created.id)).toBe(first);

    // Saving without a secret keeps the stored one.
    const renamed = await core.profiles.save(profileFormSchema.parse({ ...form, id: created.id, name: 'studio 2' }));
    expect(renamed).toMatchObject({ name: 'studio 2', hasSecret: true });
    expect(await keytar.getPassword(service, created.id)).toBe(first);

    // Replacing it.
    await core.profiles.save(profileFormSchema.parse({ ...form, id: created.id, name: 'studio 2', secret: second }));
    expect(await keytar.getPassword(service, created.id)).toBe(second);

    // Only main's connection() hands it out.
    expect((await core.profiles.connection()).secretAccessKey).toBe(second);
    expect(await core.profiles.test({ id: created.id })).toMatchObject({ ok: true });

    const everyView = JSON.stringify([await core.profiles.list(), await core.profiles.get(created.id), created, renamed]);
    for (const secret of [first, second]) {
      expect(everyView).not.toContain(secret);
      expect(core.log.lines.join('\n')).not.toContain(secret);
      expect(databaseBytes(core.database.path)).not.toContain(secret);
    }

    await core.profiles.remove(created.id);
    expect(await keytar.getPassword(service, created.id)).toBeNull();
    expect((await core.profiles.list()).profiles).toEqual([]);
  });

  it('a rejected save leaves keychain and index as they were: duplicate name, or a failing write', async () => {
    const form = { endpoint: s3.endpoint, bucket: 'media', accessKeyId: s3.accessKeyId };
    const a = await core.profiles.save(profileFormSchema.parse({ ...form, name: 'a', secret: 'secret-a-1' }));
    await expect(core.profiles.save(profileFormSchema.parse({ ...form, name: 'a', secret: 'secret-dup' }))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await keytar.findCredentials(service)).map((c) => c.password)).toEqual(['secret-a-1']);

    // A real SQLite failure after the keychain was written (a trigger aborts every write to profiles).
    core.database.sqlite.exec(
      "CREATE TEMP TRIGGER fail_insert BEFORE INSERT ON profiles BEGIN SELECT RAISE(ABORT, 'disk full'); END;" +
        "CREATE TEMP TRIGGER fail_update BEFORE UPDATE ON profiles BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    );
    try {
      await expect(core.profiles.save(profileFormSchema.parse({ ...form, name: 'b', secret: 'secret-b' }))).rejects.toThrow(/disk full/);
      await expect(core.profiles.save(profileFormSchema.parse({ ...form, id: a.id, name: 'a', secret: 'secret-a-2' }))).rejects.toThrow(/disk full/);
    } finally {
      core.database.sqlite.exec('DROP TRIGGER fail_insert; DROP TRIGGER fail_update;');
    }
    // The new profile's entry is gone again and the replaced secret is back.
    expect((await keytar.findCredentials(service)).map((c) => [c.account, c.password])).toEqual([[a.id, 'secret-a-1']]);
    expect((await core.profiles.list()).profiles.map((p) => p.name)).toEqual(['a']);

    await core.profiles.remove(a.id);
    expect(await keytar.findCredentials(service)).toEqual([]);
  });

  it('CLI: add reads the secret from stdin, list/test --json never print it, remove deletes the keychain entry', async () => {
    const database = tempDatabase();
    const secret = `cli-secret-${randomUUID()}`;
    const env = { SPACES_MEDIA_KEYCHAIN_SERVICE: service };
    try {
      const add = captureIo(env, `${secret}\n`);
      const args = ['profiles', 'add', '--db', database.path, '--name', 'cli', '--endpoint', s3.endpoint, '--bucket', 'media', '--access-key', s3.accessKeyId, '--prefix', 'media/', '--acl', 'public-read', '--cache-control', 'max-age=60'];
      expect(await runCli(args, add), add.err).toBe(0);
      expect(add.out).toContain('Added the profile "cli"');

      const list = captureIo(env);
      expect(await runCli(['profiles', 'list', '--json', '--db', database.path], list)).toBe(0);
      const [profile] = JSON.parse(list.out) as { id: string; hasSecret: boolean; defaultAcl: string; rootPrefix: string; active: boolean }[];
      expect(profile).toMatchObject({ hasSecret: true, defaultAcl: 'public-read', rootPrefix: 'media/', active: true });
      expect(await keytar.getPassword(service, profile!.id)).toBe(secret);

      const test = captureIo(env);
      expect(await runCli(['profiles', 'test', 'cli', '--json', '--db', database.path], test)).toBe(0);
      expect(JSON.parse(test.out)).toMatchObject({ ok: true, bucket: 'media' });

      const remove = captureIo(env);
      expect(await runCli(['profiles', 'remove', 'cli', '--db', database.path], remove)).toBe(0);
      expect(await keytar.getPassword(service, profile!.id)).toBeNull();

      for (const io of [add, list, test, remove]) expect(io.out + io.err).not.toContain(secret);
      database.close();
      expect(databaseBytes(database.path)).not.toContain(secret);
    } finally {
      database.cleanup();
    }
  });

  it('CLI: refuses to add without a secret, and takes none from the command line', async () => {
    const database = tempDatabase();
    try {
      const io = captureIo({ SPACES_MEDIA_KEYCHAIN_SERVICE: service }, '');
      expect(await runCli(['profiles', 'add', '--db', database.path, '--name', 'x', '--region', 'nyc3', '--bucket', 'media', '--access-key', 'K'], io)).toBe(1);
      expect(io.err).toContain('[NO_SECRET]');
      const bad = captureIo({}, 's');
      expect(await runCli(['profiles', 'add', '--secret', 'oops', '--db', database.path], bad)).toBe(2);
      expect(bad.err).toContain('[INVALID_INPUT]');
    } finally {
      database.cleanup();
    }
  });
});

const cliBuilt = existsSync(resolve(__dirname, '../../out/main/cli.js'));

describe.runIf(process.platform === 'linux')('keychain unavailable (no Secret Service on the session bus)', () => {
  const bin = resolve(__dirname, '../../bin/spaces-media.js');
  // A D-Bus address that leads nowhere and no X display to autolaunch one: libsecret cannot connect.
  const brokenEnv = (extra: NodeJS.ProcessEnv = {}) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/spaces-test-bus' };
    delete env.DISPLAY;
    delete env.SPACES_KEY;
    delete env.SPACES_SECRET;
    return { ...env, ...extra };
  };
  // Asynchronous: s3rver answers from this very process, so its event loop must keep running.
  const run = (args: string[], input = '', extra: NodeJS.ProcessEnv = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(process.execPath, [bin, ...args], { env: brokenEnv(extra), timeout: 30_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', fail);
      child.on('close', (status) => done({ status, stdout, stderr }));
      child.stdin.end(input);
    });

  let s3: LocalS3;
  let dir: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    s3 = await startS3rver('media');
    dir = tempDir('spaces-nokeychain-');
  });
  afterAll(async () => {
    await s3?.close();
    dir?.cleanup();
  });

  it('gives the clear KEYCHAIN_UNAVAILABLE error, writes nothing, and the offline index still opens', async () => {
    expect(cliBuilt, 'npm test builds the CLI first; run npm run build').toBe(true);
    const db = join(dir.path, 'a.db');
    const add = await run(['profiles', 'add', '--db', db, '--name', 'x', '--endpoint', s3.endpoint, '--bucket', 'media', '--access-key', 'K'], 'the-secret\n');
    expect(add.status).toBe(1);
    expect(add.stderr.trim().split('\n')).toHaveLength(1);
    expect(add.stderr).toContain('[KEYCHAIN_UNAVAILABLE]');
    expect(add.stderr).toMatch(/Secret Service .* running and unlocked/);
    expect(add.stderr).toContain('SPACES_KEY and SPACES_SECRET');
    expect(add.stderr + add.stdout).not.toContain('the-secret');

    const list = await run(['profiles', 'list', '--json', '--db', db]);
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);

    const ls = await run(['ls', '--json', '--endpoint', s3.endpoint, '--bucket', 'media', '--db', db]);
    expect(ls.status, ls.stderr).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual([]);
  });

  it('uses SPACES_KEY/SPACES_SECRET from the environment before the keychain (no plaintext fallback)', async () => {
    const db = join(dir.path, 'b.db');
    const env = { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey };
    const add = await run(['profiles', 'add', '--db', db, '--name', 'server', '--endpoint', s3.endpoint, '--bucket', 'media'], '', env);
    expect(add.status, add.stderr).toBe(0);
    expect(add.stderr).toContain('SPACES_SECRET from the environment will be used');

    const list = await run(['profiles', 'list', '--json', '--db', db], '', env);
    expect(list.status).toBe(0);
    expect(list.stderr).toContain('keychain is not available');
    expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'server', hasSecret: false, accessKeyId: s3.accessKeyId }]);

    const test = await run(['profiles', 'test', '--json', '--db', db], '', env);
    expect(test.status, test.stderr).toBe(0);
    expect(JSON.parse(test.stdout)).toMatchObject({ ok: true });

    // Without the environment the secret is not anywhere else: the keychain error, not a silent fallback.
    const bare = await run(['profiles', 'test', '--json', '--db', db]);
    expect(bare.status).toBe(1);
    expect(JSON.parse(bare.stdout)).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } });

    // Removing refuses rather than orphan a keychain entry it cannot see, unless forced (a server without any keychain).
    const refused = await run(['profiles', 'remove', 'server', '--db', db]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('[KEYCHAIN_UNAVAILABLE]');
    const forced = await run(['profiles', 'remove', 'server', '--force', '--json', '--db', db]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toEqual({ removed: true, keychainEntryRemoved: null });
    expect(forced.stderr).toContain('no keychain entry was removed');
    expect(JSON.parse((await run(['profiles', 'list', '--json', '--db', db])).stdout)).toEqual([]);
  });
});
