/**
 * Sends one file: a single PutObject for small files, our own multipart
 * driver for the rest.
 *
 * Why not @aws-sdk/lib-storage's Upload: it cannot resume by UploadId after
 * a restart, does not report which parts were acknowledged (the journal
 * needs that per part), and streams bodies the SDK cannot replay, so its
 * retries of a part after a 503 or a reset are not byte-safe. One driver for
 * every multipart upload means one tested path for fresh and resumed
 * transfers. Each part is read from the file into its own buffer (never the
 * whole file): that buffer is the replayable body, carries a Content-MD5 the
 * server verifies, and bounds memory to part size × parts in flight.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type ObjectCannedACL,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import { AppError } from '../errors';
import type { PartMemory } from './part-memory';
import type { JournalPart } from './journal';
import { partCount, partRange } from './part-size';
import type { VerifiedObject } from './verify';
import { isAbort, sdkErrorName, toAppError, type S3ErrorContext } from '../s3/errors';

export interface TransferItem {
  localPath: string;
  key: string;
  size: number;
  mtimeMs: number;
  contentType: string;
  acl: string;
  cacheControl: string | null;
  partSize: number;
  uploadId: string | null;
  parts: JournalPart[];
}

export interface TransferHooks {
  onUploadId(uploadId: string, partSize: number): void;
  /** A part the server acknowledged; `bytesDone` counts every acknowledged part. */
  onPart(part: JournalPart, bytesDone: number): void;
  /** The journal's parts were replaced (resume found different ones on the server, or restarted). */
  onPartsReset(parts: JournalPart[], bytesDone: number): void;
}

export interface TransferContext {
  client: S3Client;
  /** The endpoint and bucket, for error messages that name them. */
  endpoint: string;
  bucket: string;
  host: string;
  /** The one global cap on requests in flight (parts and small files). */
  requests: LimitFunction;
  /** Held by the multipart file whose parts are being started (one at a time). */
  partsTurn: LimitFunction;
  /** Parts in flight per file (Spaces allows at most 10 concurrent PUTs per object). */
  partsPerFile: number;
  /** Byte budget for parts held in memory. */
  memory: PartMemory;
  signal: AbortSignal;
}

export interface TransferResult {
  /** MD5 of each part (hex), for checking a multipart ETag; one entry for a single PUT. */
  partMd5s: string[];
  multipart: boolean;
  /**
   * A single PUT the server already vouched for: it checked our Content-MD5
   * and answered with that MD5 as the ETag, so content and size are
   * confirmed and a HeadObject would add a request per file (~5 % of a
   * batch of small files on s3rver) and nothing else. Absent when the ETag
   * is not a plain MD5 (e.g. encrypted stores): then HeadObject checks.
   */
  stored?: VerifiedObject;
}

const MD5_HEX = /^"?([0-9a-f]{32})"?$/i;

export async function transferFile(ctx: TransferContext, item: TransferItem, hooks: TransferHooks): Promise<TransferResult> {
  await assertUnchanged(item);
  const file = await open(item.localPath, 'r');
  try {
    if (item.size <= item.partSize) return await putSmall(ctx, item, file);
    return await putMultipart(ctx, item, file, hooks);
  } finally {
    await file.close();
  }
}

/** A file changed since it was queued would upload a mix of old and new bytes. */
async function assertUnchanged(item: TransferItem): Promise<void> {
  let now;
  try {
    now = await stat(item.localPath);
  } catch (cause) {
    throw new AppError('NOT_FOUND', `"${item.localPath}" is no longer there; it was moved or deleted after it was queued.`, { cause });
  }
  if (now.size !== item.size || Math.trunc(now.mtimeMs) !== Math.trunc(item.mtimeMs)) {
    throw new AppError('CONFLICT', `"${item.localPath}" changed after it was queued; add it again to upload the new version.`);
  }
}

