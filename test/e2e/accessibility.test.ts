import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleBucket, type SampleBucket } from '../fixtures/sample-bucket';
import { testCore, type TestCore } from '../fixtures/core';
import { expectAccessible } from './axe';
import { closeBrowser, openApp, type Harness } from './harness';

type Scheme = 'dark' | 'light';
const SCHEMES: Scheme[] = ['dark', 'light'];
/** --bg of each theme (styles/tokens.css), as getComputedStyle reports it. */
const BACKGROUND: Record<Scheme, string> = { dark: 'rgb(17, 19, 24)', light: 'rgb(245, 246, 248)' };

/**
 * axe-core over every view and dialog of the app, in the OS's dark and light
 * schemes (the theme follows prefers-color-scheme, emulated here), and the
 * keyboard: Tab reaches the controls, each with a visible focus ring. The
 * real renderer over the real core and a demo library in s3rver.
 */
describe('accessibility: every view and dialog in both themes, keyboard focus', () => {
  let core: TestCore;
  let demo: SampleBucket;
  let app: Harness;
  let appClosed = false;

  beforeAll(async () => {
    core = testCore();
    demo = await startSampleBucket(core, { sample: { models: 3, postsPerModel: 2, imagesPerPost: 6, imageSize: 240 } });
    app = await openApp({ core, viewport: { width: 1280, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    if (!appClosed) await app?.close();
    await closeBrowser();
    await demo?.stop().catch(() => undefined);
    core?.cleanup();
  });

  const go = (hash: string) => app.page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
  const background = () => app.page.evaluate('getComputedStyle(document.documentElement).backgroundColor');

  for (const scheme of SCHEMES) {
    it(`has no serious or critical axe violations in any view or dialog (OS scheme ${scheme})`, async () => {
      const { page } = app;
      await page.emulateMedia({ colorScheme: scheme });
      await go('#/');
      // "System" (the default) follows the OS.
      await expect.poll(background).toBe(BACKGROUND[scheme]);
      const models = page.getByTestId('model-grid');
      await models.getByRole('listitem').first().waitFor();
      await expectAccessible(page, `the models view (${scheme})`);
      await app.screenshot(`a11y-${scheme}-1-models`);

      await models.getByRole('listitem', { name: 'aurora' }).click();
      const posts = page.getByTestId('post-grid');
      await posts.getByRole('listitem').first().waitFor();
      await expectAccessible(page, `a model (${scheme})`);
      await app.screenshot(`a11y-${scheme}-2-model`);

      await posts.getByRole('listitem').first().click();
      const grid = page.getByTestId('media-grid');
      await grid.getByRole('option').first().waitFor();
      await expectAccessible(page, `a post's grid (${scheme})`);
      await app.screenshot(`a11y-${scheme}-3-post-grid`);
      await page.getByTestId('more-filters').click();
      await page.getByTestId('layout-list').click();
      await page.getByTestId('media-row').first().waitFor();
      await expectAccessible(page, `a post's list with its filters (${scheme})`);
      await app.screenshot(`a11y-${scheme}-4-post-list`);
      await page.getByTestId('layout-grid').click();
      await page.getByTestId('more-filters').click();

      await grid.getByRole('option').first().dblclick();
      const viewer = page.getByTestId('viewer');
      await viewer.waitFor();
      await page.getByTestId('details-panel').waitFor();
      await expectAccessible(page, `the viewer (${scheme})`);
      await app.screenshot(`a11y-${scheme}-5-viewer`);
      await viewer.getByRole('button', { name: 'Share…' }).click();
      const share = page.getByRole('dialog', { name: /Share/ });
      await share.waitFor();
      await expectAccessible(page, `the share dialog (${scheme})`);
      await app.screenshot(`a11y-${scheme}-6-share`);
      await page.keyboard.press('Escape');
      await share.waitFor({ state: 'detached' });
      await page.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });

      await go('#/search?q=aurora');
      await page.getByTestId('search-hit-name').first().waitFor();
      await expectAccessible(page, `search results (${scheme})`);
      await app.screenshot(`a11y-${scheme}-7-search`);

      await page.getByRole('link', { name: 'Recently shared' }).click();
      await page.getByRole('heading', { name: 'Recently shared', level: 1 }).waitFor();
      await expectAccessible(page, `recently shared (${scheme})`);

      await page.getByRole('link', { name: 'Duplicates' }).click();
      await page.getByRole('heading', { name: 'Duplicates', level: 1 }).waitFor();
      await expectAccessible(page, `duplicates (${scheme})`);

      await page.getByRole('button', { name: /^Transfers/ }).click();
      await expectAccessible(page, `the transfers panel (${scheme})`);
      await page.getByRole('button', { name: /^Transfers/ }).click();

      await page.getByRole('button', { name: 'Settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Settings' });
      await settings.waitFor();
      await expectAccessible(page, `settings (${scheme})`);
      await app.screenshot(`a11y-${scheme}-8-settings`);
      await settings.getByRole('button', { name: 'Close settings' }).click();

      await page.getByTestId('thumb-cache').getByRole('button', { name: 'Clear' }).click();
      const clear = page.getByRole('dialog', { name: /thumbnail/i });
      await clear.waitFor();
      await expectAccessible(page, `the clear-thumbnails question (${scheme})`);
      await app.screenshot(`a11y-${scheme}-9-clear-thumbnails`);
      await clear.getByRole('button', { name: 'Cancel' }).click();
    });
  }

  it('a manual theme overrides the OS, and "System" follows it again', async () => {
    const { page } = app;
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(background).toBe(BACKGROUND.dark);
    await settings.getByRole('radio', { name: 'Same as the system' }).check();
    await expect.poll(background).toBe(BACKGROUND.light);
    await settings.getByRole('button', { name: 'Close settings' }).click();
  });

  it('reaches the controls with Tab, each with a visible focus ring', async () => {
    const { page } = app;
    await go('#/models/aurora');
    await page.getByTestId('post-grid').getByRole('listitem').first().click();
    await page.getByTestId('media-grid').getByRole('option').first().waitFor();
    // Every stop of a Tab walk from the top: what it is, and whether it draws a focus outline or ring.
    await page.locator('body').focus();
    const stops: { what: string; ring: boolean }[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      stops.push(
        (await page.evaluate(`(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return { what: 'body', ring: false };
          // A grid that keeps the focus itself shows it on its active item (aria-activedescendant).
          const active = el.getAttribute('aria-activedescendant');
          const s = getComputedStyle((active && document.getElementById(active)) || el);
          const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)') || s.boxShadow !== 'none';
          return { what: (el.getAttribute('aria-label') || el.getAttribute('data-testid') || el.textContent || el.tagName).trim().slice(0, 40), ring };
        })()`)) as { what: string; ring: boolean },
      );
    }
    const visited = stops.map((s) => s.what);
    // The sidebar, the post's toolbar, the view options and the grid itself are all on the way.
    expect(visited).toEqual(expect.arrayContaining(['Settings', 'Recently shared', 'Duplicates', 'library-search', 'more-filters', 'Reverse the order', 'Tile size', 'layout-list']));
    expect(visited.some((v) => v.startsWith('Media of '))).toBe(true);
    expect(stops.filter((s) => !s.ring && s.what !== 'body')).toEqual([]);
    await page.getByTestId('media-grid').focus();
    await app.screenshot('a11y-10-keyboard-focus-grid');
  });

  it('the first-run screen: the demo offer on screen at 1280×800, no violations in either scheme', async () => {
    appClosed = true;
    await app.close();
    const empty = testCore();
    try {
      const first = await openApp({ core: empty, viewport: { width: 1280, height: 800 } });
      try {
        const { page } = first;
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.getByRole('heading', { name: 'Connect your media library' }).waitFor();
          const offer = page.getByRole('button', { name: 'Explore the demo library' });
          const box = (await offer.boundingBox())!;
          expect(box.y + box.height).toBeLessThanOrEqual(800);
          await expectAccessible(page, `the first-run screen (${scheme})`);
          await first.screenshot(`a11y-${scheme}-0-first-run`);
        }
      } finally {
        await first.close();
      }
    } finally {
      empty.cleanup();
    }
  });
});
