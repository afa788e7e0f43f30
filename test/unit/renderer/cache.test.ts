import type { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, PayloadOf } from '../../../src/shared/contract';
import type { UploadBatchProgress, UploadItemView } from '../../../src/shared/domain';
import { profileFormSchema, type ConnectionTestResult } from '../../../src/shared/profile';
import type { SyncProgress, SyncStatus } from '../../../src/shared/sync';
import { connectEvents } from '../../../src/renderer/src/data/event-bridge';
import { applyEffect } from '../../../src/renderer/src/data/mutations';
import { profileKey, sessionKey } from '../../../src/renderer/src/data/query-keys';
import { createQueryClient } from '../../../src/renderer/src/data/query-client';
import { createUploadActivity } from '../../../src/renderer/src/data/upload-activity';

/**
 * The renderer's cache rules, on a real QueryClient fed through the real
 * event bridge: which answers an event makes stale, and what it writes
 * straight into the cache. (window.api is replaced by a plain emitter: the
 * bridge only subscribes; the e2e specs run it against main's real events.)
 */
function emitter() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    emit<E extends EventName>(event: E, payload: PayloadOf<E>) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

const row = (id: number, state: UploadItemView['state'], bytesDone = 0): UploadItemView => ({
  id,
  batchId: 'b1',
  key: `m/p/${id}.jpg`,
  localPath: `/tmp/${id}.jpg`,
  size: 100,
  bytesDone,
  state,
  errorCode: null,
  errorMessage: null,
});