async function readRange(file: FileHandle, start: number, end: number, into: Buffer): Promise<Buffer> {
  const buffer = into;
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesRead } = await file.read(buffer, offset, buffer.length - offset, start + offset);
    if (bytesRead === 0) throw new AppError('CONFLICT', 'The file got shorter while it was being uploaded.');
    offset += bytesRead;
  }
  return buffer;
}

function md5(buffer: Buffer): Buffer {
  return createHash('md5').update(buffer).digest();
}

function objectParams(ctx: TransferContext, item: TransferItem) {
  return {
    Bucket: ctx.bucket,
    Key: item.key,
    ContentType: item.contentType,
    ACL: item.acl as ObjectCannedACL,
    ...(item.cacheControl ? { CacheControl: item.cacheControl } : {}),
  };
}

/**
 * The SDK's standard retry already backs off (with jitter) on 503 SlowDown
 * and transient network errors; this outer loop covers what outlives it
 * (a run of resets, a BadDigest from a corrupted body) with a longer backoff.
 */
export async function withRetries<T>(ctx: { signal: AbortSignal; target: S3ErrorContext }, what: string, run: () => Promise<T>): Promise<T> {
  const attempts = 5;
  for (let attempt = 1; ; attempt++) {
    if (ctx.signal.aborted) throw new AppError('CANCELLED', `Upload of "${what}" was stopped.`);
    try {
      return await run();
    } catch (error) {
      if (isAbort(error) || ctx.signal.aborted) throw new AppError('CANCELLED', `Upload of "${what}" was stopped.`, { cause: error });
      const mapped = toAppError(error, { ...ctx.target, key: what });
      if (!mapped.retryable || attempt >= attempts) throw mapped;
      const wait = Math.min(30_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      await delay(wait, undefined, { signal: ctx.signal }).catch(() => undefined); // stopped: the loop's check says so
    }
  }
}

function retryScope(ctx: TransferContext): { signal: AbortSignal; target: S3ErrorContext } {
  return { signal: ctx.signal, target: { endpoint: ctx.endpoint, bucket: ctx.bucket } };
}

async function putSmall(ctx: TransferContext, item: TransferItem, file: FileHandle): Promise<TransferResult> {
  const { digest, etag, stamp } = await ctx.requests(async () => {
    const body = await ctx.memory.take(item.partSize, item.size);
    let sent = false;
    try {
      await readRange(file, 0, item.size, body);
      const digest = md5(body);
      const answer = await withRetries(retryScope(ctx), item.key, async () => {
        const command = new PutObjectCommand({ ...objectParams(ctx, item), Body: body, ContentLength: body.length, ContentMD5: digest.toString('base64') });
        const stamp = captureStamp(command);
        const res = await ctx.client.send(command, { abortSignal: ctx.signal });
        checkEtag(ctx, item.key, res.ETag, digest);
        return { etag: res.ETag, stamp: stamp() };
      });
      sent = true;
      return { digest, ...answer };
    } finally {
      ctx.memory.give(body, item.partSize, sent);
    }
  });
  const hex = digest.toString('hex');
  // checkEtag already refused an MD5-shaped ETag that differs from ours.
  const vouched = etag !== undefined && MD5_HEX.test(etag) && stamp !== null;
  return { partMd5s: [hex], multipart: false, ...(vouched ? { stored: { etag, size: item.size, lastModified: stamp } } : {}) };
}

/**
 * The object's time as the server answered the PUT: Last-Modified where the
 * store sends it, else the response's Date (what S3 and Spaces record, to
 * the second). A later sync corrects the row if the listing says otherwise.
 */
function captureStamp(command: PutObjectCommand): () => number | null {
  let stamp: number | null = null;
  command.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const headers = (out.response as { headers?: Record<string, string | undefined> }).headers ?? {};
      const parsed = Date.parse(headers['last-modified'] ?? headers.date ?? '');
      stamp = Number.isNaN(parsed) ? null : parsed;
      return out;
    },
    { step: 'deserialize', name: 'captureStamp' },
  );
  return () => stamp;
}

