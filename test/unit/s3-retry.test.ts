import { describe, expect, it } from 'vitest';
import { backoffMs, retry } from '../../src/main/core/s3/retry';

const quick = { baseMs: 1, capMs: 4 };

describe('the one retry loop for S3 calls', () => {
  it('retries what is retryable until it works, telling onRetry each time', async () => {
    let calls = 0;
    const retried: number[] = [];
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('SlowDown');
        return 'listed';
      },
      { ...quick, attempts: 5, retryable: (e) => (e as Error).message === 'SlowDown', onRetry: (_e, attempt) => retried.push(attempt) },
    );
    expect(result).toBe('listed');
    expect(calls).toBe(3);
    expect(retried).toEqual([1, 2]);
  });

  it('throws a non-retryable error at once, and the last one after the attempts run out', async () => {
    let calls = 0;
    await expect(retry(async () => ((calls++, Promise.reject(new Error('AccessDenied')))), { ...quick, attempts: 5, retryable: () => false })).rejects.toThrow('AccessDenied');
    expect(calls).toBe(1);
    calls = 0;
    await expect(retry(async () => ((calls++, Promise.reject(new Error(`try ${calls}`)))), { ...quick, attempts: 3, retryable: () => true })).rejects.toThrow('try 3');
    expect(calls).toBe(3);
  });

  it('stops waiting when aborted, and gives up instead of trying again', async () => {
    const controller = new AbortController();
    let calls = 0;
    const started = performance.now();
    const running = retry(
      async () => {
        calls++;
        throw new Error('reset');
      },
      { attempts: 5, baseMs: 60_000, capMs: 60_000, retryable: () => true, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(running).rejects.toThrow('reset');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(calls).toBe(2);
  });

  it('backs off exponentially from the base, jittered to half–all of the step, up to the cap', () => {
    const policy = { baseMs: 500, capMs: 8_000 };
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffMs(a, policy, 1))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(backoffMs(3, policy, 0)).toBe(1000);
  });
});
