import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { models, objects, posts } from '../../src/main/core/db/schema';
import { testCore, type TestCore } from '../fixtures/core';
import { insertProfile } from '../fixtures/database';
import { closeBrowser, openApp, type Harness } from './harness';

// Names that need encoding in a URL: the route keeps them intact.
const MODEL = 'zoë #1';
const POST = '50% off & more?';
const FILES = ['a.pdf', 'b.pdf', 'c.pdf'];

/** The mouse's side buttons, as Chromium receives them from the device (Playwright's mouse has no back/forward). */
async function sideButton(page: Page, button: 'back' | 'forward'): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const at = { x: 700, y: 400 };
  const buttons = button === 'back' ? 8 : 16;
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...at, button, buttons, clickCount: 1 });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at, button, buttons: 0, clickCount: 1 });
  await cdp.detach();
}

/**
 * Navigation has history: the route lives in the URL's hash (#/models/…),
 * so Back/Forward from the keyboard (Alt+←/→, Backspace where it has no
 * other job) and the mouse's side buttons move through it, the viewer's item
 * is part of it, and a reload keeps the place. Chromium over the real core;
 * the index is written directly (PDFs: no thumbnails to make).
 */
describe('history: back and forward from the keyboard and the mouse', () => {
  let core: TestCore;
  let app: Harness;

  beforeAll(async () => {
    core = testCore();
    const profileId = insertProfile(core.database, { name: 'studio' });
    const now = Date.now();
    core.database.db.insert(models).values({ profileId, name: MODEL, postCount: 1, mediaCount: FILES.length, bytes: 3000, newestAt: now }).run();
    core.database.db.insert(models).values({ profileId, name: 'other', postCount: 0, mediaCount: 0, bytes: 0, newestAt: now }).run();
    core.database.db.insert(posts).values({ profileId, model: MODEL, name: POST, mediaCount: FILES.length, bytes: 3000, newestAt: now }).run();
    for (const name of FILES) {
      const key = `${MODEL}/${POST}/${name}`;
      core.database.db
        .insert(objects)
        .values({ profileId, key, role: 'media', model: MODEL, post: POST, relPath: name, name, kind: 'other', size: 1000, etag: `"${name}"`, lastModified: now })
        .run();
    }
    app = await openApp({ core });
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    core?.cleanup();
  });

  const heading = (name: string) => app.page.getByRole('heading', { name, level: 1, exact: true });
  const hash = () => app.page.evaluate(() => decodeURIComponent((globalThis as unknown as { location: { hash: string } }).location.hash));

  it('goes back and forward with Alt+←/→, Backspace and the mouse buttons', async () => {
    const { page } = app;
    await page.getByTestId('model-grid').getByRole('listitem', { name: MODEL }).click();
    await heading(MODEL).waitFor();
    await page.getByTestId('post-grid').getByRole('listitem', { name: POST }).click();
    await heading(POST).waitFor();
    expect(await hash()).toBe(`#/models/${MODEL}/${POST}`);

    await page.keyboard.press('Alt+ArrowLeft');
    await heading(MODEL).waitFor();
    await page.keyboard.press('Alt+ArrowRight');
    await heading(POST).waitFor();

    // Backspace where it has no job of its own (the grid) goes back…
    await page.getByTestId('media-grid').focus();
    await page.keyboard.press('Backspace');
    await heading(MODEL).waitFor();
    // …but in a field it deletes a character and goes nowhere.
    const filter = page.getByPlaceholder('Filter posts');
    await filter.fill('50%');
    await filter.press('Backspace');
    expect(await filter.inputValue()).toBe('50');
    await heading(MODEL).waitFor();
    await filter.fill('');

    await sideButton(page, 'forward');
    await heading(POST).waitFor();
    await sideButton(page, 'back');
    await heading(MODEL).waitFor();
    await sideButton(page, 'back');
    await heading('Models').waitFor();
    // The first entry: index.html as opened, which is the library.
    expect(['', '#/']).toContain(await hash());
    await app.screenshot('history-1-back-to-models');
  });

  it('puts the viewer in the history: Back closes it, Forward opens it on the same item, a reload keeps it', async () => {
    const { page } = app;
    await page.getByTestId('sidebar-models').getByRole('listitem').filter({ hasText: MODEL }).click();
    await page.getByTestId('post-grid').getByRole('listitem', { name: POST }).click();
    const grid = page.getByTestId('media-grid');
    await grid.getByRole('option', { name: 'b.pdf' }).dblclick();
    const title = page.getByTestId('viewer-title');
    await expect.poll(() => title.textContent()).toBe('b.pdf');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => title.textContent()).toBe('c.pdf');
    // Moving inside the viewer replaces its entry: one Back leaves the viewer.
    const item = () => page.evaluate(() => new URLSearchParams((globalThis as unknown as { location: { hash: string } }).location.hash.split('?')[1]).get('item'));
    await expect.poll(item).toBe(`${MODEL}/${POST}/c.pdf`);
    await app.screenshot('history-2-viewer');

    await page.keyboard.press('Alt+ArrowLeft');
    await page.getByTestId('viewer').waitFor({ state: 'detached' });
    expect(await hash()).toBe(`#/models/${MODEL}/${POST}`);
    await heading(POST).waitFor();

    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(() => title.textContent()).toBe('c.pdf');

    await page.reload();
    await expect.poll(() => page.getByTestId('viewer-title').textContent()).toBe('c.pdf');
    expect(await page.getByRole('navigation', { name: 'Breadcrumbs' }).textContent()).toBe(`Library›${MODEL}›${POST}`);
    // Escape after a reload closes the viewer in place (its entry was not opened by this page).
    await page.keyboard.press('Escape');
    await page.getByTestId('viewer').waitFor({ state: 'detached' });
    expect(await hash()).toBe(`#/models/${MODEL}/${POST}`);
  });

  it('keeps Alt+↑ going up a level, and leaves history alone under a modal dialog', async () => {
    const { page } = app;
    await page.getByTestId('media-grid').focus();
    await page.keyboard.press('Alt+ArrowUp');
    await heading(MODEL).waitFor();
    await page.keyboard.press('Alt+ArrowUp');
    await heading('Models').waitFor();

    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.waitFor();
    await page.keyboard.press('Alt+ArrowLeft');
    await sideButton(page, 'back');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'detached' });
    await heading('Models').waitFor();
    // One step back from the library is the model Alt+↑ came from: nothing moved while Settings was open.
    await page.keyboard.press('Alt+ArrowLeft');
    await heading(MODEL).waitFor();
  });
});
