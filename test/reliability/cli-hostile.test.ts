/**
 * The built CLI answers bad input with exactly one clear line on stderr
 * (`spaces-media: <message> [CODE]`, no stack, no "internal error"), nothing
 * on stdout, and a non-zero exit: bad arguments, a database path that is a
 * folder or not a database, an unreachable endpoint, and files that are
 * missing, unreadable, empty, or that vanish or shrink while uploading. A
 * file that changes mid-upload leaves no multipart upload open (moto).
 */
import { chmodSync, mkdirSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/shared/seeded-random';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy';
import { motoAvailability, startMoto, type MotoServer } from '../fixtures/moto';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { tempDir } from '../fixtures/temp';
import { createBucket } from '../integration/uploads/setup';
import { checkBucket } from './support/bucket-check';
import { cliBuilt, runCliChild, startCli, type CliResult } from './support/cli-child';
import { recordFigures } from './support/figures';
import type { ServerAccess } from './support/index-check';
import { writeFileSet } from './support/local-files';

if (!cliBuilt()) console.warn('CLI hostile-input tests skipped: the CLI is not built (npm test and npm run reliability build it; or npm run build)');
const moto = motoAvailability();
if (!moto.ok) console.warn(`CLI vanishing-file tests skipped: ${moto.reason}`);
const ONE_LINE = /^spaces-media: [^\n]+ \[([A-Z_]+)\]\n$/;

/** Whether the result is one clear error line with `code` and a non-zero exit; the reason when it is not. */
function oneClearLine(result: CliResult, code: string, stdoutEmpty = true): string | null {
  if (result.signal) return `killed by ${result.signal}`;
  if (result.code === 0) return 'exit 0';
  const match = ONE_LINE.exec(result.stderr);
  if (!match) return `stderr is not one line: ${JSON.stringify(result.stderr.slice(0, 600))}`;
  if (match[1] !== code) return `code ${match[1]}, expected ${code}: ${result.stderr.trim()}`;
  if (/internal error|\bat .+:\d+:\d+/.test(result.stderr)) return `internal: ${result.stderr.trim()}`;
  if (stdoutEmpty && result.stdout !== '') return `stdout: ${result.stdout.slice(0, 200)}`;
  return null;
}

describe.skipIf(!cliBuilt())('the CLI answers hostile input with one clear line and a non-zero exit', () => {
  let s3: LocalS3;
  let dir: ReturnType<typeof tempDir>;
  let env: NodeJS.ProcessEnv;
  let conn: string[];
  beforeAll(async () => {
    s3 = await startS3rver('media');
    dir = tempDir('cli-hostile-');
    env = { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey, SPACES_MEDIA_DATA_DIR: dir.path };
    conn = ['--endpoint', s3.endpoint, '--bucket', s3.bucket, '--path-style', '--db', join(dir.path, 'library.db')];
  });
  afterAll(async () => {
    await s3?.close();
    dir?.cleanup();
  });

  it('bad arguments, bad paths and an unreachable store', async () => {
    const d = dir.path;
    writeFileSync(join(d, 'a.jpg'), 'jpeg bytes');
    writeFileSync(join(d, 'not-a-db.db'), 'this is not a SQLite database, just text that is long enough to have a header');
    mkdirSync(join(d, 'folder.db'), { recursive: true });
    const file = join(d, 'a.jpg');
    const cases: { args: string[]; code: string }[] = [
      { args: ['frobnicate'], code: 'INVALID_INPUT' },
      { args: ['ls', '--frobnicate'], code: 'INVALID_INPUT' },
      { args: ['upload', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['upload', file, '--to', 'onlymodel', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['upload', file, '--to', 'm/p', '--acl', 'public', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['upload', file, '--to', 'm/p', '--on-conflict', 'maybe', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['upload', file, '--to', 'm/p', '--concurrency', '0', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['upload', file, '--to', 'm/p', '--concurrency', '1e3', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['upload', file, '--to', 'm/..', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['upload', file, '--to', 'm/p\u0007\u202e', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['upload', file, '--to', 'm/profile', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['link', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['link', 'a.jpg', '--expires', 'soon', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['link', 'a.jpg', '--expires', '9999999', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['link', 'a.jpg', '--public', '--expires', '60', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['link', 'folder/\n', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['link', 's3://other/a.jpg', '--json', ...conn], code: 'FOREIGN_URL' },
      { args: ['search', '--json', ...conn], code: 'INVALID_INPUT' },
      { args: ['sync', '--json', '--endpoint', 'not a url', '--bucket', 'b', '--db', join(d, 'x.db')], code: 'INVALID_INPUT' },
      { args: ['sync', '--json', '--endpoint', 'http://127.0.0.1:9', '--db', join(d, 'x.db')], code: 'INVALID_INPUT' },
      { args: ['ls', '--json', '--profile', 'nope', '--db', join(d, 'x.db')], code: 'NO_PROFILE' },
      { args: ['ls', '--json', '--db', join(d, 'not-a-db.db')], code: 'INVALID_INPUT' },
      { args: ['ls', '--json', '--db', join(d, 'folder.db')], code: 'INVALID_INPUT' },
      { args: ['sync', '--json', '--endpoint', 'http://127.0.0.1:9', '--bucket', 'media', '--path-style', '--db', join(d, 'y.db')], code: 'NETWORK' },
    ];
    const limit = pLimit(2);
    const results = await Promise.all(cases.map((c) => limit(async () => ({ c, wrong: oneClearLine(await runCliChild(c.args, env), c.code) }))));
    const wrong = results.filter((r) => r.wrong).map((r) => `${r.c.args.slice(0, 6).join(' ')}: ${r.wrong}`);
    expect(wrong).toEqual([]);
    recordFigures('cli-arguments', { cases: cases.length, failures: 0 });
  });

  it('missing, unreadable and empty files: one line naming the file, nothing uploaded of them, the rest uploaded', async () => {
    const d = join(dir.path, 'files');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'good.jpg'), 'good jpeg bytes');
    writeFileSync(join(d, 'empty.jpg'), '');
    writeFileSync(join(d, 'locked.jpg'), 'locked bytes');
    chmodSync(join(d, 'locked.jpg'), 0o000);
    chmodSync(dir.path, 0o777);
    // root reads any file: as root, the unreadable case runs as nobody (who owns nothing here).
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const alone: { files: string[]; code: string; mention: string }[] = [
      { files: [join(d, 'missing.jpg')], code: 'NOT_FOUND', mention: 'missing.jpg' },
      { files: [join(d, 'empty.jpg')], code: 'INVALID_INPUT', mention: 'empty.jpg' },
    ];
    for (const c of alone) {
      const res = await runCliChild(['upload', ...c.files, '--to', 'files/alone', '--json', ...conn], env);
      expect(oneClearLine(res, c.code), c.files.join(' ')).toBeNull();
      expect(res.stderr).toContain(c.mention);
    }
    if (asUser.length === 0 || process.getuid?.() === 0) {
      const db = join(dir.path, 'nobody', 'library.db');
      mkdirSync(join(dir.path, 'nobody'), { recursive: true });
      chmodSync(join(dir.path, 'nobody'), 0o777);
      const res = await runAs(asUser, ['upload', join(d, 'locked.jpg'), '--to', 'files/locked', '--json', ...conn.slice(0, -1), db], env);
      expect(oneClearLine(res, 'FORBIDDEN'), 'unreadable').toBeNull();
      expect(res.stderr).toContain('locked.jpg');
    }
    // Mixed: the good file is uploaded; the command still fails, naming what it left out.
    const mixed = await runCliChild(['upload', join(d, 'good.jpg'), join(d, 'empty.jpg'), join(d, 'missing.jpg'), '--to', 'files/mixed', '--json', ...conn], env);
    expect(oneClearLine(mixed, 'INVALID_INPUT', false)).toBeNull();
    expect(JSON.parse(mixed.stdout)).toMatchObject({ uploaded: 1, failed: 0 });
    expect(mixed.stderr).toMatch(/empty\.jpg.*missing\.jpg|missing\.jpg.*empty\.jpg/);
  });

  describe.skipIf(!moto.ok)('files that vanish or shrink while uploading (moto)', () => {
    let m: MotoServer;
    let server: ServerAccess;
    let proxy: FaultProxy;
    let onPart: ((r: { key: string | null; partNumber: number | null }) => void) | null = null;
    beforeAll(async () => {
      m = await startMoto();
      server = { endpoint: m.endpoint, bucket: 'media', accessKeyId: 'testing', secretAccessKey: 'testing' };
      await createBucket(server);
      proxy = await startFaultProxy(server.endpoint, {
        seed: 1,
        rates: {},
        plan: (r) => {
          if (r.op === 'UploadPart') onPart?.(r);
          return null;
        },
      });
    });
    afterAll(async () => {
      await proxy?.close();
      await m?.close();
    });

    for (const change of ['deleted', 'truncated'] as const) {
      it(`a file ${change} mid-upload: one line naming it, exit non-zero, no upload left open, the other files arrive`, async () => {
        const d = join(dir.path, `vanish-${change}`);
        const files = writeFileSet(d, 3, 1, seededRandom(7), [40, 41]);
        const big = files[0]!;
        onPart = (r) => {
          if (r.partNumber !== 2 || !r.key?.endsWith(big.rel)) return;
          onPart = null;
          if (change === 'deleted') unlinkSync(join(d, big.rel));
          else truncateSync(join(d, big.rel), 1024 * 1024);
        };
        const db = join(dir.path, `vanish-${change}.db`);
        const res = await startCli(['upload', d, '--to', `vanish/${change}`, '--json', '--concurrency', '1', '--endpoint', proxy.endpoint, '--bucket', 'media', '--path-style', '--db', db], { ...env, SPACES_KEY: 'testing', SPACES_SECRET: 'testing' }).result;
        expect(oneClearLine(res, change === 'deleted' ? 'NOT_FOUND' : 'CONFLICT', false)).toBeNull();
        expect(res.stderr).toContain(big.rel);
        const verdict = await checkBucket(server, `vanish/${change}/`, files.slice(1), { listUploads: true });
        expect(verdict.wrong).toEqual([]);
        expect(verdict.unexpected).toEqual([]);
        expect(verdict.openUploads).toEqual([]);
      });
    }
  });
});

function runAs(prefix: string[], args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  if (prefix.length === 0) return runCliChild(args, env);
  // The same child, started through setpriv.
  return new Promise((resolve, reject) => {
    import('node:child_process').then(({ spawn }) => {
      const started = performance.now();
      const child = spawn(prefix[0]!, [...prefix.slice(1), process.execPath, join(import.meta.dirname, '../../bin/spaces-media.js'), ...args], {
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }));
    }, reject);
  });
}
