import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appInfo } from '../../src/main/core/app-info';
import { models } from '../../src/main/core/db/schema';
import { EventBus } from '../../src/main/core/events';
import { memoryLogger } from '../../src/main/core/logger';
import { createHandlers } from '../../src/main/ipc/handlers';
import { insertProfile, tempDatabase } from '../fixtures/database';
import { closeBrowser, openApp, type Harness } from './harness';

describe('app shell in Chromium over the real core', () => {
  let database: ReturnType<typeof tempDatabase>;
  let app: Harness;
  const bus = new EventBus();
  let profileId: string;

  beforeAll(async () => {
    database = tempDatabase();
    profileId = insertProfile(database, { name: 'studio' });
    database.db
      .insert(models)
      .values({ profileId, name: 'alice', postCount: 3, mediaCount: 42, bytes: 12_345_678, newestAt: Date.UTC(2026, 10, 1) })
      .run();
    const info = appInfo({ dataDir: database.dir, dbPath: database.path }, null);
    app = await openApp({ handlers: createHandlers({ database, info }), bus, log: memoryLogger() });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    database?.cleanup();
  });

  it('renders the shell, round-trips app:info and shows a model from the index', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('app-version').textContent()).toMatch(/^v\d/);
    const infoCall = app.traffic.find((t) => t.channel === 'app:info');
    expect(infoCall?.response).toMatchObject({ ok: true, data: { dbPath: database.path } });

    const card = page.getByTestId('model-grid').getByRole('listitem', { name: 'alice' });
    await card.waitFor();
    expect(await card.textContent()).toContain('42 items');
    await app.screenshot('foundation-shell');
  });

  it('refetches when main announces a change', async () => {
    database.db.insert(models).values({ profileId, name: 'bianca', postCount: 1, mediaCount: 7, bytes: 1000 }).run();
    bus.emit('library:changed', { profileId });
    await app.page.getByTestId('model-grid').getByRole('listitem', { name: 'bianca' }).waitFor();
  });
});
