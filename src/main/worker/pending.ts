/**
 * Numbered requests awaiting their answers, for either end of the port: each
 * request takes the next number, its answer settles it by that number, and
 * when the other end goes away every one still waiting is settled at once.
 */
export class PendingRequests<T> {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(value: T): void; reject(error: unknown): void; started: number }>();

  /** A new request: its number, and the promise its answer settles. */
  open(): { seq: number; answer: Promise<T> } {
    const seq = this.next++;
    const answer = new Promise<T>((resolve, reject) => this.waiting.set(seq, { resolve, reject, started: performance.now() }));
    return { seq, answer };
  }

  /** Settles request `seq`; returns how long it waited (ms), or null for an unknown number. */
  resolve(seq: number, value: T): number | null {
    const entry = this.waiting.get(seq);
    if (!entry) return null;
    this.waiting.delete(seq);
    entry.resolve(value);
    return performance.now() - entry.started;
  }

  reject(seq: number, error: unknown): void {
    const entry = this.waiting.get(seq);
    this.waiting.delete(seq);
    entry?.reject(error);
  }

  /** The other end is gone: every request still waiting gets `answer(seq)`. */
  settleAll(answer: (resolve: (value: T) => void, reject: (error: unknown) => void) => void): void {
    for (const [seq, entry] of this.waiting) {
      this.waiting.delete(seq);
      answer(entry.resolve, entry.reject);
    }
  }

  get size(): number {
    return this.waiting.size;
  }
}
