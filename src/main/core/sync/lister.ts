/**
 * Lists a bucket below a prefix, page by page, handing each page to the
 * caller before asking for the next (memory stays at a few pages, whatever
 * the bucket's size). Two strategies:
 * - flat: one ListObjectsV2 loop over the whole prefix;
 * - prefixes: list the top-level (model) prefixes with a delimiter, then list
 *   the prefixes concurrently (bounded; halved on 503 SlowDown). Spaces is
 *   latency-bound, so this is what makes a large bucket fast.
 * A delimiter answer with neither CommonPrefixes nor Contents (s3rver gives
 * that for every delimiter listing) or one that ignored the delimiter is
 * never taken as "empty": the lister falls back to the flat listing.
 */
import { ListObjectsV2Command, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { isThrottle } from '../s3/errors';

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
  /** Prefix listings at once in the `prefixes` strategy. */
  concurrency?: number;
  /** auto = prefixes, falling back to flat where the server cannot. */
  strategy?: ListStrategy;
  signal?: AbortSignal;
  /** Called once per page, awaited before that lister fetches its next page. */
  onPage: (objects: ListedObject[]) => void | Promise<void>;
}

export interface ListResult {
  strategy: 'flat' | 'prefixes';
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
      : [{ key: o.Key, size: o.Size ?? 0, etag: (o.ETag ?? '').replace(/^"|"$/g, ''), lastModified: o.LastModified?.getTime() ?? 0 }],
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function listBucket(options: ListOptions): Promise<ListResult> {
  const { client, bucket, signal } = options;
  const pageSize = Math.min(Math.max(options.pageSize ?? 1000, 1), 1000);
  const result: ListResult = { strategy: 'flat', pages: 0, objects: 0, prefixes: 0 };
  let onThrottle = () => {};

  async function page(input: { Prefix: string; ContinuationToken?: string; Delimiter?: string }): Promise<ListObjectsV2CommandOutput> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: pageSize, ...input }), { abortSignal: signal });
      } catch (error) {
        if (!isThrottle(error) || attempt >= THROTTLE_ATTEMPTS) throw error;
        onThrottle();
        await sleep(Math.min(500 * 2 ** attempt, 8000) * (0.5 + Math.random()), signal);
      }
    }
  }

  async function emit(objects: ListedObject[]): Promise<void> {
    result.pages++;
    result.objects += objects.length;
    await options.onPage(objects);
  }

  let failed = false;
  /** One prefix, page after page; the next page is requested before this one is handed over, so listing overlaps writing. */
  async function listFlat(prefix: string): Promise<void> {
    let next: Promise<ListObjectsV2CommandOutput> | undefined = page({ Prefix: prefix });
    while (next) {
      const output: ListObjectsV2CommandOutput = await next;
      next = undefined;
      if (failed) return; // a sibling prefix failed: the run is over
      if (output.IsTruncated) {
        if (!output.NextContinuationToken) throw new Error('The server said the listing was truncated but gave no continuation token.');
        next = page({ Prefix: prefix, ContinuationToken: output.NextContinuationToken });
        next.catch(() => undefined); // awaited on the next turn; no unhandled rejection if emit throws first
      }
      await emit(toListed(output));
    }
  }

  const strategy = options.strategy ?? 'auto';
  if (strategy === 'flat') {
    await listFlat(options.prefix);
    return result;
  }

  // The top level, with a delimiter: model prefixes, plus root-level files.
  const prefixes: string[] = [];
  const rootKeys: string[] = [];
  let token: string | undefined;
  do {
    const output = await page({ Prefix: options.prefix, Delimiter: '/', ContinuationToken: token });
    const contents = toListed(output);
    if (contents.some((o) => o.key.slice(options.prefix.length).includes('/'))) {
      // The server ignored the delimiter: nothing was emitted yet, list flat.
      await listFlat(options.prefix);
      return result;
    }
    prefixes.push(...(output.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])));
    rootKeys.push(...contents.map((o) => o.key));
    if (contents.length > 0) await emit(contents);
    token = output.IsTruncated ? output.NextContinuationToken : undefined;
  } while (token);
  if (prefixes.length === 0) {
    // No prefixes may be a server that cannot list by delimiter (s3rver), never proof of emptiness.
    await listFlat(options.prefix);
    return result;
  }

  // Trust, but verify: for every unit (prefix or root file) one MaxKeys=1 request checks that the
  // first key after it belongs to the next unit. A gap means the delimiter answer was incomplete
  // (s3rver returns only some prefixes): then the listing finishes flat, so nothing is ever missed.
  const units = [...prefixes.map((p) => ({ prefix: p })), ...rootKeys.map((k) => ({ key: k }))].sort((a, b) =>
    Buffer.compare(Buffer.from('prefix' in a ? a.prefix : a.key), Buffer.from('prefix' in b ? b.prefix : b.key)),
  );
  const belongs = (key: string | undefined, unit: (typeof units)[number] | undefined): boolean =>
    unit === undefined ? key === undefined : key !== undefined && ('prefix' in unit ? key.startsWith(unit.prefix) : key === unit.key);
  let incomplete = false;
  async function verifyAfter(index: number): Promise<void> {
    const unit = index < 0 ? undefined : units[index];
    const startAfter = unit === undefined ? undefined : 'prefix' in unit ? `${unit.prefix}\u{10FFFF}` : unit.key;
    const output = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: options.prefix, MaxKeys: 1, StartAfter: startAfter }),
      { abortSignal: signal },
    );
    if (!belongs(output.Contents?.[0]?.Key, units[index + 1])) {
      incomplete = true;
      failed = true; // stop the prefix listers: the flat listing below covers everything
    }
  }

  result.strategy = 'prefixes';
  result.prefixes = prefixes.length;
  const limit = pLimit(Math.max(1, options.concurrency ?? 6));
  onThrottle = () => {
    limit.concurrency = Math.max(1, Math.floor(limit.concurrency / 2));
  };
  const tasks: (() => Promise<void>)[] = [];
  for (let i = -1; i < units.length; i++) {
    const unit = units[i];
    if (unit && 'prefix' in unit) tasks.push(() => listFlat(unit.prefix));
    tasks.push(() => verifyAfter(i));
  }
  // allSettled: no page may reach the caller after this returns or throws.
  const settled = await Promise.allSettled(
    tasks.map((task) =>
      limit(async () => {
        if (failed) return;
        try {
          await task();
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    ),
  );
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  if (incomplete) {
    failed = false;
    result.strategy = 'flat';
    await listFlat(options.prefix);
  }
  return result;
}
