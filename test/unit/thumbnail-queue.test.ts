import { describe, expect, it } from 'vitest';
import { ThumbnailQueue } from '../../src/main/core/thumbnails/queue';

const target = (key: string) => ({ profileId: 'p', key, etag: 'e' });
/** A job that resolves when told to, recording when it started. */
function gate(log: string[], key: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    run: async () => {
      log.push(key);
      await opened;
      return `/cache/${key}.webp`;
    },
    open: () => open(),
  };
}

describe('thumbnail queue (p-queue, by priority)', () => {
  it('runs what the screen asks for before the background, and moves a waiting background job up when asked for', async () => {
    const started: string[] = [];
    const queue = new ThumbnailQueue(1);
    const first = gate(started, 'busy');
    queue.add(target('busy'), false, first.run);
    const jobs = ['bg1', 'bg2', 'bg3'].map((k) => ({ k, g: gate(started, k) }));
    for (const { k, g } of jobs) queue.add(target(k), false, g.run);
    const onScreen = gate(started, 'screen');
    queue.add(target('screen'), true, onScreen.run);
    // bg3 is wanted on screen now: same job, moved up; its second runner is never used.
    const again = queue.add(target('bg3'), true, async () => 'never');
    expect(again.created).toBe(false);
    expect(queue.counts()).toEqual({ background: 2, total: 5 });
    for (const g of [first, onScreen, ...jobs.map((j) => j.g)]) g.open();
    await again.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['busy', 'screen', 'bg3', 'bg1', 'bg2']);
    expect(await again.promise).toBe('/cache/bg3.webp');
  });

  it('joins a job already running instead of making the thumbnail twice', async () => {
    const queue = new ThumbnailQueue(2);
    let runs = 0;
    const run = async () => (runs++, '/cache/a.webp');
    const a = queue.add(target('a'), false, run);
    const b = queue.add(target('a'), true, run);
    expect(await Promise.all([a.promise, b.promise])).toEqual(['/cache/a.webp', '/cache/a.webp']);
    expect(runs).toBe(1);
    expect(queue.idle()).toBe(true);
  });

  it('clear fails every waiting job with the reason and forgets them', async () => {
    const queue = new ThumbnailQueue(1);
    const started: string[] = [];
    const busy = gate(started, 'busy');
    const running = queue.add(target('busy'), false, busy.run);
    const waiting = queue.add(target('later'), false, async () => 'x');
    queue.clear(new Error('cache cleared'));
    await expect(waiting.promise).rejects.toThrow('cache cleared');
    await expect(running.promise).rejects.toThrow('cache cleared');
    busy.open();
    expect(started).toEqual(['busy']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.idle()).toBe(true);
  });
});
