/**
 * `spaces-media get KEY|PREFIX/ --to DIR`: the objects come from the bucket
 * (a listing or a HeadObject, not the index: the command works without a
 * sync), each to DIR (a prefix's keys keep their path below it). Running it
 * again continues partial files (the journal knows their version and the
 * chunks written) and skips complete ones (same size and date as the object,
 * as rclone and the AWS CLI judge).
 */
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import pLimit from 'p-limit';
import type { Db } from '../db/database';
import type { PooledClient } from '../s3/client-pool';
import { toAppError } from '../s3/errors';
import { getDownload, latestForDest, restartDownload } from './journal';
import { localPathFor, partialPathFor } from './local-path';
import type { DownloadService, NewFile } from './service';

export interface GetReport {
  files: number;
  bytes: number;
  skipped: number;
  failed: { key: string; code: string; message: string }[];
}

interface Listed {
  key: string;
  etag: string;
  size: number;
  lastModified: number;
}

/** Destinations stat'ed at once. */
const STATS_AT_ONCE = 64;

/** Dates on disk are whole seconds on some file systems. */
const SAME_TIME_MS = 2_000;

export async function getObjects(
  deps: { db: Db; downloads: DownloadService; profileId: string; pooled: PooledClient; signal?: AbortSignal },
  target: string,
  dir: string,
): Promise<GetReport> {
  const { db, downloads, profileId } = deps;
  const listed = target.endsWith('/') ? await listPrefix(deps.pooled, target, deps.signal) : [await headKey(deps.pooled, target, deps.signal)];
  const fresh: NewFile[] = [];
  const batches = new Set<string>();
  const ids: number[] = [];
  let skipped = 0;
  const dests = listed.map((object) => localPathFor(dir, target.endsWith('/') ? object.key.slice(target.length) : basename(object.key)));
  // Every destination is looked at up front, many at a time: one after another, the stats of a large prefix took seconds.
  const stats = pLimit(STATS_AT_ONCE);
  const complete = await Promise.all(listed.map((object, i) => stats(() => isComplete(dests[i]!, object))));
  for (const [i, object] of listed.entries()) {
    const dest = dests[i]!;
    if (complete[i]) {
      skipped++;
      continue;
    }
    const journaled = latestForDest(db, dest);
    if (journaled && journaled.state !== 'done' && journaled.profileId === profileId && journaled.key === object.key) {
      // A partial file of this destination: continued if the object is the same version, restarted if it changed.
      if (journaled.etag.replace(/"/g, '') !== object.etag.replace(/"/g, '') || journaled.size !== object.size) {
        await rm(journaled.temp, { force: true });
        restartDownload(db, journaled.id, { etag: object.etag, size: object.size, lastModified: object.lastModified, chunkSize: downloads.chunkSizeFor(object.size) });
      }
      downloads.requeue(journaled.id);
      batches.add(journaled.batchId);
      ids.push(journaled.id);
      continue;
    }
    fresh.push({ ...object, dest, temp: partialPathFor(dest) });
  }
  if (fresh.length > 0) {
    const batch = downloads.enqueue(profileId, 'get', fresh);
    batches.add(batch.batchId);
    ids.push(...batch.rows.map((r) => r.id));
  }
  for (const batchId of batches) await downloads.waitForBatch(batchId);
  // This run's files only: a continued file's batch may hold files an earlier run finished.
  const rows = ids.map((id) => getDownload(db, id)!);
  const done = rows.filter((r) => r.state === 'done');
  return {
    files: done.length,
    bytes: done.reduce((n, r) => n + r.size, 0),
    skipped,
    failed: rows.filter((r) => r.state !== 'done').map((r) => ({ key: r.key, code: r.errorCode ?? (r.state === 'paused' ? 'CANCELLED' : 'INTERNAL'), message: r.errorMessage ?? `The download ended ${r.state}.` })),
  };
}

async function isComplete(dest: string, object: Listed): Promise<boolean> {
  const found = await stat(dest).catch(() => null);
  return !!found?.isFile() && found.size === object.size && Math.abs(found.mtimeMs - object.lastModified) < SAME_TIME_MS;
}

async function headKey({ client, connection }: PooledClient, key: string, signal?: AbortSignal): Promise<Listed> {
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: connection.bucket, Key: key }), { abortSignal: signal });
    return { key, etag: (head.ETag ?? '').replace(/"/g, ''), size: head.ContentLength ?? 0, lastModified: head.LastModified?.getTime() ?? Date.now() };
  } catch (error) {
    throw toAppError(error, { ...connection, key });
  }
}

async function listPrefix({ client, connection }: PooledClient, prefix: string, signal?: AbortSignal): Promise<Listed[]> {
  const found: Listed[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: connection.bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: signal });
      for (const o of page.Contents ?? []) {
        // Folder markers are not files.
        if (!o.Key || o.Key.endsWith('/')) continue;
        found.push({ key: o.Key, etag: (o.ETag ?? '').replace(/"/g, ''), size: o.Size ?? 0, lastModified: o.LastModified?.getTime() ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    throw toAppError(error, connection);
  }
  if (found.length === 0) throw toAppError({ name: 'NoSuchKey' }, { ...connection, key: prefix });
  return found;
}
