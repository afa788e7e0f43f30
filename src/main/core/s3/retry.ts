/**
 * The one retry loop for S3 calls, on top of the SDK's own standard retries
 * (which already back off on 503 SlowDown and transient network errors):
 * it covers what outlives them — a run of throttling answers during a
 * listing, a reset or a BadDigest during an upload — with a longer,
 * jittered exponential backoff that an abort signal cuts short.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before the second try; it doubles each time, up to `capMs`. */
  baseMs: number;
  capMs: number;
  /** Whether this error is worth another try (the last one is thrown as is). */
  retryable(error: unknown): boolean;
  /** Told before each wait (the lister lowers its pace on throttling). */
  onRetry?(error: unknown, attempt: number): void;
  /** Stops waiting; the next try then sees the aborted signal itself. */
  signal?: AbortSignal;
}

/** Half to all of the exponential step, so clients that failed together do not retry together. */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random = Math.random()): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1)) * (0.5 + random / 2);
}

export async function retry<T>(run: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (attempt >= policy.attempts || policy.signal?.aborted || !policy.retryable(error)) throw error;
      policy.onRetry?.(error, attempt);
      await delay(backoffMs(attempt, policy), undefined, { signal: policy.signal }).catch(() => undefined);
    }
  }
}
