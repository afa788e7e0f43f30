/**
 * Thumbnail jobs by priority (p-queue): what the screen asks for runs before
 * the background prefetch, and a waiting background job the screen then asks
 * for moves up. One job per object version: asking again joins it.
 */
import PQueue from 'p-queue';
import type { ThumbTarget } from './store';
import { fileName } from './store';

const URGENT = 1;
const BACKGROUND = 0;

interface Job {
  promise: Promise<string>;
  reject(error: unknown): void;
  running: boolean;
  urgent: boolean;
}

export interface QueueCounts {
  /** Jobs waiting in the background lane (the prefetch tops it up below a mark). */
  background: number;
  /** Waiting or running. */
  total: number;
}

export class ThumbnailQueue {
  private readonly queue: PQueue;
  private readonly jobs = new Map<string, Job>();

  constructor(concurrency: number) {
    this.queue = new PQueue({ concurrency });
  }

  /**
   * The job's file: joins a job already queued (moving it up when now
   * urgent; `created` false), else queues `run` as a new one.
   */
  add(target: ThumbTarget, urgent: boolean, run: () => Promise<string>): { promise: Promise<string>; created: boolean } {
    const id = fileName(target);
    const existing = this.jobs.get(id);
    if (existing) {
      if (urgent && !existing.urgent && !existing.running) {
        existing.urgent = true;
        this.queue.setPriority(id, URGENT);
      }
      return { promise: existing.promise, created: false };
    }
    let reject!: (error: unknown) => void;
    const cancelled = new Promise<never>((_, rej) => (reject = rej));
    const job: Job = { promise: Promise.resolve(''), reject, running: false, urgent };
    job.promise = Promise.race([
      cancelled,
      this.queue.add(
        async () => {
          job.running = true;
          return run();
        },
        { id, priority: urgent ? URGENT : BACKGROUND },
      ) as Promise<string>,
    ]);
    this.jobs.set(id, job);
    const forget = () => {
      if (this.jobs.get(id) === job) this.jobs.delete(id);
    };
    job.promise.then(forget, forget);
    return { promise: job.promise, created: true };
  }

  /** A job with this id (waiting or running) exists. */
  has(target: ThumbTarget): boolean {
    return this.jobs.has(fileName(target));
  }

  counts(): QueueCounts {
    return { background: this.queue.sizeBy({ priority: BACKGROUND }), total: this.jobs.size };
  }

  idle(): boolean {
    return this.jobs.size === 0;
  }

  /** Fails every waiting job with `error` (a running one finishes, its result unused). */
  clear(error: unknown): void {
    this.queue.clear();
    for (const job of this.jobs.values()) job.reject(error);
  }
}
