/**
 * Rename, move and delete against real stores (s3rver; moto, which keeps
 * ACLs; both behind the strict Spaces stand-in): keys with spaces, Unicode,
 * `+`, `%` and `#`; what CopyObject must keep (bytes, Content-Type,
 * Cache-Control, user metadata, public-read); conflicts; and after every
 * operation the index equals the one a fresh sync builds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStore, stores, type StoreUnderTest } from '../../fixtures/store-under-test';
import { arrange, bucketKeys, facts, freshSnapshot, ftsIntact, isPublic, organiseCore, snapshot, type OrganiseCore } from './setup';

const POST = {
  'alice/beach day/IMG 1.jpg': { contentType: 'image/jpeg', cacheControl: 'public, max-age=600', metadata: { shot: 'sunset', camera: 'x100' } },
  'alice/beach day/a+b.jpg': { contentType: 'image/jpeg' },
  'alice/beach day/100% real.png': { contentType: 'image/png' },
  'alice/beach day/#hash.jpg': { contentType: 'image/jpeg' },
  'alice/beach day/фото 🌊.webp': { contentType: 'image/webp' },
  'alice/beach day/clips/take 1.mp4': { contentType: 'video/mp4' },
};

describe.each(stores('s3rver', 'moto', 'spaces(s3rver) virtual-hosted', 'spaces(moto) path style'))('organising on $kind', ({ kind, skip }) => {
  let store: StoreUnderTest;
  let core: OrganiseCore;

  beforeAll(async () => {
    if (skip) return;
    store = await startStore(kind);
    core = organiseCore(store);
    await arrange(store, { ...POST, 'alice/thumb.jpg': {}, 'alice/profile/icon.png': {}, 'bob/post/a.jpg': {}, 'bob/post/b.jpg': {} });
    await core.sync.run(core.profile());
  });
  afterAll(async () => {
    core?.cleanup();
    store?.checkAppTraffic();
    await store?.close();
  });

  const sameAsFreshSync = async () => {
    ftsIntact(core);
    expect(snapshot(core, core.profile().id)).toEqual(await freshSnapshot(store));
  };

  it.skipIf(skip)('renames a post with odd keys: bytes, type, caching and metadata kept; the index equals a fresh sync', async () => {
    const before = Object.fromEntries(await Promise.all(Object.keys(POST).map(async (k) => [k, await facts(store, k)] as const)));
    const result = await core.organise.rename(core.profile(), { kind: 'post', model: 'alice', post: 'beach day' }, 'beach + sea #1');
    expect(result).toMatchObject({ status: 'done', summary: { done: 6, failed: [] } });
    const keys = await bucketKeys(store);
    for (const [key, was] of Object.entries(before)) {
      const moved = key.replace('alice/beach day/', 'alice/beach + sea #1/');
      expect(keys).toContain(moved);
      expect(keys).not.toContain(key);
      expect(await facts(store, moved)).toEqual(was);
    }
    await sameAsFreshSync();
  });

  it.skipIf(skip)('moves files into another post and asks first when names are taken; keep both, skip and replace do what they say', async () => {
    await arrange(store, { 'bob/post/IMG 1.jpg': { body: 'bob’s own' } });
    await core.sync.run(core.profile());
    const files = ['alice/beach + sea #1/IMG 1.jpg', 'alice/beach + sea #1/a+b.jpg'].map((key) => ({ kind: 'media' as const, key }));
    const asked = await core.organise.move(core.profile(), files, { model: 'bob', post: 'post' });
    expect(asked).toEqual({ status: 'needs-decision', conflicts: ['bob/post/IMG 1.jpg'], total: 2 });
    expect(await bucketKeys(store)).toContain('alice/beach + sea #1/IMG 1.jpg'); // nothing moved yet

    const kept = await core.organise.move(core.profile(), files, { model: 'bob', post: 'post' }, 'keepBoth');
    expect(kept).toMatchObject({ status: 'done', summary: { done: 2, renamed: { 'alice/beach + sea #1/IMG 1.jpg': 'bob/post/IMG 1 (2).jpg' } } });
    expect((await facts(store, 'bob/post/IMG 1.jpg')).size).toBe(Buffer.byteLength('bob’s own'));
    expect((await facts(store, 'bob/post/IMG 1 (2).jpg')).metadata).toEqual({ shot: 'sunset', camera: 'x100' });
    await sameAsFreshSync();

    // One back (under its new name), then "skip" leaves a taken name as it was and "overwrite" replaces it.
    const back = await core.organise.move(core.profile(), [{ kind: 'media', key: 'bob/post/IMG 1 (2).jpg' }], { model: 'alice', post: 'beach + sea #1' });
    expect(back).toMatchObject({ status: 'done', summary: { done: 1 } });
    await arrange(store, { 'alice/beach + sea #1/a.jpg': { body: 'alice’s a' } });
    const skippedNow = await core.organise.move(core.profile(), [{ kind: 'media', key: 'bob/post/a.jpg' }], { model: 'alice', post: 'beach + sea #1' }, 'skip');
    expect(skippedNow).toMatchObject({ status: 'done', summary: { done: 0, skipped: [{ key: 'bob/post/a.jpg' }] } });
    const replaced = await core.organise.move(core.profile(), [{ kind: 'media', key: 'bob/post/a.jpg' }], { model: 'alice', post: 'beach + sea #1' }, 'overwrite');
    expect(replaced).toMatchObject({ status: 'done', summary: { done: 1 } });
    expect((await facts(store, 'alice/beach + sea #1/a.jpg')).size).toBe('bytes of bob/post/a.jpg'.length);
    await sameAsFreshSync();
  });

  it.skipIf(skip)('renames a file and a model; undoes a move by moving it back', async () => {
    const renamed = await core.organise.rename(core.profile(), { kind: 'media', key: 'alice/beach + sea #1/100% real.png' }, '50% off #2.png');
    expect(renamed).toMatchObject({ status: 'done', summary: { done: 1, undoable: true } });
    expect(await bucketKeys(store)).toContain('alice/beach + sea #1/50% off #2.png');
    const model = await core.organise.rename(core.profile(), { kind: 'model', model: 'alice' }, 'alice ✨');
    if (model.status !== 'done') throw new Error('unexpected decision');
    expect(model.summary.done).toBe(8);
    expect((await bucketKeys(store)).filter((k) => k.startsWith('alice/'))).toEqual([]);
    await sameAsFreshSync();

    // The move back's own summary (the toast's) offers no Undo of the Undo.
    const finished = new Promise<unknown>((resolve) => core.bus.subscribe((event, payload) => event === 'organise:finished' && resolve(payload)));
    const undone = await core.organise.undo(core.profile(), model.summary.batchId);
    expect(undone).toMatchObject({ undone: 'moved', summary: { done: model.summary.done } });
    expect(await finished).toMatchObject({ undoable: false, label: expect.stringMatching(/^Undid: /) });
    expect((await bucketKeys(store)).filter((k) => k.startsWith('alice ✨/'))).toEqual([]);
    expect(await bucketKeys(store)).toContain('alice/thumb.jpg');
    await sameAsFreshSync();
  });

  it.skipIf(skip)('holds a delete: the rows leave the index at once, Undo puts them back and nothing was sent', async () => {
    const before = snapshot(core, core.profile().id);
    const keysBefore = await bucketKeys(store);
    const preview = await core.organise.preview(core.profile(), [{ kind: 'post', model: 'bob', post: 'post' }]);
    expect(preview).toMatchObject({ objects: 3, media: 3, posts: 1 });
    const result = await core.organise.delete(core.profile(), [{ kind: 'post', model: 'bob', post: 'post' }], { confirmed: true, hold: true });
    if (!('held' in result)) throw new Error('not held');
    expect(core.organise.held(core.profile().id)).toHaveLength(1);
    expect(snapshot(core, core.profile().id).objects.filter((o) => (o as { model: string }).model === 'bob')).toEqual([]);
    expect(await core.organise.undo(core.profile(), result.held.id)).toEqual({ undone: 'held' });
    expect(snapshot(core, core.profile().id)).toEqual(before);
    await new Promise((r) => setTimeout(r, 500)); // past the hold
    expect(await bucketKeys(store)).toEqual(keysBefore);
  });

  it.skipIf(skip)('deletes a model once the hold is over; a post needs confirming, a model its name typed', async () => {
    await expect(core.organise.delete(core.profile(), [{ kind: 'post', model: 'bob', post: 'post' }], { hold: true })).rejects.toMatchObject({ code: 'CONFIRM_REQUIRED' });
    await expect(core.organise.delete(core.profile(), [{ kind: 'model', model: 'bob' }], { confirmName: 'bo', hold: true })).rejects.toMatchObject({ code: 'CONFIRM_REQUIRED' });
    const finished = new Promise<unknown>((resolve) => core.bus.subscribe((event, payload) => event === 'organise:finished' && resolve(payload)));
    await core.organise.delete(core.profile(), [{ kind: 'model', model: 'bob' }], { confirmName: 'bob', hold: true });
    expect(await finished).toMatchObject({ kind: 'delete', done: 3, failed: [] });
    expect((await bucketKeys(store)).filter((k) => k.startsWith('bob/'))).toEqual([]);
    await sameAsFreshSync();
  });

  it.skipIf(skip)('deletes odd keys at once (the CLI path) and the index follows', async () => {
    const odd = ['alice/beach + sea #1/50% off #2.png', 'alice/beach + sea #1/#hash.jpg', 'alice/beach + sea #1/фото 🌊.webp'];
    const summary = await core.organise.deleteKeys(core.profile(), odd);
    expect(summary).toMatchObject({ done: 3, failed: [] });
    const keys = await bucketKeys(store);
    for (const key of odd) expect(keys).not.toContain(key);
    await sameAsFreshSync();
  });
});

describe.each(stores('moto', 'spaces(moto) virtual-hosted'))('access on $kind', ({ kind, skip }) => {
  let store: StoreUnderTest;
  let core: OrganiseCore;
  beforeAll(async () => {
    if (skip) return;
    store = await startStore(kind);
    core = organiseCore(store);
    await arrange(store, { 'm/p/public.jpg': { acl: 'public-read' }, 'm/p/private.jpg': { acl: 'private' } });
    await core.sync.run(core.profile());
  });
  afterAll(async () => {
    core?.cleanup();
    await store?.close();
  });

  it.skipIf(skip)('public-read stays public-read and private stays private (CopyObject does not copy ACLs: they are read and set)', async () => {
    const result = await core.organise.rename(core.profile(), { kind: 'post', model: 'm', post: 'p' }, 'q');
    expect(result).toMatchObject({ status: 'done', summary: { done: 2, aclUnknown: 0 } });
    expect(await isPublic(store, 'm/q/public.jpg')).toBe(true);
    expect(await isPublic(store, 'm/q/private.jpg')).toBe(false);
    const row = core.database.sqlite.prepare(`SELECT is_public AS p FROM objects WHERE key = 'm/q/public.jpg'`).get() as { p: number };
    expect(row.p).toBe(1);
  });
});