async function putMultipart(ctx: TransferContext, item: TransferItem, file: FileHandle, hooks: TransferHooks): Promise<TransferResult> {
  const total = partCount(item.size, item.partSize);
  const done = new Map<number, JournalPart>();
  const md5s = new Map<number, string>();
  let uploadId = item.uploadId;

  if (uploadId) {
    const resumed = await serverParts(ctx, item.key, uploadId);
    if (resumed === 'gone') {
      uploadId = null; // NoSuchUpload: expired or aborted on the server; start clean.
    } else {
      // Keep a server part only if it is whole and its MD5 matches the local bytes now.
      for (const part of resumed) {
        if (part.PartNumber < 1 || part.PartNumber > total) continue;
        const { start, end } = partRange(part.PartNumber, item.size, item.partSize);
        if (part.Size !== end - start) continue;
        const buffer = await ctx.memory.take(item.partSize, end - start);
        let localMd5: string;
        try {
          localMd5 = md5(await readRange(file, start, end, buffer)).toString('hex');
        } finally {
          ctx.memory.give(buffer, item.partSize, true);
        }
        const serverMd5 = MD5_HEX.exec(part.ETag)?.[1]?.toLowerCase();
        if (serverMd5 !== undefined && serverMd5 !== localMd5) continue;
        done.set(part.PartNumber, { PartNumber: part.PartNumber, ETag: part.ETag });
        md5s.set(part.PartNumber, localMd5);
      }
    }
  }
  if (!uploadId) {
    const created = await ctx.requests(() =>
      withRetries(retryScope(ctx), item.key, () => ctx.client.send(new CreateMultipartUploadCommand(objectParams(ctx, item)), { abortSignal: ctx.signal })),
    );
    if (!created.UploadId) throw new AppError('INTERNAL', `${ctx.host} did not return an upload id for "${item.key}".`);
    uploadId = created.UploadId;
    hooks.onUploadId(uploadId, item.partSize);
  }
  const bytesOf = () => [...done.keys()].reduce((sum, n) => sum + (partRange(n, item.size, item.partSize).end - partRange(n, item.size, item.partSize).start), 0);
  hooks.onPartsReset([...done.values()].sort((a, b) => a.PartNumber - b.PartNumber), bytesOf());

  const perFile = pLimit(ctx.partsPerFile);
  const missing: number[] = [];
  for (let n = 1; n <= total; n++) if (!done.has(n)) missing.push(n);
  const id = uploadId;
  // One file at a time starts its parts (the turn passes on once its last part has started),
  // so big files finish one after another: each one's completion, which the server spends
  // seconds assembling, overlaps the next file's parts instead of all of them trailing at the end.
  const { sending } = await ctx.partsTurn(async () => {
    let started = 0;
    let allStarted = () => {};
    const everyPartStarted = new Promise<void>((resolve) => (allStarted = resolve));
    const sending = Promise.all(
      missing.map((n) =>
        perFile(() =>
          ctx.requests(async () => {
            if (ctx.signal.aborted) throw new AppError('CANCELLED', `Upload of "${item.key}" was stopped.`);
            // "Started" once its bytes are read and its request goes out: the next file's parts wait until then.
            const sent = await sendPart(ctx, item, file, id, n, () => {
              if (++started === missing.length) allStarted();
            });
            md5s.set(n, sent.md5);
            const part = { PartNumber: n, ETag: sent.etag };
            done.set(n, part);
            hooks.onPart(part, bytesOf());
          }),
        ),
      ),
    );
    await Promise.race([everyPartStarted, sending.catch(() => undefined)]);
    return { sending };
  });
  await sending;

  const parts = [...done.values()].sort((a, b) => a.PartNumber - b.PartNumber);
  await ctx.requests(() =>
    withRetries(retryScope(ctx), item.key, () =>
      ctx.client.send(
        new CompleteMultipartUploadCommand({ Bucket: ctx.bucket, Key: item.key, UploadId: id, MultipartUpload: { Parts: parts } }),
        { abortSignal: ctx.signal },
      ),
    ),
  );
  return { partMd5s: parts.map((p) => md5s.get(p.PartNumber)!), multipart: true };
}

