import { describe, expect, it } from 'vitest';
import { buildApi } from '../../src/shared/api';
import { channelNames, eventNames, type Handlers } from '../../src/shared/contract';
import { AppError } from '../../src/main/core/errors';
import { memoryLogger } from '../../src/main/core/logger';
import { dispatch } from '../../src/main/ipc/dispatch';

const info = { name: 'n', version: '1', dataDir: '/d', dbPath: '/d/l.db', platform: 'linux', node: '20', electron: null };

/** Only the channels these tests call; the others are never reached. */
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  // Channels a test does not call need no handler (the contract grows with every feature).
  return { 'app:info': () => info, 'library:listModels': () => [], ...overrides } as Handlers;
}

describe('dispatch (the one IPC path)', () => {
  it('wraps a handler result in an ok envelope', async () => {
    expect(await dispatch(handlers(), 'app:info', undefined, memoryLogger())).toEqual({ ok: true, data: info });
  });

  it('rejects an unknown channel without calling anything', async () => {
    const res = await dispatch(handlers(), 'fs:readFile', { path: '/etc/passwd' }, memoryLogger());
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it("answers a contract channel missing from a partial table (the library reader's) as unknown, never by throwing", async () => {
    const res = await dispatch({ 'library:listModels': () => [] }, 'app:info', undefined, memoryLogger());
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'Unknown request "app:info".', retryable: false } });
    // An empty table answers nothing.
    expect(await dispatch({}, 'library:listModels', {}, memoryLogger())).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('validates requests with the contract schema before the handler runs', async () => {
    let called = false;
    const h = handlers({ 'library:listModels': () => ((called = true), []) });
    const res = await dispatch(h, 'library:listModels', { sort: 'sideways' }, memoryLogger());
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', retryable: false } });
    expect(called).toBe(false);
    const extra = await dispatch(h, 'library:listModels', { sort: 'name', evil: 1 }, memoryLogger());
    expect(extra.ok).toBe(false);
  });

  it('takes only plain data: a Date, a Map or 33 levels of nesting are not a request, even where {} would be', async () => {
    let called = false;
    const h = handlers({ 'library:listModels': () => ((called = true), []) });
    let deep: unknown = 'name';
    for (let i = 0; i < 33; i++) deep = [deep];
    for (const request of [new Date(0), new Map(), new Uint8Array(0), { sort: deep }, [{}]]) {
      expect(await dispatch(h, 'library:listModels', request, memoryLogger())).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(called).toBe(false);
    expect(await dispatch(h, 'library:listModels', Object.assign(Object.create(null) as object, { sort: 'name' }), memoryLogger())).toMatchObject({ ok: true });
    expect(called).toBe(true);
  });

  it('turns an AppError into its code and message, and hides unknown errors', async () => {
    const log = memoryLogger();
    const known = await dispatch(
      handlers({ 'app:info': () => { throw new AppError('THROTTLED', 'Slow down.'); } }),
      'app:info',
      undefined,
      log,
    );
    expect(known).toEqual({ ok: false, error: { code: 'THROTTLED', message: 'Slow down.', retryable: true } });
    const unknown = await dispatch(
      handlers({ 'app:info': () => { throw new Error('ENOENT /home/me/secret-path'); } }),
      'app:info',
      undefined,
      log,
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(unknown)).not.toContain('secret-path');
    expect(log.lines.join('\n')).toContain('secret-path');
  });
});

describe('buildApi (window.api shape)', () => {
  it('exposes one function per contract channel under its namespace, plus on()', async () => {
    const seen: [string, unknown][] = [];
    const on = () => () => undefined;
    const api = buildApi(channelNames, async (c, r) => (seen.push([c, r]), 'x'), on) as Record<string, Record<string, (r?: unknown) => Promise<unknown>>>;
    // One group per namespace in the contract (derived, so each feature's channels need no edit here).
    const namespaces = [...new Set(channelNames.map((c) => c.slice(0, c.indexOf(':'))))];
    expect(namespaces).toEqual(expect.arrayContaining(['app', 'library']));
    expect(Object.keys(api).sort()).toEqual([...namespaces, 'on'].sort());
    await api.library!.listModels!({ sort: 'name' });
    expect(seen).toEqual([['library:listModels', { sort: 'name' }]]);
    expect(Object.isFrozen(api)).toBe(true);
    expect(eventNames.length).toBeGreaterThan(0);
  });
});
