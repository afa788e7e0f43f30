/**
 * Memory for parts in flight, under one byte budget. Parts are read into
 * memory (a replayable body the SDK can retry, hashed once for Content-MD5);
 * the budget bounds peak RSS whatever the concurrency, and full-size part
 * buffers are reused (allocating a fresh 8 MiB buffer per part left freed
 * ones waiting for GC and pushed peak RSS up).
 */
export class PartMemory {
  private used = 0;
  private freeBytes = 0;
  private readonly free = new Map<number, Buffer[]>();
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly budget: number) {}

  /**
   * A buffer of `length` bytes. Full parts (`length === capacity`) come from
   * the pool; a short last part or small file gets its own exact buffer.
   * Waits while the budget is spent (one buffer is always allowed).
   */
  async take(capacity: number, length: number): Promise<Buffer> {
    const size = length === capacity ? capacity : length;
    while (this.used > 0 && this.used + size > this.budget) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.used += size;
    if (size !== capacity) return Buffer.allocUnsafeSlow(size);
    const pooled = this.free.get(capacity)?.pop();
    if (pooled) {
      this.freeBytes -= capacity;
      return pooled;
    }
    if (this.used + this.freeBytes > this.budget) this.dropFree();
    return Buffer.allocUnsafeSlow(capacity);
  }

  /**
   * Returns a buffer's bytes to the budget. `reuse` only when no request can
   * still be writing it (after success; an aborted request may hold it).
   */
  give(buffer: Buffer, capacity: number, reuse: boolean): void {
    this.used -= buffer.length;
    if (reuse && buffer.length === capacity && this.used + this.freeBytes + capacity <= this.budget) {
      const list = this.free.get(capacity) ?? [];
      list.push(buffer);
      this.free.set(capacity, list);
      this.freeBytes += capacity;
    }
    // Wake every waiter: each re-checks, so freed bytes never sit idle behind one large request.
    for (const wake of this.waiting.splice(0)) wake();
  }

  private dropFree(): void {
    this.free.clear();
    this.freeBytes = 0;
  }
}
