/**
 * The multipart driver: resumes an UploadId by asking the server which parts
 * it holds (keeping only whole parts whose MD5 matches the file now), sends
 * the missing ones — one file at a time starts its parts — and completes.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
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

export async function putMultipart(ctx: TransferContext, item: TransferItem, file: FileHandle, hooks: TransferHooks): Promise<TransferResult> {
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
          localMd5 = (await readHashed(file, start, end, buffer)).toString('hex');
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