describe('renderer cache: events and their effects', () => {
  let client: QueryClient;
  afterEach(() => client.clear());

  function seeded() {
    client = createQueryClient();
    const api = emitter();
    const uploads = createUploadActivity();
    const disconnect = connectEvents(api, client, uploads);
    const keys = {
      profiles: sessionKey('profiles:list'),
      overview: sessionKey('library:overview'),
      info: sessionKey('app:info'),
      p1Models: profileKey('p1', 'library:listModels', { sort: 'name' }),
      p1Media: profileKey('p1', 'library:listMedia', { model: 'm', post: 'p', offset: 0, limit: 200 }),
      p1Recent: profileKey('p1', 'links:recent'),
      p2Models: profileKey('p2', 'library:listModels', { sort: 'name' }),
    };
    for (const key of Object.values(keys)) client.setQueryData(key, { seeded: true });
    const stale = () => Object.entries(keys).filter(([, key]) => client.getQueryState(key)?.isInvalidated).map(([name]) => name);
    return { api, uploads, keys, stale, disconnect };
  }

  it('library:changed for a profile makes its library and the overview stale, never the profile list', () => {
    const { api, stale } = seeded();
    api.emit('library:changed', { profileId: 'p1' });
    expect(stale().sort()).toEqual(['overview', 'p1Media', 'p1Models']);
  });

  it('library:changed without a profile (the profile set changed) makes everything stale', () => {
    const { api, keys, stale } = seeded();
    api.emit('library:changed', { profileId: null });
    expect(stale().sort()).toEqual(Object.keys(keys).sort());
  });

  it('writes network, thumbnail and sync progress into the answers they update', () => {
    const { api } = seeded();
    api.emit('network:changed', { online: false, host: 'h', checkedAt: 1, message: 'Offline' });
    expect(client.getQueryData(sessionKey('network:status'))).toMatchObject({ online: false });
    api.emit('thumbs:progress', { done: 1, total: 2, cacheBytes: 3, cacheLimitBytes: 4 } as PayloadOf<'thumbs:progress'>);
    expect(client.getQueryData(sessionKey('thumbs:status'))).toMatchObject({ done: 1, total: 2 });

    const statusKey = profileKey('p1', 'sync:status');
    const lastRun = { id: 7 } as SyncStatus['lastRun'];
    client.setQueryData<SyncStatus>(statusKey, { running: false, progress: null, lastRun });
    const progress: SyncProgress = { profileId: 'p1', runId: 8, phase: 'listing', status: 'running', objects: 10, pages: 1, added: 10, updated: 0, removed: 0, rate: 5, elapsedMs: 2 };
    api.emit('sync:progress', progress);
    expect(client.getQueryData(statusKey)).toEqual({ running: true, progress, lastRun });
    api.emit('sync:progress', { ...progress, phase: 'done' });
    expect(client.getQueryData<SyncStatus>(statusKey)).toMatchObject({ running: false, progress: null });
    // Its end brings a new last run: main is asked again.
    expect(client.getQueryState(statusKey)?.isInvalidated).toBe(true);
  });

  it('keeps upload progress once: rows in uploads:list, batch totals in the activity store', () => {
    const { api, uploads } = seeded();
    const listKey = sessionKey('uploads:list');
    client.setQueryData(listKey, [row(1, 'done', 100)]);
    const batch: UploadBatchProgress = { batchId: 'b1', items: [row(2, 'uploading', 40)], bytesDone: 40, bytesTotal: 100, rateBps: 10, etaSeconds: 6, done: 0, failed: 0, cancelled: 0, total: 1 };
    api.emit('uploads:progress', batch);
    expect(client.getQueryData<UploadItemView[]>(listKey)?.map((r) => [r.id, r.state, r.bytesDone])).toEqual([
      [1, 'done', 100],
      [2, 'uploading', 40],
    ]);
    expect(uploads.snapshot()).toMatchObject({ started: 1 });
    expect([...uploads.snapshot().running.keys()]).toEqual(['b1']);
    api.emit('uploads:progress', { ...batch, items: [row(2, 'uploading', 90)], bytesDone: 90 });
    expect(uploads.snapshot().started).toBe(1);
    expect(client.getQueryData<UploadItemView[]>(listKey)?.find((r) => r.id === 2)?.bytesDone).toBe(90);

    api.emit('uploads:finished', { batchId: 'b1', done: 1, failed: 0, cancelled: 0, bytes: 100, firstError: null });
    expect(uploads.snapshot().running.size).toBe(0);
    expect(uploads.snapshot().finished).toMatchObject({ seq: 1, summary: { done: 1 } });
    expect(client.getQueryState(listKey)?.isInvalidated).toBe(true);
    // Nothing about uploads touches the profile list.
    expect(client.getQueryState(sessionKey('profiles:list'))?.isInvalidated).toBe(false);
  });

  it('checking a stored profile refreshes the profile list and its link options (the CDN finding); checking a draft changes nothing', async () => {
    const { stale } = seeded();
    const p1Options = profileKey('p1', 'links:options');
    const p2Options = profileKey('p2', 'links:options');
    client.setQueryData(p1Options, { seeded: true });
    client.setQueryData(p2Options, { seeded: true });
    const result: ConnectionTestResult = { ok: true, host: 'h', bucket: 'b', objectsVisible: 1, moreObjects: false, elapsedMs: 1, capabilities: [], cdnStatus: 'on' };
    const draft = profileFormSchema.parse({ name: 'n', endpoint: 'https://nyc3.digitaloceanspaces.com', bucket: 'media', accessKeyId: 'k', secret: 's' });

    await applyEffect(client, 'profiles:test', result, { draft, tryWrite: true });
    expect(stale()).toEqual([]);
    expect(client.getQueryState(p1Options)?.isInvalidated).toBe(false);

    await applyEffect(client, 'profiles:test', result, { id: 'p1' });
    expect(stale()).toEqual(['profiles']);
    expect(client.getQueryState(p1Options)?.isInvalidated).toBe(true);
    expect(client.getQueryState(p2Options)?.isInvalidated).toBe(false);
  });

  it('stops listening when disconnected', () => {
    const { api, disconnect, stale } = seeded();
    disconnect();
    api.emit('library:changed', { profileId: null });
    expect(stale()).toEqual([]);
  });
});
