/**
 * Runs inside a private mount namespace (see small-disk.ts) where a small
 * tmpfs is mounted at argv[2]: only processes in the namespace see it, so
 * everything that touches the library there (CLI runs, SQLite checks, the
 * thumbnail cache) goes through this agent. One JSON request per stdin
 * line, one JSON answer per stdout line; it exits when stdin closes.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, statfsSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { createCore } from '../../../src/main/core/core';
import { memoryLogger } from '../../../src/main/core/logger';
import { toErrorInfo } from '../../../src/main/core/errors';
import { insertProfile } from '../../fixtures/database';
import { checkThumbnailCache } from './thumbnail-cache';

const mount = process.argv[2]!;
const bin = resolve(import.meta.dirname, '../../../bin/spaces-media.js');
const ballast = join(mount, 'ballast');

type Request = { id: number; op: string; [k: string]: unknown };
let core: ReturnType<typeof createCore> | undefined;

function free(): number {
  const s = statfsSync(mount);
  return s.bavail * s.bsize;
}

/** Runs a command to its end; past `timeoutMs` it is killed (a hang shows as signal SIGKILL). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env } });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', () => clearTimeout(timer));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', fail);
    child.once('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** Fills the disk with a ballast file, then gives `leave` bytes back; returns the bytes free after. */
function fill(leave: number): number {
  const fd = openSync(ballast, 'a');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch {
        // ENOSPC: smaller writes take what is left.
        try {
          writeSync(fd, chunk.subarray(0, 4096));
          continue;
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  if (leave > 0) truncateSync(ballast, Math.max(0, statSync(ballast).size - leave));
  return free();
}

const ops: Record<string, (r: Request) => Promise<unknown> | unknown> = {
  cli: (r) => run(process.execPath, [bin, ...(r.args as string[])], r.env as NodeJS.ProcessEnv, r.timeoutMs as number | undefined),
  fill: (r) => fill(Number(r.leave ?? 0)),
  free: () => {
    if (existsSync(ballast)) unlinkSync(ballast);
    return free();
  },
  remount: async (r) => {
    const res = await run('mount', ['-o', `remount,${r.readOnly ? 'ro' : 'rw'}`, mount]);
    if (res.code !== 0) throw new Error(`remount failed: ${res.stderr}`);
    return true;
  },
  /** Read-only SQL on a database file (integrity check, the index's rows). */
  sql: (r) => {
    const db = new Database(r.path as string, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(r.query as string).all(...((r.params as unknown[]) ?? []));
    } finally {
      db.close();
    }
  },
  /** Thumbnails through a real core whose data directory is on the small disk, open across calls as in the app. */
  thumbs: async (r) => {
    core ??= createCore({
      dataDir: r.dataDir as string,
      log: memoryLogger(),
      credentials: { get: async () => null, set: async () => undefined, delete: async () => false },
      env: { SPACES_KEY: r.keyId as string, SPACES_SECRET: r.secret as string },
    });
    const open = core;
    const profileId =
      open.database.sqlite.prepare<[], { id: string }>('SELECT id FROM profiles LIMIT 1').get()?.id ??
      insertProfile(open.database, { endpoint: r.endpoint as string, bucket: r.bucket as string, pathStyle: 'path', accessKeyId: r.keyId as string });
    const results = [];
    for (const { key, etag } of r.targets as { key: string; etag: string }[]) {
      try {
        await open.thumbnails.ensure({ profileId, key, etag });
        results.push({ key, ok: true });
      } catch (error) {
        results.push({ key, ok: false, ...toErrorInfo(error) });
      }
    }
    return results;
  },
  closeCore: () => {
    core?.close();
    core = undefined;
    return true;
  },
  /** The thumbnail cache as the app serves it (support/thumbnail-cache.ts). */
  thumbCheck: (r) => checkThumbnailCache(r.dataDir as string),
  /** Every file under a folder with its size (what the thumbnail cache holds on disk). */
  files: (r) => {
    const dir = r.dir as string;
    if (!existsSync(dir)) return [];
    return readdirSync(dir).map((name) => ({ name, size: statSync(join(dir, name)).size }));
  },
  statfs: () => free(),
};

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const request = JSON.parse(line) as Request;
  Promise.resolve()
    .then(() => ops[request.op]!(request))
    .then(
      (result) => process.stdout.write(`${JSON.stringify({ id: request.id, ok: true, result })}\n`),
      (error: unknown) => process.stdout.write(`${JSON.stringify({ id: request.id, ok: false, error: String(error), code: (error as { code?: string }).code ?? null })}\n`),
    );
});
lines.on('close', () => process.exit(0));
process.stdout.write(`${JSON.stringify({ ready: true, free: free() })}\n`);
