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
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { LimitFunction } from 'p-limit';
import { printable } from '../../../shared/printable';
import { AppError } from '../errors';
import type { JournalPart } from './journal';
import { putMultipart } from './multipart';
import { checkEtag, MD5_HEX, objectParams, readHashed, retryScope, withRetries } from './part-io';
import type { PartMemory } from './part-memory';
import type { VerifiedObject } from './verify-and-index';

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
  /** Upload ids of this key other journal items hold (a paused or failed copy): never taken for strays. */
  otherUploadIds: string[];
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

export async function transferFile(ctx: TransferContext, item: TransferItem, hooks: TransferHooks): Promise<TransferResult> {
  await assertUnchanged(item, 'after it was queued');
  let file: FileHandle;
  try {
    file = await open(item.localPath, 'r');
  } catch (cause) {
    throw localFileError(item, cause);
  }
  try {
    if (item.size <= item.partSize) return await putSmall(ctx, item, file);
    // The bytes are all read and sent: the file must still be the one they came from before the object is made of them.
    return await putMultipart(ctx, item, file, hooks, () => assertUnchanged(item, 'while it was being uploaded'));
  } finally {
    await file.close();
  }
}

/**
 * A file changed since it was queued would upload a mix of old and new
 * bytes; one deleted while it uploads would still be readable through its
 * open descriptor, and arrive although the person threw it away. The
 * messages name the file, not its local path: they reach the renderer,
 * which has no business learning the user's folders.
 */
export async function assertUnchanged(item: Pick<TransferItem, 'localPath' | 'size' | 'mtimeMs'>, when = 'after it was queued'): Promise<void> {
  let now;
  try {
    now = await stat(item.localPath);
  } catch (cause) {
    throw localFileError(item, cause, when);
  }
  if (now.size !== item.size || Math.trunc(now.mtimeMs) !== Math.trunc(item.mtimeMs)) {
    throw new AppError('CONFLICT', `“${printable(basename(item.localPath))}” changed ${when}; add it again to upload the new version.`);
  }
}

/** The local file could not be opened or found: say which and why (not "talking to the server failed"). */
function localFileError(item: Pick<TransferItem, 'localPath'>, cause: unknown, when = 'after it was queued'): AppError {
  const code = (cause as { code?: string }).code;
  const path = `“${printable(basename(item.localPath))}”`;
  if (code === 'EACCES' || code === 'EPERM') return new AppError('FORBIDDEN', `${path} cannot be read (permission denied).`, { cause });
  return new AppError('NOT_FOUND', `${path} is no longer there: it was moved or deleted ${when}.`, { cause });
}

async function putSmall(ctx: TransferContext, item: TransferItem, file: FileHandle): Promise<TransferResult> {
  const { digest, etag, stamp } = await ctx.requests(async () => {
    const body = await ctx.memory.take(item.partSize, item.size);
    let sent = false;
    try {
      const digest = await readHashed(file, 0, item.size, body);
      await assertUnchanged(item, 'while it was being uploaded');
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
      ctx.memory.give(body, sent);
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

