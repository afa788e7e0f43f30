/**
 * Memory for parts in flight, under one byte budget. Parts are read into
 * memory (a replayable body the SDK can retry, hashed once for Content-MD5);
 * the budget bounds peak RSS whatever the concurrency. Buffers are reused:
 * allocating a fresh one per part or per file leaves freed ones waiting for
 * GC and pushes peak RSS past the budget (a 5,000-photo drop peaked 40–80 MB
 * higher with a fresh buffer per small file). Full parts come in the part
 * size; shorter bodies (small files, a last part) in power-of-two size
 * classes from 64 KiB, handed out as a view of the length asked for — at
 * most twice the bytes, counted against the budget as such. A class
 * nobody has taken for IDLE_MS lets its pooled buffers go: a folder's few
 * videos fill the pool with part-size buffers that its thousands of photos
 * never use, and they stayed resident to the end of the batch and beyond
 * (~60 MB of a 5,000-file drop's plateau).
 */
const SMALLEST_CLASS = 64 * 1024;
const IDLE_MS = 2_000;

export class PartMemory {
  private used = 0;
  private freeBytes = 0;
  /** Reusable buffers by size class. */
  private readonly free = new Map<number, Buffer[]>();
  /** A view handed out → the class buffer it is part of. */
  private readonly parents = new WeakMap<Buffer, Buffer>();
  private readonly waiting: (() => void)[] = [];
  /** Size class → when a buffer of it was last taken (Date.now()). */
  private readonly lastTaken = new Map<number, number>();
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly budget: number) {}

  /** Bytes held in the pool for reuse, not in use (what idle classes give back). */
  get pooledBytes(): number {
    return this.freeBytes;
  }

  /**
   * A buffer of `length` bytes (a part of at most `capacity`). Waits while
   * the budget is spent (one buffer is always allowed).
   */
  async take(capacity: number, length: number): Promise<Buffer> {
    const size = classOf(length, capacity);
    while (this.used > 0 && this.used + size > this.budget) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.used += size;
    this.lastTaken.set(size, Date.now());
    let buffer = this.free.get(size)?.pop();
    if (buffer) this.freeBytes -= size;
    else {
      this.shrinkPool();
      buffer = Buffer.allocUnsafeSlow(size);
    }
    if (length === size) return buffer;
    const view = buffer.subarray(0, length);
    this.parents.set(view, buffer);
    return view;
  }

  /**
   * Returns a buffer's bytes to the budget. `reuse` only when no request can
   * still be writing it (after success; an aborted request may hold it).
   */
  give(buffer: Buffer, reuse: boolean): void {
    const whole = this.parents.get(buffer) ?? buffer;
    const size = whole.length;
    this.used -= size;
    if (reuse && this.used + this.freeBytes + size <= this.budget) {
      const list = this.free.get(size) ?? [];
      list.push(whole);
      this.free.set(size, list);
      this.freeBytes += size;
      this.watchIdle();
    }
    // Wake every waiter: each re-checks, so freed bytes never sit idle behind one large request.
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** While anything is pooled, checks every IDLE_MS for classes gone idle (unref'd: never keeps a process up). */
  private watchIdle(): void {
    if (this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.dropIdle();
      if (this.freeBytes > 0) this.watchIdle();
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  /** Forgets every class not taken within IDLE_MS, letting go of its pooled buffers (the GC frees them). */
  private dropIdle(): void {
    const since = Date.now() - IDLE_MS;
    for (const [size, at] of this.lastTaken) {
      if (at > since) continue;
      this.lastTaken.delete(size);
      const list = this.free.get(size);
      if (!list) continue;
      this.freeBytes -= size * list.length;
      this.free.delete(size);
    }
  }

  /** Lets pooled buffers go (largest first) until what is held fits the budget. */
  private shrinkPool(): void {
    const sizes = [...this.free.keys()].sort((a, b) => b - a);
    for (const size of sizes) {
      const list = this.free.get(size)!;
      while (list.length > 0 && this.used + this.freeBytes > this.budget) {
        list.pop();
        this.freeBytes -= size;
      }
    }
  }
}

/** The buffer size a body of `length` bytes takes: the part size for a full part, else the next power of two. */
function classOf(length: number, capacity: number): number {
  if (length >= capacity) return length;
  let size = SMALLEST_CLASS;
  while (size < length) size *= 2;
  return Math.min(size, capacity);
}
