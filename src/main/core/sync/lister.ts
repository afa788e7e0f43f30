/**
 * Lists a bucket below a prefix, page by page, handing each page to the
 * caller before asking for the next (memory stays at a few pages, whatever
 * the bucket's size). Two strategies:
 * - flat: one ListObjectsV2 loop over the whole prefix;
 * - prefixes: list the top-level (model) prefixes with a delimiter, cut the
 *   key space at them into contiguous ranges (StartAfter … last key ≤ end)
 *   and list the ranges concurrently; a worker that runs out of ranges halves
 *   the biggest one still running. Spaces is latency-bound, so this is what
 *   makes a large bucket fast.
 * The prefixes only say where to cut: the ranges cover every key between and
 * beyond them, so a delimiter answer that misses prefixes (s3rver returns
 * only models that hold a file directly) can cost balance, never a key, and
 * needs no extra requests to check it. No prefixes at all: the flat listing.
 */
import { ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { isThrottle } from '../s3/errors';
import { retry } from '../s3/retry';
import { compareKeys, split, type KeyRange } from './key-ranges';
import { Pace } from './pace';
import { indexedEtag } from '../s3/etag';

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: number;
}

export type ListStrategy = 'auto' | 'flat' | 'prefixes';

export interface ListOptions {
  client: S3Client;
  bucket: string;
  prefix: string;
  /** MaxKeys per page (S3 caps it at 1,000); small values exercise pagination. */
  pageSize?: number;
  /** Ranges listed at once: fixed for `prefixes`, the most `auto` goes up to. */
  concurrency?: number;
  /** auto: ranges at a pace found by measuring; prefixes: at `concurrency`; flat: one listing. */
  strategy?: ListStrategy;
  /** How `auto` measures a step (defaults: 1.5 s and 4 pages per step; a step must be 1.2× faster). */
  ramp?: { windowMs: number; minPages: number; gain: number };
  signal?: AbortSignal;
  /** Called once per page, awaited before that lister fetches its next page. */
  onPage: (objects: ListedObject[]) => void | Promise<void>;
}

export interface ListResult {
  strategy: 'flat' | 'prefixes';
  /** Ranges in flight at the end (what `auto` settled on). */
  pace: number;
  pages: number;
  objects: number;
  prefixes: number;
}

/** Extra attempts after the SDK's own retries gave up on throttling. */
const THROTTLE_ATTEMPTS = 5;

function toListed(output: ListObjectsV2CommandOutput): ListedObject[] {
  return (output.Contents ?? []).flatMap((o) =>
    o.Key === undefined
      ? []
      : [{ key: o.Key, size: o.Size ?? 0, etag: indexedEtag(o.ETag), lastModified: o.LastModified?.getTime() ?? 0 }],
  );
}

