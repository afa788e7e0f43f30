/**
 * IPC fuzzing: every channel of the contract gets hostile payloads — wrong
 * types, huge strings and arrays, prototype-pollution keys, deep nesting,
 * and seeded random values (fast-check) — through main's real registration
 * (registerIpc: the sender check) and the real core worker (its dispatch
 * validates with the contract's zod schemas, then the real handlers run on a
 * real SQLite file against a local S3 server).
 *
 * Each answer must be an envelope: INVALID_INPUT (or, for a payload that
 * happens to be valid, the call's ordinary answer or a clear error), never
 * INTERNAL, never an echo of the payload; nothing is thrown in "main" (this
 * process), the worker stays up, and no prototype is polluted. A call from a
 * frame that is not the app's page is refused before it reaches the worker.
 *
 * STAND-IN: Electron's ipcMain (no Electron binary here) is a map of the
 * handlers registerIpc registers, called as Electron calls them, with an
 * event naming the sender frame; payloads pass through structuredClone as
 * Electron's IPC clones them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../../src/main/core/logger';
import { dispatch } from '../../../src/main/ipc/dispatch';
import { fileGrantHandler } from '../../../src/main/ipc/file-grants';
import { createHandlers } from '../../../src/main/ipc/handlers';
import { registerIpc } from '../../../src/main/ipc/register';
import { isTrustedUrl } from '../../../src/main/trusted-url';
import type { CoreWorker } from '../../../src/main/worker/core-host';
import { channelNames } from '../../../src/shared/contract';
import type { Envelope } from '../../../src/shared/errors';
import { MAX_UPLOAD_GRANTS } from '../../../src/shared/file-grants';
import { memoryCredentials, testCore, type TestCore } from '../../fixtures/core';
import { startCoreWorker } from '../../fixtures/core-worker';
import { scriptedDialogs } from '../../fixtures/dialogs';
import { startS3rver, type LocalS3 } from '../../fixtures/s3rver';

type Handler = Parameters<Parameters<typeof registerIpc>[0]['handle']>[1];
type InvokeEvent = Parameters<Handler>[0];

const APP_PAGE = 'app://bundle/index.html';
// Far past every limit in the contract (the longest string it takes is 8 KiB, the longest list 10,000).
const HUGE = 'A'.repeat(1024 * 1024);
const LONG = 'A'.repeat(64 * 1024);
const MANY = Array.from({ length: 20_000 }, (_, i) => `k${i}`);

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** Field names the contract uses, each given a hostile value. */
const FIELDS = ['id', 'key', 'keys', 'input', 'query', 'model', 'post', 'name', 'endpoint', 'bucket', 'secret', 'grants', 'ids', 'kind', 'target', 'cacheControl', 'acl', 'offset', 'limit', 'bytes', 'public', 'sort'];

/** Hand-made hostile payloads: none is a valid request for any channel. */
const HOSTILE: [string, unknown][] = [
  ['null', null],
  ['a number', 42],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a boolean', true],
  ['a string', 'library:listModels'],
  ['a BigInt', 10n ** 40n],
  ['an array', [1, 'two', { three: 3 }]],
  ['a Date', new Date(0)],
  ['a Map', new Map([['id', 'x']])],
  ['bytes', new Uint8Array(1024)],
  ['a huge string', HUGE],
  ['64 KiB strings in every field', Object.fromEntries(FIELDS.map((f) => [f, LONG]))],
  ['20,000-element arrays in every field', Object.fromEntries(FIELDS.map((f) => [f, MANY]))],
  ['wrong types in every field', Object.fromEntries(FIELDS.map((f, i) => [f, [null, -1, 1.5, {}, [], 'x', false][i % 7]]))],
  ['__proto__ as an own key', JSON.parse('{"__proto__": {"polluted": "yes"}, "id": "x"}')],
  ['__proto__ one level down', JSON.parse('{"target": {"__proto__": {"polluted": "yes"}, "model": "a", "post": "b"}, "grants": ["00000000-0000-4000-8000-000000000000"]}')],
  ['constructor.prototype', { constructor: { prototype: { polluted: 'yes' } }, keys: ['a.jpg'] }],
  // As deep as a structured clone (Electron's IPC) carries here; deeper never leaves the renderer.
  ['1,500 levels of objects', nested(1_500, 'x', false)],
  ['1,500 levels of arrays', nested(1_500, 'x', true)],
  ['deep nesting under a real field', { keys: nested(1_000, 'a.jpg', true), public: true }],
  ['negative and fractional numbers', { id: -1, ids: [0, -5, 1.5, Number.MAX_SAFE_INTEGER + 2], offset: -10, limit: 1e12, bytes: -1 }],
  ['control characters and lone surrogates', Object.fromEntries(FIELDS.map((f) => [f, 'a\u0000b\r\nX-Injected: 1\uD800']))],
];

