/**
 * The multipart driver: resumes an UploadId by asking the server which parts
 * it holds (keeping only whole parts whose MD5 matches the file now), sends
 * the missing ones — one file at a time starts its parts — and completes,
 * then aborts any other upload of the key a lost answer or a crash left open.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { FileHandle } from 'node:fs/promises';
import pLimit from 'p-limit';
import { AppError } from '../errors';
import { sdkErrorName } from '../s3/errors';
import type { JournalPart } from './journal';
import { checkEtag, MD5_HEX, objectParams, readHashed, retryScope, withRetries } from './part-io';
import { partCount, partRange } from './part-size';
import type { TransferContext, TransferHooks, TransferItem, TransferResult } from './transfer';
import { expectedEtag } from './verify-and-index';

/** `beforeComplete` runs once every part is on the server, before they are made into the object. */
export async function putMultipart(
  ctx: TransferContext,
  item: TransferItem,
  file: FileHandle,
  hooks: TransferHooks,
  beforeComplete: () => Promise<void>,
): Promise<TransferResult> {
  const total = partCount(item.size, item.partSize);
  const done = new Map<number, JournalPart>();
  const md5s = new Map<number, string>();
  let uploadId = item.uploadId;

  if (uploadId) {
    const resumed = await serverParts(ctx, item.key, uploadId);
    if (resumed === 'gone') {
      // NoSuchUpload (expired or aborted on the server), or a store that cannot list parts: start clean,
      // and abort the old upload in case it is still there (a no-op when it is gone).
      await abortMultipart(ctx.client, ctx.bucket, item.key, uploadId).catch(() => undefined);
      uploadId = null;
    } else {
      // Keep a server part only if it is whole and its MD5 matches the local bytes now.
      for (const part of resumed) {
        if (part.PartNumber < 1 || part.PartNumber > total) continue;
        const { start, end } = partRange(part.PartNumber, item.size, item.partSize);
        if (part.Size !== end - start) continue;
        const buffer = await ctx.memory.take(item.partSize, end - start);
        let localMd5: string;
        try {
          localMd5 = (await readHashed(file, start, end, buffer)).toString('hex');
        } finally {
          ctx.memory.give(buffer, true);
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
  await beforeComplete();

  const parts = [...done.values()].sort((a, b) => a.PartNumber - b.PartNumber);
  const partMd5s = parts.map((p) => md5s.get(p.PartNumber)!);
  await complete(ctx, item.key, id, parts, partMd5s);
  await abortStrayUploads(ctx, item, id);
  return { partMd5s, multipart: true };
}

/**
 * CompleteMultipartUpload, where a retry may meet its own success: when the
 * answer to a Complete the server applied is lost, the retried Complete gets
 * NoSuchUpload (S3 documents it for an upload already completed). The object
 * is then checked: holding exactly these parts (the multipart ETag, MD5 of
 * the parts' MD5s), it is this upload's and done.
 */
async function complete(ctx: TransferContext, key: string, uploadId: string, parts: JournalPart[], partMd5s: string[]): Promise<void> {
  try {
    await ctx.requests(() =>
      withRetries(retryScope(ctx), key, () =>
        ctx.client.send(new CompleteMultipartUploadCommand({ Bucket: ctx.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }), {
          abortSignal: ctx.signal,
        }),
      ),
    );
  } catch (error) {
    if (!(error instanceof AppError) || sdkErrorName(error.cause) !== 'NoSuchUpload') throw error;
    const head = await ctx.client.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: key }), { abortSignal: ctx.signal }).catch(() => null);
    if (head?.ETag?.replace(/"/g, '').toLowerCase() !== expectedEtag(partMd5s, true)) throw error;
  }
}

/**
 * After the object is complete, aborts the key's other open uploads that no
 * journal item holds: a CreateMultipartUpload whose answer was lost (the
 * SDK's retry made a second one) or one whose id the journal never recorded
 * (the process died between the answer and the write) leaves an upload
 * nobody would finish, costing storage until the store expires it (spaces.md:
 * "Abort what we start and do not finish"). Upload start times cannot tell
 * ours from another writer's (moto answers a fixed date; clocks differ), so
 * an upload of this exact key by another client at this moment would be
 * aborted too: its complete would have replaced this object anyway, and it
 * meets NoSuchUpload, which a client restarts from. Best effort: a store
 * without ListMultipartUploads (s3rver) keeps them.
 */
async function abortStrayUploads(ctx: TransferContext, item: TransferItem, keep: string): Promise<void> {
  try {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await ctx.requests(() =>
        withRetries(retryScope(ctx), item.key, () =>
          ctx.client.send(new ListMultipartUploadsCommand({ Bucket: ctx.bucket, Prefix: item.key, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }), {
            abortSignal: ctx.signal,
          }),
        ),
      );
      for (const upload of page.Uploads ?? []) {
        if (upload.Key !== item.key || !upload.UploadId || upload.UploadId === keep || item.otherUploadIds.includes(upload.UploadId)) continue;
        await ctx.requests(() => abortMultipart(ctx.client, ctx.bucket, item.key, upload.UploadId!));
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
  } catch (error) {
    if (error instanceof AppError && error.code === 'CANCELLED') throw error;
    // The object is done either way; a store that cannot list uploads keeps its strays.
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
    const digest = await readHashed(file, start, end, body);
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
    ctx.memory.give(body, sent);
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
