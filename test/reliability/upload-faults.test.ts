/**
 * Promise: an upload batch sent through a network that resets connections
 * mid-body and answers 503 SlowDown (5 % of requests each) arrives
 * byte-identical (every object read back and hashed), with no duplicate
 * object and no multipart upload left open on the server. On moto (s3rver
 * has no ListMultipartUploads to check the last part with), behind the
 * strict Spaces stand-in (Content-MD5 verified, no checksum headers, at most
 * 10 PUTs in flight per key): app → fault proxy → stand-in → moto.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchItems } from '../../src/main/core/uploads/journal';
import { seededRandom } from '../../src/shared/seeded-random';
import { testCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { FAULT_KINDS, startFaultProxy, type FaultKind, type S3Operation } from '../fixtures/fault-proxy';
import { startSpacesStandin, type SpacesStandin } from '../fixtures/spaces-standin';
import { motoAvailability, startMoto, type MotoServer } from '../fixtures/moto';
import { tempDir } from '../fixtures/temp';
import { createBucket } from '../integration/uploads/setup';
import { checkBucket } from './support/bucket-check';
import { cliBuilt, runCliChild } from './support/cli-child';
import { recordFigures } from './support/figures';
import type { ServerAccess } from './support/index-check';
import { writeFileSet } from './support/local-files';
import { runSeed, scaled } from './support/scale';

const moto = motoAvailability();
if (!moto.ok) console.warn(`upload fault trials skipped: ${moto.reason}`);
const FILES = scaled(200, 40);
const MULTIPART = scaled(12, 4);
const seed = runSeed();
const MiB = 1024 * 1024;

describe.skipIf(!moto.ok)(`an upload batch through a faulty network (${FILES} files, seed ${seed})`, () => {
  let m: MotoServer;
  let server: ServerAccess;
  let standin: SpacesStandin;
  beforeAll(async () => {
    m = await startMoto();
    server = { endpoint: m.endpoint, bucket: 'media', accessKeyId: 'testing', secretAccessKey: 'testing' };
    await createBucket(server);
    standin = await startSpacesStandin(server.endpoint);
  });
  afterAll(async () => {
    await standin?.close();
    await m?.close();
  });

  it('arrives byte-identical, once each, with no multipart upload left open (5 % resets, 5 % 503 SlowDown)', async () => {
    // One of each planned on the first PUTs, then drawn at 5 % each: at CI's scale a seed could otherwise draw none of a kind.
    const planned: FaultKind[] = ['reset', 'slowDown'];
    const proxy = await startFaultProxy(standin.endpoint, {
      seed,
      rates: { reset: 0.05, slowDown: 0.05 },
      plan: (r) => ((r.op === 'PutObject' || r.op === 'UploadPart') && planned.length > 0 ? { fault: planned.shift()!, phase: 'request' } : null),
    });
    const dir = tempDir('upload-faults-');
    const core = testCore({ env: { SPACES_KEY: server.accessKeyId, SPACES_SECRET: server.secretAccessKey }, uploads: { partSize: 5 * MiB } });
    try {
      const files = writeFileSet(join(dir.path, 'drop'), FILES, MULTIPART, seededRandom(seed));
      const profileId = insertProfile(core.database, { endpoint: proxy.endpoint, bucket: server.bucket, pathStyle: 'path', accessKeyId: server.accessKeyId });
      const res = await core.uploads.enqueue({ profileId, target: { model: 'faults', post: `batch ${seed}` }, paths: [join(dir.path, 'drop')], keepFolderName: false });
      if (res.status !== 'queued') throw new Error('unexpected decision');
      const summary = await core.uploads.waitForBatch(res.batchId);
      const notDone = batchItems(core.database.db, res.batchId).filter((r) => r.state !== 'done');
      expect(notDone.map((r) => `${r.key}: ${r.state} ${r.errorCode} ${r.errorMessage}`)).toEqual([]);
      expect(summary).toMatchObject({ done: FILES, failed: 0 });

      const verdict = await checkBucket(server, `faults/batch ${seed}/`, files, { listUploads: true });
      expect(verdict.wrong).toEqual([]);
      expect(verdict.unexpected).toEqual([]);
      expect(verdict.openUploads).toEqual([]);
      expect(verdict.verified).toBe(FILES);
      const faults = proxy.faults();
      expect(faults.reset).toBeGreaterThan(0);
      expect(faults.slowDown).toBeGreaterThan(0);
      expect(standin.refusals().map((r) => `${r.operation} ${r.refusedBy}`).filter((r) => !r.endsWith('slow-down'))).toEqual([]);
      recordFigures('upload-faults', {
        seed,
        files: FILES,
        multipart: files.filter((f) => f.size > 5 * MiB).length,
        bytesVerified: verdict.bytesVerified,
        requests: proxy.log.length,
        faults: nonZero(faults),
        failures: 0,
      });
    } finally {
      core.cleanup();
      await proxy.close();
      dir.cleanup();
    }
  });

  it('arrives byte-identical through every kind of fault: resets, stalls past the client timeout, 500s, 503s, truncated and trickled answers', async () => {
    // Each kind is planned once on a request it can hit (truncate and trickle need an answer with a
    // body: Create and Complete have one), then drawn at 2 % each. The transfer client's idle timeout
    // is 3 s, so a stalled part is ended by the client and sent again.
    const planned: Partial<Record<FaultKind, S3Operation[]>> = {
      stall: ['UploadPart', 'PutObject'],
      reset: ['UploadPart', 'PutObject'],
      error500: ['UploadPart', 'PutObject'],
      slowDown: ['UploadPart', 'PutObject'],
      truncate: ['CreateMultipartUpload', 'CompleteMultipartUpload'],
      trickle: ['CreateMultipartUpload', 'CompleteMultipartUpload'],
    };
    const proxy = await startFaultProxy(standin.endpoint, {
      seed,
      rates: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0.02])),
      plan: (r) => {
        const kind = FAULT_KINDS.find((k) => planned[k]?.includes(r.op));
        if (!kind) return null;
        delete planned[kind];
        return { fault: kind, phase: 'response' };
      },
    });
    const dir = tempDir('upload-every-fault-');
    const core = testCore({
      env: { SPACES_KEY: server.accessKeyId, SPACES_SECRET: server.secretAccessKey },
      uploads: { partSize: 5 * MiB, clientOptions: { socketTimeoutMs: 3_000 } },
    });
    const count = scaled(60, 16);
    try {
      const files = writeFileSet(join(dir.path, 'drop'), count, scaled(6, 3), seededRandom(seed + 6));
      const profileId = insertProfile(core.database, { endpoint: proxy.endpoint, bucket: server.bucket, pathStyle: 'path', accessKeyId: server.accessKeyId });
      const res = await core.uploads.enqueue({ profileId, target: { model: 'every', post: `fault ${seed}` }, paths: [join(dir.path, 'drop')], keepFolderName: false });
      if (res.status !== 'queued') throw new Error('unexpected decision');
      await core.uploads.waitForBatch(res.batchId);
      const notDone = batchItems(core.database.db, res.batchId).filter((r) => r.state !== 'done');
      expect(notDone.map((r) => `${r.key}: ${r.state} ${r.errorCode} ${r.errorMessage}`)).toEqual([]);
      const verdict = await checkBucket(server, `every/fault ${seed}/`, files, { listUploads: true });
      expect(verdict.wrong).toEqual([]);
      expect(verdict.unexpected).toEqual([]);
      expect(verdict.openUploads).toEqual([]);
      expect(verdict.verified).toBe(count);
      const faults = proxy.faults();
      for (const kind of FAULT_KINDS) expect(faults[kind], kind).toBeGreaterThan(0);
      recordFigures('upload-every-fault', { seed, files: count, bytesVerified: verdict.bytesVerified, requests: proxy.log.length, faults: nonZero(faults), failures: 0 });
    } finally {
      core.cleanup();
      await proxy.close();
      dir.cleanup();
    }
  });

  it('an answer lost after the server applied it (Create, part, Complete) costs neither the file nor an orphaned upload', async () => {
    // The first CreateMultipartUpload, UploadPart 1 and CompleteMultipartUpload of each key reach the
    // server and are applied; their answers are lost to a reset. The SDK's retry then meets its own
    // success: a second upload id, a part sent twice, and for Complete what S3 documents for an upload
    // already completed, NoSuchUpload (moto would answer 200 again, so the proxy answers as S3 does).
    const seen = new Set<string>();
    const proxy = await startFaultProxy(standin.endpoint, {
      seed,
      rates: {},
      plan: (r) => {
        const id = `${r.op} ${r.key}`;
        if (!['CreateMultipartUpload', 'CompleteMultipartUpload'].includes(r.op) && !(r.op === 'UploadPart' && r.partNumber === 1)) return null;
        if (seen.has(id)) {
          if (r.op !== 'CompleteMultipartUpload' || seen.has(`${id} again`)) return null;
          seen.add(`${id} again`);
          return { status: 404, code: 'NoSuchUpload', message: 'The specified multipart upload does not exist.' };
        }
        seen.add(id);
        return { fault: 'reset', phase: 'response' };
      },
    });
    const dir = tempDir('upload-lost-');
    const core = testCore({ env: { SPACES_KEY: server.accessKeyId, SPACES_SECRET: server.secretAccessKey }, uploads: { partSize: 5 * MiB } });
    try {
      const files = writeFileSet(join(dir.path, 'drop'), 3, 3, seededRandom(seed + 2));
      const profileId = insertProfile(core.database, { endpoint: proxy.endpoint, bucket: server.bucket, pathStyle: 'path', accessKeyId: server.accessKeyId });
      const res = await core.uploads.enqueue({ profileId, target: { model: 'lost', post: `answers ${seed}` }, paths: [join(dir.path, 'drop')], keepFolderName: false });
      if (res.status !== 'queued') throw new Error('unexpected decision');
      await core.uploads.waitForBatch(res.batchId);
      const notDone = batchItems(core.database.db, res.batchId).filter((r) => r.state !== 'done');
      expect(notDone.map((r) => `${r.key}: ${r.state} ${r.errorCode} ${r.errorMessage}`)).toEqual([]);
      const verdict = await checkBucket(server, `lost/answers ${seed}/`, files, { listUploads: true });
      expect(proxy.faults().reset).toBe(9);
      expect(verdict.wrong).toEqual([]);
      expect(verdict.unexpected).toEqual([]);
      expect(verdict.openUploads).toEqual([]);
    } finally {
      core.cleanup();
      await proxy.close();
      dir.cleanup();
    }
  });

  it.skipIf(!cliBuilt())('a batch cut off by the server vanishing fails in one line, and `upload --resume` finishes it once the server is back', async () => {
    let parts = 0;
    let vanishing: Promise<void> | undefined;
    const proxy = await startFaultProxy(standin.endpoint, {
      seed,
      rates: {},
      plan: (r) => {
        if (r.op === 'UploadPart' && ++parts === 3) vanishing = proxy.vanish();
        return null;
      },
    });
    const dir = tempDir('upload-vanish-');
    try {
      // A few files all in flight at once: each gives up only after its retries (tens of seconds with the server gone).
      const files = writeFileSet(join(dir.path, 'drop'), 4, 2, seededRandom(seed + 4), [12, 20]);
      const env = { SPACES_KEY: server.accessKeyId, SPACES_SECRET: server.secretAccessKey, SPACES_MEDIA_DATA_DIR: dir.path };
      const connection = ['--endpoint', proxy.endpoint, '--bucket', server.bucket, '--path-style', '--db', join(dir.path, 'library.db')];
      const cut = await runCliChild(['upload', join(dir.path, 'drop'), '--to', `vanish/batch ${seed}`, '--json', '--concurrency', '4', ...connection], env);
      await vanishing;
      expect(cut.code).not.toBe(0);
      expect(cut.stderr).toMatch(/^spaces-media: [^\n]+ \[NETWORK\]\n$/);
      await proxy.restore();
      const resumed = await runCliChild(['upload', '--resume', '--json', ...connection], env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const verdict = await checkBucket(server, `vanish/batch ${seed}/`, files, { listUploads: true });
      expect(verdict.wrong).toEqual([]);
      expect(verdict.unexpected).toEqual([]);
      expect(verdict.openUploads).toEqual([]);
    } finally {
      await proxy.close();
      dir.cleanup();
    }
  });
});

function nonZero(counts: Record<FaultKind, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}