describe('IPC fuzzing: every contract channel, hostile payloads, through main and the core worker', () => {
  const hostLog = memoryLogger();
  const handlers = new Map<string, Handler>();
  const dialogs = scriptedDialogs({ answer: false });
  const thrownInMain: unknown[] = [];
  const onThrow = (error: unknown) => void thrownInMain.push(error);
  let relayed = 0;
  let s3: LocalS3;
  let core: TestCore;
  let worker: CoreWorker;

  const invoke = async (channel: string, request: unknown, frame = APP_PAGE): Promise<Envelope<unknown>> => {
    const event = { senderFrame: { url: frame } } as unknown as InvokeEvent;
    // Electron clones what the renderer sends; a payload it cannot clone never reaches main.
    return (await handlers.get(channel)!(event, structuredClone(request))) as Envelope<unknown>;
  };

  /** An answer the renderer may get: an envelope with a clear, bounded message, never INTERNAL. */
  function expectClearAnswer(answer: Envelope<unknown>, what: string): void {
    expect(answer, what).toBeTypeOf('object');
    if (answer.ok) return;
    expect(answer.error.code, `${what}: ${answer.error.message}`).not.toBe('INTERNAL');
    expect(answer.error.message.length, what).toBeGreaterThan(0);
    expect(answer.error.message.length, what).toBeLessThan(600);
    expect(answer.error.message, what).not.toContain('AAAAAAAAAAAAAAAA');
    expect(answer.error.message, what).not.toMatch(/\n\s+at /); // no stack
  }

  beforeAll(async () => {
    process.on('uncaughtException', onThrow);
    process.on('unhandledRejection', onThrow);
    s3 = await startS3rver('media');
    core = testCore({ credentials: memoryCredentials() });
    worker = await startCoreWorker(core, undefined, { dialogs });
    registerIpc(
      { handle: (channel: string, handler: Handler) => void handlers.set(channel, handler) },
      (channel, request) => {
        relayed++;
        return worker.call(channel, request);
      },
      (url) => isTrustedUrl(url, undefined),
      hostLog,
    );
    // A real profile, so calls reach the store and the index rather than stopping at "no profile".
    const saved = await invoke('profiles:save', { name: 'studio', endpoint: s3.endpoint, bucket: 'media', pathStyle: 'path', accessKeyId: 'S3RVER', secret: 'S3RVER' });
    expect(saved).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    process.off('uncaughtException', onThrow);
    process.off('unhandledRejection', onThrow);
    await worker?.close();
    core?.cleanup();
    await s3?.close();
  });

  it.each(channelNames)('%s refuses every hand-made hostile payload with INVALID_INPUT', async (channel) => {
    for (const [name, payload] of HOSTILE) {
      const answer = await invoke(channel, payload);
      expectClearAnswer(answer, `${channel} ← ${name}`);
      expect(answer, `${channel} ← ${name}`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });

  it('answers seeded random payloads on every channel clearly (fast-check), and stays up', async () => {
    const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ...FIELDS), fc.string());
    const payload = fc.oneof(
      fc.anything({ maxDepth: 4, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, key: hostileKey }),
      fc.dictionary(fc.constantFrom(...FIELDS, '__proto__', 'constructor'), fc.anything({ maxDepth: 2, withNullPrototype: true, key: hostileKey })),
    ).filter((p) => p !== undefined);
    const samples = fc.sample(payload, { seed: 20261202, numRuns: 25 });
    let answered = 0;
    for (const channel of channelNames) {
      for (const sample of samples) {
        expectClearAnswer(await invoke(channel, sample), `${channel} ← ${fc.stringify(sample).slice(0, 200)}`);
        answered++;
      }
    }
    expect(answered).toBe(channelNames.length * samples.length);
  });

  it('enforces the upload limits and the Cache-Control check like the profile’s', async () => {
    const target = { model: 'alice', post: 'beach' };
    const uuid = '00000000-0000-4000-8000-000000000000';
    const cases: [string, unknown][] = [
      ['one grant too many', { target, grants: Array.from({ length: MAX_UPLOAD_GRANTS + 1 }, () => uuid) }],
      ['a local path instead of a grant', { target, grants: ['/home/me/.ssh/id_rsa'] }],
      ['paths, the old request', { target, paths: ['/home/me/.ssh/id_rsa'] }],
      ['a header injected through Cache-Control', { target, grants: [uuid], cacheControl: 'max-age=60\r\nx-amz-acl: public-read' }],
      ['an over-long Cache-Control', { target, grants: [uuid], cacheControl: `max-age=${'9'.repeat(300)}` }],
      ['a non-ASCII Cache-Control', { target, grants: [uuid], cacheControl: 'max-age=60 ☃' }],
    ];
    for (const [name, request] of cases) expect(await invoke('uploads:start', request), name).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // The same check for the profile's own default.
    const profileAnswer = await invoke('profiles:save', { name: 'other', endpoint: s3.endpoint, bucket: 'media', accessKeyId: 'S3RVER', secret: 'S3RVER', cacheControl: 'a\r\nb: c' });
    expect(profileAnswer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // A well-formed grant id that main never issued is refused by the registry, nothing is queued.
    expect(await invoke('uploads:start', { target, grants: [uuid], cacheControl: 'public, max-age=60' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke('uploads:list', undefined)).toEqual({ ok: true, data: [] });
  });

  it("refuses every channel from a frame that is not the app's page, before the worker hears of it", async () => {
    const before = relayed;
    for (const channel of channelNames) {
      for (const frame of ['app://media/original/p/-/evil.jpg', 'https://evil.example/', 'file:///tmp/index.html', 'app://bundle.evil/index.html', '']) {
        expect(await invoke(channel, undefined, frame), `${channel} from ${frame}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
    expect(relayed).toBe(before);
  });

  it('refuses hostile drops on the preload’s grant channel (paths main did not vouch for)', async () => {
    const grant = fileGrantHandler((paths) => worker.grantPaths(paths), (url) => isTrustedUrl(url, undefined), hostLog);
    const from = (url: string) => ({ senderFrame: { url } });
    const hostile: [string, unknown][] = [
      ...HOSTILE.filter(([, p]) => !Array.isArray(p)),
      ['relative paths', ['../../etc/passwd', 'id_rsa']],
      ['a NUL byte', ['/tmp/a\0b']],
      ['an over-long path', [`/${'a/'.repeat(3000)}`]],
      ['a UNC path', ['\\\\server\\share\\secret.txt']],
      ['non-strings', [1, null, {}, ['/etc/passwd']]],
      ['too many at once', Array.from({ length: 10_001 }, (_, i) => `/tmp/f${i}`)],
    ];
    for (const [name, paths] of hostile) {
      const answer = (await grant(from(APP_PAGE), structuredClone(paths))) as Envelope<unknown>;
      expectClearAnswer(answer, `files:grant ← ${name}`);
      expect(answer, `files:grant ← ${name}`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await grant(from('https://evil.example/'), ['/etc/passwd'])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('leaves main unthrown, the worker up and answering, and no prototype polluted', async () => {
    expect(thrownInMain).toEqual([]);
    expect(await invoke('app:info', undefined)).toMatchObject({ ok: true, data: { dbPath: core.database.path } });
    expect(await invoke('profiles:list', undefined)).toMatchObject({ ok: true, data: { profiles: [{ name: 'studio' }] } });
    // The same payloads through the same dispatch and handlers in this process, whose prototypes the test can see.
    const handlersHere = createHandlers(core);
    for (const channel of channelNames) {
      for (const [name, payload] of HOSTILE) {
        const answer = await dispatch(handlersHere, channel, structuredClone(payload), hostLog);
        expect(answer, `${channel} ← ${name} (in process)`).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      }
    }
    for (const probe of [{}, [], new Map(), () => undefined]) expect((probe as unknown as Record<string, unknown>).polluted).toBeUndefined();
    // Nothing reached the worker's error log (INTERNAL failures are logged there as errors).
    const errors = (core.log.lines ?? []).filter((line) => line.includes('"level":"error"'));
    expect(errors).toEqual([]);
  });
});
