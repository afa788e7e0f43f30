import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { models } from '../../src/main/core/db/schema';
import { insertProfile } from '../fixtures/database';
import { testCore, type TestCore } from '../fixtures/core';
import { closeBrowser, openApp, type Harness } from './harness';

describe('app shell in Chromium over the real core', () => {
  let core: TestCore;
  let app: Harness;
  let profileId: string;

  beforeAll(async () => {
    core = testCore();
    const { database } = core;
    profileId = insertProfile(database, { name: 'studio' });
    database.db
      .insert(models)
      .values({ profileId, name: 'alice', postCount: 3, mediaCount: 42, bytes: 12_345_678, newestAt: Date.UTC(2026, 10, 1) })
      .run();
    app = await openApp({ core });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
  });

  it('renders the shell, round-trips app:info and shows a model from the index', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('app-version').textContent()).toMatch(/^v\d/);
    const infoCall = app.traffic.find((t) => t.channel === 'app:info');
    expect(infoCall?.response).toMatchObject({ ok: true, data: { dbPath: core.database.path } });

    const card = page.getByTestId('model-grid').getByRole('listitem', { name: 'alice' });
    await card.waitFor();
    expect(await card.textContent()).toContain('42 items');
    await app.screenshot('foundation-shell');
  });

  it('refetches when main announces a change (rows written by another connection, as the CLI would)', async () => {
    core.database.db.insert(models).values({ profileId, name: 'bianca', postCount: 1, mediaCount: 7, bytes: 1000 }).run();
    await app.emit('library:changed', { profileId });
    await app.page.getByTestId('model-grid').getByRole('listitem', { name: 'bianca' }).waitFor();
  });
});
