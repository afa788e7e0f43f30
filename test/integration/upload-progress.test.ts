import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UploadBatchProgress } from '../../src/shared/domain';
import { EventBus } from '../../src/main/core/events';
import { batchItems, journalBatch, updateItem } from '../../src/main/core/uploads/journal';
import { UploadProgress } from '../../src/main/core/uploads/progress';
import { insertProfile, tempDatabase } from '../fixtures/database';

/** The upload progress reporter over a real SQLite journal, with a real EventBus. */
describe('upload progress reporter', () => {
  let database: ReturnType<typeof tempDatabase>;
  let bus: EventBus;
  let events: { event: string; payload: unknown }[];
  let profileId: string;

  beforeEach(() => {
    database = tempDatabase();
    profileId = insertProfile(database);
    bus = new EventBus();
    events = [];
    bus.subscribe((event, payload) => events.push({ event, payload }));
  });
  afterEach(() => database.cleanup());

  const batchOf = (n: number) =>
    journalBatch(database.db, {
      profile: { id: profileId, defaultAcl: 'private', cacheControl: null },
      files: Array.from({ length: n }, (_, i) => ({ localPath: `/d/${i}.jpg`, key: `m/p/${i}.jpg`, relPath: `${i}.jpg`, size: 1000, mtimeMs: 1 })),
    });
  const progressEvents = () => events.filter((e) => e.event === 'uploads:progress').map((e) => e.payload as UploadBatchProgress);

  it("sends every item in a batch's first event, then only the items that changed, with totals of the whole batch", async () => {
    const progress = new UploadProgress(database, bus, 10);
    const batchId = batchOf(50);
    progress.touch(batchId);
    progress.flush();
    expect(progressEvents()[0]!.items).toHaveLength(50);

    const [a, b] = batchItems(database.db, batchId);
    updateItem(database.db, a!.id, { state: 'uploading', bytesDone: 400 });
    updateItem(database.db, b!.id, { state: 'done', bytesDone: 1000 });
    progress.touch(batchId, a!.id);
    progress.touch(batchId, b!.id);
    progress.touch(batchId, a!.id);
    await expect.poll(() => progressEvents().length).toBe(2);
    const second = progressEvents()[1]!;
    expect(second.items.map((i) => [i.id, i.state, i.bytesDone])).toEqual([
      [a!.id, 'uploading', 400],
      [b!.id, 'done', 1000],
    ]);
    expect(second).toMatchObject({ total: 50, done: 1, bytesDone: 1400, bytesTotal: 50_000 });
    progress.close();
  });

  it('coalesces several changes into one event per interval', async () => {
    const progress = new UploadProgress(database, bus, 40);
    const batchId = batchOf(3);
    for (const row of batchItems(database.db, batchId)) progress.touch(batchId, row.id);
    for (const row of batchItems(database.db, batchId)) progress.touch(batchId, row.id);
    await expect.poll(() => progressEvents().length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(progressEvents()).toHaveLength(1);
    progress.close();
  });

  it('says library:changed at most about once a second however many files finish', async () => {
    const progress = new UploadProgress(database, bus);
    const started = Date.now();
    for (let i = 0; i < 200; i++) progress.libraryChanged(profileId);
    await expect.poll(() => events.filter((e) => e.event === 'library:changed').length).toBe(1);
    progress.libraryChanged(profileId);
    progress.libraryChanged(profileId);
    await expect.poll(() => events.filter((e) => e.event === 'library:changed').length, { timeout: 3_000 }).toBe(2);
    const changed = events.filter((e) => e.event === 'library:changed');
    expect(changed.every((e) => (e.payload as { profileId: string }).profileId === profileId)).toBe(true);
    // The second waited for the first's second to pass.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    progress.close();
  });

  it('ends a batch with its last progress and a summary naming the first error', () => {
    const progress = new UploadProgress(database, bus, 1000);
    const batchId = batchOf(2);
    const [a, b] = batchItems(database.db, batchId);
    updateItem(database.db, a!.id, { state: 'done', bytesDone: 1000 });
    updateItem(database.db, b!.id, { state: 'failed', errorCode: 'NETWORK', errorMessage: 'Could not reach the server.' });
    progress.touch(batchId, b!.id);
    progress.finished(batchId);
    expect(events.map((e) => e.event)).toEqual(['uploads:progress', 'uploads:finished']);
    expect(events[1]!.payload).toEqual({ batchId, done: 1, failed: 1, cancelled: 0, bytes: 1000, firstError: 'Could not reach the server.' });
    progress.close();
  });
});
