import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BUCKET } from '../../src/main/core/demo/demo-library';
import { startSampleBucket, type SampleBucket } from '../fixtures/sample-bucket';
import { createS3Client } from '../../src/main/core/s3/client';
import { testCore, type TestCore } from '../fixtures/core';
import { expectAccessibleInBothSchemes } from './axe';
import { closeBrowser, openApp, type Harness } from './harness';

/**
 * Organising from the UI: rename in place (F2) and from the context menu,
 * move a post by dragging it onto a model in the sidebar (and Undo), move
 * files into a new post from the selection bar, delete with the Undo toast
 * and for real, and a model's deletion asking for its name typed. Chromium
 * over the real core worker and the demo library on a local S3 server
 * (s3rver); every change is checked in the bucket itself.
 */
/** expect.poll with room for a busy machine (its default gives up after 1 s). */
const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout });

describe('organise the library from the UI', () => {
  let core: TestCore;
  let demo: SampleBucket;
  let app: Harness;
  let s3: S3Client;

  const keys = async (prefix = ''): Promise<string[]> => {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: DEMO_BUCKET, Prefix: prefix, ContinuationToken: token }));
      out.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
    } while (token);
    return out.sort();
  };
  /** Models and their posts as the bucket holds them (MODEL/POST/file). */
  const layout = async () => {
    const tree = new Map<string, Set<string>>();
    for (const key of await keys()) {
      const [model, post, ...rest] = key.split('/');
      if (!model || !post || rest.length === 0 || post === 'profile') continue;
      tree.set(model, (tree.get(model) ?? new Set()).add(post));
    }
    return tree;
  };
  const media = (prefix: string) => keys(prefix).then((k) => k.filter((key) => /\.(jpe?g|png|webp)$/i.test(key)));

  beforeAll(async () => {
    core = testCore();
    demo = await startSampleBucket(core, { sample: { models: 3, postsPerModel: 2, imagesPerPost: 4, imageSize: 240 } });
    s3 = createS3Client({ endpoint: demo.endpoint, region: 'us-east-1', bucket: DEMO_BUCKET, forcePathStyle: true, ...demo.credential, rootPrefix: '' });
    app = await openApp({ core, viewport: { width: 1360, height: 860 } });
  });
  // A failed step must not leave a drag, a dialog or the viewer over the next test.
  afterEach(async () => {
    await app?.page.mouse.up().catch(() => undefined);
    for (let i = 0; i < 3; i++) await app?.page.keyboard.press('Escape').catch(() => undefined);
  });
  afterAll(async () => {
    await app?.close();
    await closeBrowser();
    s3?.destroy();
    await demo?.stop().catch(() => undefined);
    core?.cleanup();
  });

  const openModel = async (model: string) => {
    const { page } = app;
    await page.getByTestId('sidebar-models').getByRole('listitem').filter({ hasText: new RegExp(`^${model}\\d`) }).click();
    await page.getByRole('heading', { name: model, level: 1 }).waitFor();
  };
  const openPost = async (model: string, post: string) => {
    await openModel(model);
    await app.page.getByTestId('post-grid').getByRole('listitem', { name: post, exact: true }).click();
    await app.page.getByRole('heading', { name: post, level: 1 }).waitFor();
    const options = app.page.getByTestId('media-grid').getByRole('option');
    await poll(() => options.first().getAttribute('aria-label')).not.toBe('Loading');
    return options;
  };

  it('renames a post in place with F2, and a file from its context menu', async () => {
    const { page } = app;
    const tree = await layout();
    const [model] = [...tree.keys()];
    const [post] = [...tree.get(model!)!];
    const before = await media(`${model}/${post}/`);
    await openModel(model!);
    const card = page.getByTestId('post-grid').getByRole('listitem', { name: post!, exact: true });
    await card.focus();
    await page.keyboard.press('F2');
    const input = page.getByTestId('inline-rename');
    await input.waitFor();
    expect(await input.inputValue()).toBe(post);
    await input.fill('Beach day + #1');
    await expectAccessibleInBothSchemes(page, 'a post renamed in place');
    await app.screenshot('organise-rename-in-place');
    await page.keyboard.press('Enter');
    await page.getByTestId('post-grid').getByRole('listitem', { name: 'Beach day + #1', exact: true }).waitFor();
    // Every file moved, none left behind.
    await poll(() => media(`${model}/Beach day + #1/`)).toHaveLength(before.length);
    expect(await media(`${model}/${post}/`)).toEqual([]);

    // A file: right-click opens the menu; Rename… asks for the name (the stem selected).
    const options = await openPost(model!, 'Beach day + #1');
    const first = (await options.first().getAttribute('data-name'))!;
    await options.first().click({ button: 'right' });
    const menu = page.getByRole('menu');
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Rename…/), expect.stringMatching(/^Move to…/), expect.stringMatching(/^Delete/)]));
    await expectAccessibleInBothSchemes(page, 'a file’s context menu');
    await app.screenshot('organise-context-menu');
    await menu.getByRole('menuitem', { name: /^Rename…/ }).click();
    // In place: the tile's name becomes the field, its stem selected (typing replaces it, the extension stays).
    const field = page.getByTestId('inline-rename');
    await field.waitFor();
    expect(await field.evaluate((el) => [(el as unknown as { selectionStart: number }).selectionStart, (el as unknown as { selectionEnd: number }).selectionEnd])).toEqual([
      0,
      first.lastIndexOf('.'),
    ]);
    await page.keyboard.type('café 100%');
    await expectAccessibleInBothSchemes(page, 'a file renamed in place');
    await app.screenshot('organise-rename-file-in-place');
    await page.keyboard.press('Enter');
    await page.getByTestId('media-grid').getByRole('option', { name: 'café 100%.jpg' }).waitFor();
    expect(await keys(`${model}/Beach day + #1/café 100%.jpg`)).toHaveLength(1);
    expect(await keys(`${model}/Beach day + #1/${first}`)).toEqual([]);
    await poll(() => page.getByTestId('organise-summary').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/café 100%\.jpg/)]));

    // F2 on the grid renames the active file; Escape keeps the old name.
    const tile = page.getByTestId('media-grid').getByRole('option', { name: 'café 100%.jpg' });
    await tile.click();
    await page.keyboard.press('F2');
    await field.waitFor();
    await page.keyboard.press('Escape');
    await field.waitFor({ state: 'detached' });
    expect(await keys(`${model}/Beach day + #1/café 100%.jpg`)).toHaveLength(1);

    // In the viewer, F2 asks for the name in a dialog.
    await tile.dblclick();
    await poll(() => page.getByTestId('viewer-title').textContent()).toBe('café 100%.jpg');
    await page.keyboard.press('F2');
    const dialog = page.getByTestId('rename-dialog');
    await dialog.getByRole('textbox').fill('Ünïcode & more.jpg');
    await expectAccessibleInBothSchemes(page, 'the rename dialog');
    await app.screenshot('organise-rename-dialog');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await poll(() => keys(`${model}/Beach day + #1/Ünïcode & more.jpg`)).toHaveLength(1);
    await poll(() => keys(`${model}/Beach day + #1/café 100%.jpg`)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('viewer').waitFor({ state: 'detached' });
    await page.getByTestId('media-grid').getByRole('option', { name: 'Ünïcode & more.jpg' }).waitFor();
  });

  it('moves a post by dragging it onto another model in the sidebar; Undo moves it back', async () => {
    const { page } = app;
    const tree = await layout();
    const [from, to] = [...tree.keys()];
    const post = [...tree.get(from!)!].at(-1)!;
    const files = await media(`${from}/${post}/`);
    await openModel(from!);
    const card = page.getByTestId('post-grid').getByRole('listitem', { name: post, exact: true });
    await card.dragTo(page.getByTestId('sidebar-models').getByRole('listitem').filter({ hasText: new RegExp(`^${to}\\d`) }));
    // Copied, then the sources deleted: every file in exactly one place at the end.
    await poll(() => media(`${from}/${post}/`)).toEqual([]);
    expect(await media(`${to}/${post}/`)).toHaveLength(files.length);
    // The view follows at once (no sync): the card has left.
    await card.waitFor({ state: 'detached' });
    const summary = page.getByTestId('organise-summary').filter({ hasText: `Moved 1 post to ${to}` });
    await summary.getByRole('button', { name: 'Undo' }).waitFor();
    await page.waitForTimeout(300); // the toast's slide-in
    await app.screenshot('organise-move-by-drag');
    await summary.getByRole('button', { name: 'Undo' }).click();
    await poll(() => media(`${to}/${post}/`)).toEqual([]);
    expect(await media(`${from}/${post}/`)).toEqual(files);
    await card.waitFor();
  });

  it('moves selected files into a new post from the selection bar', async () => {
    const { page } = app;
    const tree = await layout();
    const [model] = [...tree.keys()];
    const post = [...tree.get(model!)!].at(-1)!;
    const options = await openPost(model!, post);
    const names = await Promise.all([0, 1].map(async (i) => (await options.nth(i).getAttribute('data-name'))!));
    const count = await options.count();
    await options.nth(0).click();
    await options.nth(1).click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: 'Move to…' }).click();
    const dialog = page.getByTestId('move-dialog');
    await dialog.getByRole('combobox', { name: 'Post', exact: true }).selectOption({ label: 'New post…' });
    await dialog.getByRole('textbox', { name: 'Name of the new post' }).fill('Picked');
    await expectAccessibleInBothSchemes(page, 'the move dialog naming a new post');
    await app.screenshot('organise-move-dialog');
    await dialog.getByRole('button', { name: 'Move' }).click();
    await poll(() => media(`${model}/Picked/`)).toEqual(names.map((n) => `${model}/Picked/${n}`).sort());
    await poll(() => options.count()).toBe(count - 2);
  });

  it('moves files by dragging: held over a model in the sidebar it opens, dropped on a post card they move there', async () => {
    const { page } = app;
    const tree = await layout();
    const [to, from] = [...tree.keys()];
    const fromPost = [...tree.get(from!)!][0]!;
    const toPost = [...tree.get(to!)!][0]!;
    const options = await openPost(from!, fromPost);
    const name = (await options.first().getAttribute('data-name'))!;
    const centre = async (l: ReturnType<typeof page.locator>) => {
      const b = (await l.boundingBox())!;
      return [b.x + b.width / 2, b.y + b.height / 2] as const;
    };
    await options.first().hover();
    await page.mouse.down();
    try {
      const model = page.getByTestId('sidebar-models').getByRole('listitem').filter({ hasText: new RegExp(`^${to}\\d`) });
      await page.mouse.move(...(await centre(model)), { steps: 8 });
      await page.getByRole('heading', { name: to!, level: 1 }).waitFor();
      const card = page.getByTestId('post-grid').getByRole('listitem', { name: toPost, exact: true });
      await card.waitFor();
      await page.mouse.move(...(await centre(card)), { steps: 8 });
      await poll(() => card.getAttribute('data-drop-active')).toBe('true');
      await app.screenshot('organise-drop-on-post');
    } finally {
      // Never leave the button held: every later click would be part of this drag.
      await page.mouse.up();
    }
    await poll(() => keys(`${to}/${toPost}/${name}`)).toEqual([`${to}/${toPost}/${name}`]);
    await poll(() => keys(`${from}/${fromPost}/${name}`)).toEqual([]);
  });

  it('moves selected files by dropping them on a sibling post in the sidebar; the server and the index agree', async () => {
    const { page } = app;
    const tree = await layout();
    const model = [...tree.keys()][2]!;
    const [from, to] = [...tree.get(model)!];
    const options = await openPost(model, from!);
    const count = await options.count();
    const names = await Promise.all([0, 1].map(async (i) => (await options.nth(i).getAttribute('data-name'))!));
    await options.nth(0).click();
    await options.nth(1).click({ modifiers: ['Shift'] });
    // The open model's posts are listed under it in the sidebar, the open one marked.
    const sidebarPost = (post: string) => page.getByTestId('sidebar-models').getByRole('listitem', { name: `${post}, post of ${model},` });
    expect(await sidebarPost(from!).getAttribute('aria-current')).toBe('true');
    const target = sidebarPost(to!);
    // Synthetic drag events, each with the DataTransfer a real drag carries (one for the whole drag, as in a browser).
    const dataTransfer = await page.evaluateHandle('new DataTransfer()');
    await options.nth(1).dispatchEvent('dragstart', { dataTransfer });
    // The post being dragged from takes no drop; its sibling does.
    await sidebarPost(from!).dispatchEvent('dragenter', { dataTransfer });
    expect(await sidebarPost(from!).getAttribute('data-drop-active')).toBeNull();
    await target.dispatchEvent('dragenter', { dataTransfer });
    await target.dispatchEvent('dragover', { dataTransfer });
    await poll(() => target.getAttribute('data-drop-active')).toBe('true');
    await app.screenshot('organise-drop-on-sidebar-post');
    await target.dispatchEvent('drop', { dataTransfer });
    await options.nth(1).dispatchEvent('dragend', { dataTransfer }).catch(() => undefined);
    const moved = names.map((n) => `${model}/${to}/${n}`).sort();
    await poll(async () => (await media(`${model}/${to}/`)).filter((k) => moved.includes(k))).toEqual(moved);
    await poll(async () => (await media(`${model}/${from}/`)).filter((k) => names.some((n) => k.endsWith(`/${n}`)))).toEqual([]);
    // The index follows at once, without a sync.
    const indexed = async (post: string) => {
      const page = await app.call('library:listMedia', { model, post, offset: 0, limit: 1000 });
      if (!page.ok) throw new Error(page.error.message);
      return (page.data as { items: { key: string }[] }).items.map((m) => m.key);
    };
    expect((await indexed(to!)).filter((k) => moved.includes(k)).sort()).toEqual(moved);
    expect((await indexed(from!)).filter((k) => names.some((n) => k.endsWith(`/${n}`)))).toEqual([]);
    expect((await indexed(from!)).sort()).toEqual(await keys(`${model}/${from}/`));
    expect((await indexed(to!)).sort()).toEqual(await keys(`${model}/${to}/`));
    // The grid and the sidebar's counts follow.
    await poll(() => options.count()).toBe(count - 2);
    // The selection named the moved files' places: it goes with them.
    await poll(() => page.getByText(/^\d+ items? selected$/).count()).toBe(0);
    await poll(() => target.textContent()).toContain(String((await indexed(to!)).length));
    await page.getByTestId('organise-summary').filter({ hasText: 'Moved' }).first().waitFor();
    await page.waitForTimeout(300); // the toast's slide-in
    await app.screenshot('organise-moved-to-sidebar-post');
  });

  it('asks what to do when the new name is taken: Keep both gives the moved file a numbered name', async () => {
    const { page } = app;
    const tree = await layout();
    const model = [...tree.keys()][1]!;
    const post = [...tree.get(model)!].at(-1)!;
    const options = await openPost(model, post);
    const [a, b] = await Promise.all([0, 1].map(async (i) => (await options.nth(i).getAttribute('data-name'))!));
    await options.nth(0).click();
    await page.keyboard.press('F2');
    await page.getByTestId('inline-rename').fill(b!);
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('organise-conflict');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`${model}/${post}/${b}`);
    await expectAccessibleInBothSchemes(page, 'the organise conflict dialog (skip, replace, keep both)');
    await app.screenshot('organise-conflict');
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    const numbered = `${model}/${post}/${b!.replace(/(\.[^.]+)$/, ' (2)$1')}`;
    await poll(() => keys(numbered)).toEqual([numbered]);
    expect(await keys(`${model}/${post}/${b}`)).toHaveLength(1);
    await poll(() => keys(`${model}/${post}/${a}`)).toEqual([]);
  });

  it('makes an image the model’s banner from the viewer’s context menu', async () => {
    const { page } = app;
    const tree = await layout();
    const [model] = [...tree.keys()];
    const post = [...tree.get(model!)!][0]!;
    const options = await openPost(model!, post);
    const image = options.filter({ hasNotText: 'Video' }).first();
    const name = (await image.getAttribute('data-name'))!;
    await image.dblclick();
    const viewer = page.getByTestId('viewer');
    await poll(() => page.getByTestId('viewer-title').textContent()).toBe(name);
    await viewer.click({ button: 'right', position: { x: 400, y: 400 } });
    await page.getByRole('menu').getByRole('menuitem', { name: /banner/ }).click();
    const banner = `${model}/profile/banner${name.slice(name.lastIndexOf('.')).toLowerCase()}`;
    await poll(() => keys(banner)).toEqual([banner]);
    // The copy stays where it was; the model's header shows the new banner after a close.
    expect(await keys(`${model}/${post}/${name}`)).toHaveLength(1);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('deletes a file with the Delete key, held for Undo; Undo keeps it, then a delete goes through after 10 s', async () => {
    const { page } = app;
    const tree = await layout();
    const model = [...tree.keys()][1]!;
    const post = [...tree.get(model)!][0]!;
    const options = await openPost(model, post);
    const count = await options.count();
    const name = (await options.first().getAttribute('data-name'))!;
    const key = `${model}/${post}/${name}`;
    await options.first().click();
    await page.keyboard.press('Delete');
    const held = page.getByTestId('held-delete');
    await held.waitFor();
    await poll(() => options.count()).toBe(count - 1);
    expect(await held.textContent()).toMatch(/deleted for good in \d+ s/);
    await page.waitForTimeout(300); // the toast's slide-in
    await app.screenshot('organise-delete-undo-toast');
    await held.getByRole('button', { name: 'Undo' }).click();
    await held.waitFor({ state: 'detached' });
    await poll(() => options.count()).toBe(count);
    expect(await keys(key)).toEqual([key]);

    // Again, and let the window pass: the object leaves the bucket.
    await options.first().click();
    await page.keyboard.press('Delete');
    await held.waitFor();
    await held.waitFor({ state: 'detached', timeout: 20_000 });
    await poll(() => keys(key), 20_000).toEqual([]);
    expect(await options.count()).toBe(count - 1);
  }, 60_000);

  it('shows a long batch’s progress, then what failed and why', async () => {
    const { page } = app;
    // Events as the core sends them for a batch that has run for a while (a real one on a local server ends too soon to see).
    const batch = { batchId: 'e2e-long', kind: 'move' as const, label: 'Moved 2,400 items to alice/archive', total: 2400, failed: 0, bytesTotal: 4e9, startedAt: Date.now() - 5_000 };
    await app.emit('organise:progress', { ...batch, done: 900, bytesDone: 1.5e9 });
    const progress = page.getByTestId('organise-progress');
    await progress.waitFor();
    expect(await progress.textContent()).toMatch(/900 of 2,400 files/);
    expect(await progress.getByRole('progressbar').getAttribute('value')).toBe('1500000000');
    await page.waitForTimeout(300); // the toast's slide-in
    await app.screenshot('organise-progress');
    await app.emit('organise:finished', {
      batchId: 'e2e-long',
      kind: 'move',
      label: batch.label,
      done: 2398,
      bytes: 4e9,
      skipped: [],
      failed: [
        { key: 'alice/beach/IMG 1.jpg', code: 'ACCESS_DENIED', message: 'This key may not write to the bucket.' },
        { key: 'alice/beach/IMG 2.jpg', code: 'ACCESS_DENIED', message: 'This key may not write to the bucket.' },
      ],
      renamed: {},
      undoable: false,
      aclUnknown: 0,
    });
    await progress.waitFor({ state: 'detached' });
    const summary = page.getByTestId('organise-summary').filter({ hasText: batch.label });
    expect(await summary.textContent()).toMatch(/2 failed.*IMG 1\.jpg: This key may not write to the bucket/);
    await page.waitForTimeout(300); // the toast's slide-in
    await app.screenshot('organise-failures');
    await summary.getByRole('button', { name: 'Dismiss' }).click();
    await summary.waitFor({ state: 'detached' });
  });

  it('keeps its toasts clear of the transfers dock at every window size, the dock folded or open', async () => {
    const { page } = app;
    const summary = (n: number) => ({
      batchId: `e2e-stack-${n}`,
      kind: 'move' as const,
      label: `Moved ${n} items to a post with a rather long name, model ${n}`,
      done: n,
      bytes: n * 1e6,
      skipped: [],
      failed: [],
      renamed: {},
      undoable: true,
      aclUnknown: 0,
    });
    // Shown again for each size: a summary leaves by itself after 10 s.
    const showToasts = async (size: string) => {
      for (let n = 1; n <= 6; n++) await app.emit('organise:finished', { ...summary(n), batchId: `e2e-stack-${size}-${n}` });
      await page.getByTestId('organise-summary').filter({ hasText: 'model 6' }).first().waitFor();
    };
    const toasts = page.getByTestId('toasts');
    const dock = page.getByTestId('transfers-dock');
    const toggle = dock.getByRole('button', { name: /^Transfers/ });
    const overlaps = async () => {
      const [t, d] = [(await toasts.boundingBox())!, (await dock.boundingBox())!];
      const size = page.viewportSize()!;
      return {
        // Nothing of the toast region reaches the dock, nor leaves the window.
        intoDock: t.y + t.height > d.y + 0.5,
        offWindow: t.x < 0 || t.y < 0 || t.x + t.width > size.width + 0.5,
      };
    };
    try {
      for (const [width, height] of [
        [1360, 860],
        [1024, 640],
        [800, 520],
      ] as const) {
        await page.setViewportSize({ width, height });
        await showToasts(`${width}x${height}`);
        for (const open of [false, true]) {
          if ((await toggle.getAttribute('aria-expanded')) !== String(open)) await toggle.click();
          await poll(overlaps).toEqual({ intoDock: false, offWindow: false });
          // The dock's Show/Hide is what is on top at its own centre: no toast covers it.
          const b = (await toggle.locator('span').last().boundingBox())!;
          const hit = await page.evaluate(`document.elementFromPoint(${b.x + b.width / 2}, ${b.y + b.height / 2})?.closest('button')?.textContent ?? ''`);
          expect(hit).toMatch(/^Transfers/);
          await page.waitForTimeout(200);
          await app.screenshot(`organise-toasts-above-dock-${width}x${height}${open ? '-open' : ''}`);
        }
      }
    } finally {
      if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
      await page.setViewportSize({ width: 1360, height: 860 });
    }
    for (const dismiss of await page.getByTestId('organise-summary').getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click({ timeout: 1000 }).catch(() => undefined);
  });

  it('confirms a post’s deletion with its count and size (no name to type); Undo brings the post back', async () => {
    const { page } = app;
    const tree = await layout();
    const model = [...tree.keys()][0]!;
    const post = [...tree.get(model)!][0]!;
    const files = await keys(`${model}/${post}/`);
    await openModel(model);
    const card = page.getByTestId('post-grid').getByRole('listitem', { name: post, exact: true });
    await card.click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: /^Delete…/ }).click();
    const dialog = page.getByTestId('confirm-delete');
    await dialog.getByTestId('delete-facts').waitFor();
    expect(await dialog.getByTestId('delete-facts').textContent()).toMatch(new RegExp(`^${files.length} files? \\(`));
    expect(await dialog.getByTestId('confirm-name').count()).toBe(0);
    await expectAccessibleInBothSchemes(page, 'a post’s delete confirmation');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    const held = page.getByTestId('held-delete').filter({ hasText: post });
    await held.waitFor();
    await card.waitFor({ state: 'detached' });
    await held.getByRole('button', { name: 'Undo' }).click();
    await card.waitFor();
    expect(await keys(`${model}/${post}/`)).toEqual(files);
  });

  it('asks for a model’s name typed before deleting it, naming the count and size', async () => {
    const { page } = app;
    const tree = await layout();
    const model = [...tree.keys()].at(-1)!;
    const files = await keys(`${model}/`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Library' }).click();
    await page.getByRole('heading', { name: 'Models', level: 1 }).waitFor();
    const card = page.getByTestId('model-grid').getByRole('listitem', { name: model, exact: true });
    await card.focus();
    await page.keyboard.press('Delete');
    const dialog = page.getByTestId('confirm-delete');
    await dialog.getByTestId('delete-facts').waitFor();
    expect(await dialog.getByTestId('delete-facts').textContent()).toMatch(new RegExp(`^${files.length} files \\(`));
    expect(await dialog.getByTestId('versioning-note').textContent()).toMatch(/version/);
    const del = dialog.getByRole('button', { name: 'Delete' });
    expect(await del.isDisabled()).toBe(true);
    await dialog.getByTestId('confirm-name').fill(model.slice(0, -1));
    expect(await del.isDisabled()).toBe(true);
    await dialog.getByTestId('confirm-name').fill(model);
    await expectAccessibleInBothSchemes(page, 'a model’s delete confirmation (its name typed)');
    await app.screenshot('organise-model-delete-confirmation');
    await del.click();
    await page.getByTestId('held-delete').waitFor();
    await card.waitFor({ state: 'detached' });
    await page.getByTestId('held-delete').waitFor({ state: 'detached', timeout: 20_000 });
    await poll(() => keys(`${model}/`), 20_000).toEqual([]);
  }, 60_000);
});