/**
 * Second line of defence after Content-MD5 (which Spaces and AWS verify, but
 * the local test servers ignore): a single PUT's or a part's ETag is the MD5
 * of the bytes the server stored, so a mismatch means corruption on the way.
 * It is retryable: the part is sent again.
 */
function checkEtag(ctx: TransferContext, key: string, etag: string | undefined, digest: Buffer): void {
  const got = MD5_HEX.exec(etag ?? '')?.[1]?.toLowerCase();
  if (got !== undefined && got !== digest.toString('hex')) {
    throw new AppError('INTEGRITY', `${ctx.host} stored different bytes than we sent for "${key}"; sending them again.`, { retryable: true });
  }
}

/** Reads part `n` into budgeted memory, sends it with its Content-MD5, checks the returned ETag. */
async function sendPart(
  ctx: TransferContext,
  item: TransferItem,
  file: FileHandle,
  uploadId: string,
  n: number,
  onSending: () => void,
): Promise<{ etag: string; md5: string }> {
  const { start, end } = partRange(n, item.size, item.partSize);
  const body = await ctx.memory.take(item.partSize, end - start);
  let sent = false;
  try {
    await readRange(file, start, end, body);
    const digest = md5(body);
    onSending();
    const res = await withRetries(retryScope(ctx), item.key, async () => {
      const answer = await ctx.client.send(
        new UploadPartCommand({ Bucket: ctx.bucket, Key: item.key, UploadId: uploadId, PartNumber: n, Body: body, ContentLength: body.length, ContentMD5: digest.toString('base64') }),
        { abortSignal: ctx.signal },
      );
      checkEtag(ctx, item.key, answer.ETag, digest);
      return answer;
    });
    sent = true;
    if (!res.ETag) throw new AppError('INTERNAL', `${ctx.host} did not acknowledge part ${n} of "${item.key}".`);
    return { etag: res.ETag, md5: digest.toString('hex') };
  } finally {
    // Reused only after success: an aborted request may still be writing it.
    ctx.memory.give(body, item.partSize, sent);
  }
}

type ServerPart = { PartNumber: number; ETag: string; Size: number };

/** Every part the server holds for an upload, or 'gone' when it no longer knows the upload. */
async function serverParts(ctx: TransferContext, key: string, uploadId: string): Promise<ServerPart[] | 'gone'> {
  const parts: ServerPart[] = [];
  let marker: string | undefined;
  try {
    for (;;) {
      const page = await ctx.requests(() =>
        withRetries(retryScope(ctx), key, () =>
          ctx.client.send(new ListPartsCommand({ Bucket: ctx.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }), {
            abortSignal: ctx.signal,
          }),
        ),
      );
      for (const p of page.Parts ?? []) {
        if (p.PartNumber && p.ETag && p.Size !== undefined) parts.push({ PartNumber: p.PartNumber, ETag: p.ETag, Size: p.Size });
      }
      if (!page.IsTruncated || !page.NextPartNumberMarker) break;
      marker = page.NextPartNumberMarker;
    }
  } catch (error) {
    const cause = error instanceof AppError ? (error.cause ?? error) : error;
    const status = (cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (sdkErrorName(cause) === 'NoSuchUpload' || status === 404) return 'gone';
    // A store without ListParts (s3rver, the demo's server) cannot say which parts it holds:
    // start the file again rather than trust parts nobody can vouch for.
    if (['MethodNotAllowed', 'NotImplemented'].includes(sdkErrorName(cause)) || status === 405 || status === 501) return 'gone';
    throw error;
  }
  return parts;
}

/** Cancel: abort on the server so no orphaned parts keep costing storage. */
export async function abortMultipart(client: S3Client, bucket: string, key: string, uploadId: string): Promise<void> {
  try {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  } catch (error) {
    if (sdkErrorName(error) === 'NoSuchUpload') return;
    throw error;
  }
}