export async function listBucket(options: ListOptions): Promise<ListResult> {
  const { client, bucket, signal } = options;
  const pageSize = Math.min(Math.max(options.pageSize ?? 1000, 1), 1000);
  const result: ListResult = { strategy: 'flat', pace: 1, pages: 0, objects: 0, prefixes: 0 };
  let onThrottle = () => {};

  function page(input: { Prefix: string; ContinuationToken?: string; Delimiter?: string }): Promise<ListObjectsV2CommandOutput> {
    return retry(() => client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: pageSize, ...input }), { abortSignal: signal }), {
      attempts: THROTTLE_ATTEMPTS + 1,
      baseMs: 500,
      capMs: 8_000,
      retryable: isThrottle,
      onRetry: () => onThrottle(),
      signal,
    });
  }

  async function emit(objects: ListedObject[]): Promise<void> {
    result.pages++;
    result.objects += objects.length;
    await options.onPage(objects);
  }

  let failed = false;
  const strategy = options.strategy ?? 'auto';
  const most = strategy === 'flat' ? 1 : Math.max(1, options.concurrency ?? 6);
  // The whole key space as one range, listed at once; cut into more when the prefixes are known.
  const ranges: KeyRange[] = [{ after: null, through: null, position: null, done: false }];
  const queue: KeyRange[] = [ranges[0]!];
  let cuts: string[] = [];
  const pace = new Pace(strategy === 'auto' ? 1 : most, most, strategy === 'auto', options.ramp);
  onThrottle = () => pace.throttled();
  let workers = 0;
  const running: Promise<void>[] = [];

  /** Starts workers up to the pace's target while there is work to take. */
  function spawn(): void {
    while (!failed && workers < pace.target) {
      const range = queue.shift() ?? split(ranges, cuts);
      if (!range) return;
      workers++;
      running.push(worker(range));
    }
  }

  /** Lists ranges until none is left or the pace drops below the workers running; `workers` counts it until it leaves. */
  async function worker(first: KeyRange): Promise<void> {
    let left = false;
    // Called where the decision is made, so two workers never both leave for one step down.
    const leave = () => {
      if (!left) workers--;
      left = true;
    };
    try {
      for (let range: KeyRange | null = first; range && !failed; range = queue.shift() ?? split(ranges, cuts)) {
        await listRange(range, leave);
        if (left) return;
        if (workers > pace.target) return leave();
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      leave();
    }
  }

  /**
   * One range, page after page: keys after `after` up to and including `through`
   * (read at every page: a split may move it down while the range is being listed).
   * The first key past the end closes the range; the rest of that page is the next range's.
   * The next page is requested before this one is handed over, so listing overlaps writing.
   */
  async function listRange(range: KeyRange, leave: () => void): Promise<void> {
    const request = (token?: string) =>
      page(token ? { Prefix: options.prefix, ContinuationToken: token } : { Prefix: options.prefix, ...(range.after ? { StartAfter: range.after } : {}) });
    let next: Promise<ListObjectsV2CommandOutput> | undefined = request();
    while (next) {
      const output: ListObjectsV2CommandOutput = await next;
      next = undefined;
      if (failed) return;
      const listed = toListed(output);
      const end = range.through;
      // A page is sorted: when its last key is inside, all of it is.
      const inside = end === null || listed.length === 0 || compareKeys(listed[listed.length - 1]!.key, end) <= 0 ? listed : listed.filter((o) => compareKeys(o.key, end) <= 0);
      const closed = inside.length < listed.length;
      if (!closed && output.IsTruncated) {
        if (!output.NextContinuationToken) throw new Error('The server said the listing was truncated but gave no continuation token.');
        next = request(output.NextContinuationToken);
        next.catch(() => undefined); // awaited on the next turn; no unhandled rejection if emit throws first
      }
      if (inside.length > 0 || listed.length === 0) {
        if (inside.length > 0) range.position = inside[inside.length - 1]!.key;
        await emit(inside);
        pace.counted(inside.length);
        spawn();
      }
      if (next && workers > pace.target) {
        // The pace went down: hand the rest of the range back (the request in flight is dropped).
        leave();
        range.after = range.position ?? range.after;
        range.position = null;
        queue.unshift(range);
        return;
      }
    }
    range.done = true;
  }

  if (strategy !== 'flat') {
    // The top level, with a delimiter: model prefixes, listed while the first range already runs.
    // They only say where to cut: the ranges cover every key whatever the delimiter answer left out.
    running.push(
      (async () => {
        const hints = new Set<string>();
        let token: string | undefined;
        do {
          const output = await page({ Prefix: options.prefix, Delimiter: '/', ContinuationToken: token });
          for (const p of output.CommonPrefixes ?? []) if (p.Prefix && p.Prefix.startsWith(options.prefix)) hints.add(p.Prefix);
          token = output.IsTruncated ? output.NextContinuationToken : undefined;
        } while (token && !failed);
        cuts = [...hints].sort(compareKeys);
        result.prefixes = cuts.length;
        pace.begin();
        spawn();
      })().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    );
  }
  spawn();
  // Every worker, including those spawned while others run; allSettled: no page may reach the caller after this returns or throws.
  for (let seen = 0; ; ) {
    if (seen === running.length) {
      if (queue.length === 0 && ranges.every((r) => r.done)) break;
      spawn(); // a range handed back as the last other worker finished
      if (seen === running.length) throw new Error('The listing stopped with part of the bucket not listed.');
    }
    const batch = running.slice(seen);
    seen = running.length;
    const failure = (await Promise.allSettled(batch)).find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      failed = true;
      await Promise.allSettled(running);
      throw failure.reason;
    }
  }
  result.strategy = ranges.length > 1 ? 'prefixes' : 'flat';
  result.pace = pace.target;
  return result;
}
