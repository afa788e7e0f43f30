import { afterEach, describe, expect, it, vi } from 'vitest';
import { PartMemory } from '../../src/main/core/uploads/part-memory';

const MiB = 1024 * 1024;
/** Whether a promise has settled after pending microtasks and one macrotask. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('part memory (the byte budget for parts in flight)', () => {
  it('hands out buffers of the asked length, full parts at the part size', async () => {
    const memory = new PartMemory(32 * MiB);
    expect((await memory.take(8 * MiB, 8 * MiB)).length).toBe(8 * MiB);
    expect((await memory.take(8 * MiB, 3 * MiB)).length).toBe(3 * MiB);
  });

  it('makes a taker wait while the budget is spent, and wakes it when bytes come back', async () => {
    const memory = new PartMemory(16 * MiB);
    const a = await memory.take(8 * MiB, 8 * MiB);
    await memory.take(8 * MiB, 8 * MiB);
    const third = memory.take(8 * MiB, 8 * MiB);
    expect(await settled(third)).toBe(false);
    memory.give(a, true);
    expect(await settled(third)).toBe(true);
  });

  it('always allows one buffer, even one larger than the budget (a part bigger than the cap still goes)', async () => {
    const memory = new PartMemory(4 * MiB);
    expect((await memory.take(8 * MiB, 8 * MiB)).length).toBe(8 * MiB);
    expect(await settled(memory.take(8 * MiB, 8 * MiB))).toBe(false);
  });

  it('reuses a returned full-size buffer, but never one an aborted request may still be writing', async () => {
    const memory = new PartMemory(32 * MiB);
    const first = await memory.take(8 * MiB, 8 * MiB);
    memory.give(first, true);
    // (Identity compared as booleans: a failing toBe would diff two 8 MiB buffers.)
    expect((await memory.take(8 * MiB, 8 * MiB)) === first).toBe(true);
    const second = await memory.take(8 * MiB, 8 * MiB);
    memory.give(second, false);
    expect((await memory.take(8 * MiB, 8 * MiB)) === second).toBe(false);
  });

  it('reuses short buffers too, by power-of-two size class (a 5,000-photo drop peaked 40–80 MB higher with a fresh buffer per file)', async () => {
    const memory = new PartMemory(32 * MiB);
    const short = await memory.take(8 * MiB, 300 * 1024);
    expect(short.length).toBe(300 * 1024);
    memory.give(short, true);
    // Another body of the same class gets the same memory, at its own length.
    const next = await memory.take(8 * MiB, 400 * 1024);
    expect(next.length).toBe(400 * 1024);
    expect(next.buffer === short.buffer).toBe(true);
    // A body of another class does not.
    const other = await memory.take(8 * MiB, 2 * MiB);
    expect(other.buffer === short.buffer).toBe(false);
  });

  it('counts a short body as its size class against the budget', async () => {
    const memory = new PartMemory(1024 * 1024);
    await memory.take(8 * MiB, 300 * 1024); // a 512 KiB class
    await memory.take(8 * MiB, 300 * 1024);
    expect(await settled(memory.take(8 * MiB, 300 * 1024))).toBe(false);
  });

  it('returns the whole size class of a short body to the budget, so a waiter gets in', async () => {
    const memory = new PartMemory(1024 * 1024);
    const a = await memory.take(8 * MiB, 300 * 1024);
    await memory.take(8 * MiB, 300 * 1024);
    const third = memory.take(8 * MiB, 300 * 1024);
    expect(await settled(third)).toBe(false);
    memory.give(a, false);
    expect(await settled(third)).toBe(true);
  });

  it('lets pooled buffers go when holding them would pass the budget', async () => {
    const memory = new PartMemory(16 * MiB);
    const small = await memory.take(8 * MiB, 300 * 1024);
    memory.give(small, true);
    const a = await memory.take(8 * MiB, 8 * MiB);
    const b = await memory.take(8 * MiB, 8 * MiB);
    memory.give(a, true);
    memory.give(b, true);
    expect((await memory.take(8 * MiB, 300 * 1024)).buffer === small.buffer).toBe(false);
  });

  it('wakes every waiter when bytes come back, so a small request is not stuck behind a large one', async () => {
    const memory = new PartMemory(10 * MiB);
    await memory.take(8 * MiB, 8 * MiB);
    const b = await memory.take(8 * MiB, MiB);
    const large = memory.take(8 * MiB, 8 * MiB);
    const small = memory.take(8 * MiB, 2 * MiB);
    expect(await settled(large)).toBe(false);
    expect(await settled(small)).toBe(false);
    memory.give(b, true);
    // 8 MiB in use: the large one still does not fit, the small one now does — and gets it although it asked second.
    expect(await settled(small)).toBe(true);
    expect(await settled(large)).toBe(false);
  });
});

describe('part memory, idle size classes (2 s)', () => {
  afterEach(() => vi.useRealTimers());

  it('lets a class go once nobody has taken it for the idle time, keeping the classes still in use', async () => {
    vi.useFakeTimers();
    const memory = new PartMemory(64 * MiB);
    // A folder's video: part-size buffers fill the pool…
    const parts = [await memory.take(8 * MiB, 8 * MiB), await memory.take(8 * MiB, 8 * MiB)];
    for (const part of parts) memory.give(part, true);
    expect(memory.pooledBytes).toBe(16 * MiB);
    // …then its photos, one class, keep going for longer than the idle time.
    let photo = await memory.take(8 * MiB, 300 * 1024);
    for (let t = 0; t < 6; t++) {
      memory.give(photo, true);
      await vi.advanceTimersByTimeAsync(500);
      const next = await memory.take(8 * MiB, 300 * 1024);
      expect(next.buffer === photo.buffer, 'the photo class is still reused').toBe(true);
      photo = next;
    }
    memory.give(photo, true);
    // The part-size buffers went at the first check after 2 s without a part; the photo's stays.
    expect(memory.pooledBytes).toBe(512 * 1024);
    const again = await memory.take(8 * MiB, 8 * MiB);
    expect(parts.some((part) => part === again)).toBe(false);
  });

  it('empties the pool when nothing is taken at all (the queue went quiet)', async () => {
    vi.useFakeTimers();
    const memory = new PartMemory(64 * MiB);
    memory.give(await memory.take(8 * MiB, 8 * MiB), true);
    memory.give(await memory.take(8 * MiB, 100 * 1024), true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(memory.pooledBytes).toBe(8 * MiB + 128 * 1024);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(memory.pooledBytes).toBe(0);
  });
});
