/**
 * The S3 requests of organising, each with the shared retry loop (a 503
 * SlowDown backs off, s3/retry.ts) and errors mapped for people:
 * - copy: CopyObject keeps Content-Type, Cache-Control and user metadata
 *   (MetadataDirective COPY); the ACL is not copied by S3, so it is read
 *   first and set explicitly (canned: public-read or private). Objects over
 *   the single-copy limit (5 GB) are copied in parts (UploadPartCopy) with
 *   the metadata carried over from a HeadObject.
 * - delete: DeleteObjects, up to 1,000 keys a request, with Content-MD5 and
 *   no checksum header (s3/content-md5.ts).
 * - listing below a prefix (the sync's lister), HeadObject, versioning.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCopyCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { encodeKeyPath } from '../../../shared/object-urls';
import type { Versioning } from '../../../shared/organise';
import { AppError } from '../errors';
import { readIsPublic } from '../links/acl';
import { useContentMd5 } from '../s3/content-md5';
import { isAbort, toAppError, type S3ErrorContext } from '../s3/errors';
import { retry } from '../s3/retry';
import { listBucket, type ListedObject } from '../sync/lister';

/** S3's limit for one CopyObject; larger objects are copied in parts. */
export const SINGLE_COPY_LIMIT = 5 * 1024 ** 3;
const MAX_PARTS = 10_000;
/** A copy through this computer (for stores whose server-side copy cannot name the source) holds the object in memory. */
const THROUGH_CLIENT_LIMIT = 64 * 1024 * 1024;

export interface OpsContext {
  client: S3Client;
  target: S3ErrorContext & { bucket: string };
  signal?: AbortSignal;
  /** Objects above this many bytes are copied in parts of `partSize` (tests lower both). */
  partCopyThreshold: number;
  partSize: number;
  /** Part copies of one object in flight. */
  partsAtOnce: number;
}

export interface StoredCopy {
  etag: string;
  lastModified: number;
}

const unquote = (etag: string | undefined) => (etag ?? '').replace(/^"|"$/g, '');

/** One request with the shared retry loop; errors come out as AppErrors naming the key. */
export function request<T>(ctx: OpsContext, key: string | undefined, run: () => Promise<T>): Promise<T> {
  return retry(
    async () => {
      if (ctx.signal?.aborted) throw new AppError('CANCELLED', 'The operation was stopped.');
      try {
        return await run();
      } catch (error) {
        if (isAbort(error)) throw new AppError('CANCELLED', 'The operation was stopped.', { cause: error });
        throw toAppError(error, { ...ctx.target, key });
      }
    },
    { attempts: 6, baseMs: 500, capMs: 15_000, retryable: (error) => error instanceof AppError && error.retryable, signal: ctx.signal },
  );
}

/** Whether the object is public-read; null when this key may not read ACLs (a bucket-scoped Spaces key). */
export async function readAcl(ctx: OpsContext, key: string): Promise<boolean | null> {
  try {
    return await request(ctx, key, () => readIsPublic(ctx.client, ctx.target.bucket, key));
  } catch (error) {
    if (error instanceof AppError && error.code === 'ACCESS_DENIED') return null;
    throw error;
  }
}

/** HeadObject, or null when there is no such object. */
export async function head(ctx: OpsContext, key: string): Promise<HeadObjectCommandOutput | null> {
  try {
    return await request(ctx, key, () => ctx.client.send(new HeadObjectCommand({ Bucket: ctx.target.bucket, Key: key }), { abortSignal: ctx.signal }));
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

const aclOf = (isPublic: boolean | null) => (isPublic === null ? {} : { ACL: isPublic ? ('public-read' as const) : ('private' as const) });

/** What a copy made in another way than CopyObject must carry over by hand. */
function carried(source: HeadObjectCommandOutput) {
  return {
    ContentType: source.ContentType,
    CacheControl: source.CacheControl,
    ContentDisposition: source.ContentDisposition,
    ContentEncoding: source.ContentEncoding,
    ContentLanguage: source.ContentLanguage,
    Metadata: source.Metadata,
  };
}

/** The copy as the server stored it (a completed multipart copy or a PUT says no LastModified). */
async function stored(ctx: OpsContext, key: string): Promise<StoredCopy> {
  const h = await head(ctx, key);
  if (!h) throw new AppError('INTEGRITY', `The copy “${key}” is not in the bucket after it was made.`, { retryable: false });
  return { etag: unquote(h.ETag), lastModified: h.LastModified?.getTime() ?? Date.now() };
}

/**
 * Copies `src` to `dst` on the server with its metadata and the given ACL
 * (null: the bucket's default, when the ACL could not be read).
 */
export async function copyObject(ctx: OpsContext, src: string, dst: string, size: number, isPublic: boolean | null): Promise<StoredCopy> {
  if (size > ctx.partCopyThreshold) return copyInParts(ctx, src, dst, size, isPublic);
  const copySource = `${ctx.target.bucket}/${encodeKeyPath(src)}`;
  try {
    const res = await request(ctx, dst, () =>
      ctx.client.send(
        new CopyObjectCommand({ Bucket: ctx.target.bucket, Key: dst, CopySource: copySource, MetadataDirective: 'COPY', ...aclOf(isPublic) }),
        { abortSignal: ctx.signal },
      ),
    );
    const result = res.CopyObjectResult;
    if (!result?.ETag) return stored(ctx, dst);
    return { etag: unquote(result.ETag), lastModified: result.LastModified?.getTime() ?? (await stored(ctx, dst)).lastModified };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
    // Some stores decode the copy source only partly (s3rver leaves %23, %2B… as they are): the source
    // exists but "is not found". Such an object is copied through this computer instead.
    const source = await head(ctx, src);
    if (!source) throw new AppError('NOT_FOUND', `“${src}” is not in the bucket any more.`, { cause: error });
    return copyThroughClient(ctx, src, dst, source, isPublic);
  }
}

async function copyThroughClient(ctx: OpsContext, src: string, dst: string, source: HeadObjectCommandOutput, isPublic: boolean | null): Promise<StoredCopy> {
  const size = source.ContentLength ?? 0;
  if (size > THROUGH_CLIENT_LIMIT) {
    throw new AppError('NOT_SUPPORTED', `The store could not copy “${src}” on the server, and it is too large to copy through this computer.`);
  }
  const body = await request(ctx, src, async () => {
    const res = await ctx.client.send(new GetObjectCommand({ Bucket: ctx.target.bucket, Key: src }), { abortSignal: ctx.signal });
    return Buffer.from(await res.Body!.transformToByteArray());
  });
  const md5 = createHash('md5').update(body).digest('base64');
  await request(ctx, dst, () =>
    ctx.client.send(
      new PutObjectCommand({ Bucket: ctx.target.bucket, Key: dst, Body: body, ContentLength: body.length, ContentMD5: md5, ...carried(source), ...aclOf(isPublic) }),
      { abortSignal: ctx.signal },
    ),
  );
  return stored(ctx, dst);
}

/** Parts big enough that there are at most 10,000 of them. */
export function copyPartSize(size: number, preferred: number): number {
  return Math.max(preferred, Math.ceil(size / MAX_PARTS));
}

async function copyInParts(ctx: OpsContext, src: string, dst: string, size: number, isPublic: boolean | null): Promise<StoredCopy> {
  const source = await head(ctx, src);
  if (!source) throw new AppError('NOT_FOUND', `“${src}” is not in the bucket any more.`);
  const total = source.ContentLength ?? size;
  const created = await request(ctx, dst, () =>
    ctx.client.send(new CreateMultipartUploadCommand({ Bucket: ctx.target.bucket, Key: dst, ...carried(source), ...aclOf(isPublic) }), { abortSignal: ctx.signal }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new AppError('INTERNAL', `The store did not start a multipart copy of “${src}”.`);
  const partSize = copyPartSize(total, ctx.partSize);
  const copySource = `${ctx.target.bucket}/${encodeKeyPath(src)}`;
  const limit = pLimit(ctx.partsAtOnce);
  try {
    const count = Math.max(1, Math.ceil(total / partSize));
    const parts = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        limit(async () => {
          const start = i * partSize;
          const end = Math.min(total, start + partSize) - 1;
          const res = await request(ctx, dst, () =>
            ctx.client.send(
              new UploadPartCopyCommand({ Bucket: ctx.target.bucket, Key: dst, UploadId: uploadId, PartNumber: i + 1, CopySource: copySource, CopySourceRange: `bytes=${start}-${end}` }),
              { abortSignal: ctx.signal },
            ),
          );
          if (!res.CopyPartResult?.ETag) throw new AppError('INTERNAL', `The store did not acknowledge part ${i + 1} of the copy of “${src}”.`);
          return { PartNumber: i + 1, ETag: res.CopyPartResult.ETag };
        }),
      ),
    );
    await request(ctx, dst, () =>
      ctx.client.send(new CompleteMultipartUploadCommand({ Bucket: ctx.target.bucket, Key: dst, UploadId: uploadId, MultipartUpload: { Parts: parts } }), {
        abortSignal: ctx.signal,
      }),
    );
  } catch (error) {
    // Parts nobody will complete cost storage until the store drops them: abort now.
    await ctx.client.send(new AbortMultipartUploadCommand({ Bucket: ctx.target.bucket, Key: dst, UploadId: uploadId })).catch(() => undefined);
    if (error instanceof AppError && error.code === 'NOT_SUPPORTED') {
      throw new AppError('NOT_SUPPORTED', `This store cannot copy objects over ${Math.round(ctx.partCopyThreshold / 1024 ** 2)} MiB in parts (UploadPartCopy); “${src}” stays where it is.`, { cause: error });
    }
    throw error;
  }
  return stored(ctx, dst);
}

export interface DeleteOutcome {
  deleted: string[];
  failed: { key: string; error: AppError }[];
}

/** Deletes up to 1,000 keys in one DeleteObjects request; per-key refusals come back as failures. */
export async function deleteKeys(ctx: OpsContext, keys: string[]): Promise<DeleteOutcome> {
  if (keys.length === 0) return { deleted: [], failed: [] };
  if (keys.length > 1000) throw new Error('DeleteObjects takes at most 1,000 keys');
  const res = await request(ctx, undefined, () => {
    const command = new DeleteObjectsCommand({ Bucket: ctx.target.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: false } });
    useContentMd5(command);
    return ctx.client.send(command, { abortSignal: ctx.signal });
  });
  const failed = (res.Errors ?? []).flatMap((e) =>
    e.Key === undefined ? [] : [{ key: e.Key, error: toAppError(Object.assign(new Error(e.Message ?? e.Code ?? 'refused'), { name: e.Code ?? 'Error' }), { ...ctx.target, key: e.Key }) }],
  );
  const refused = new Set(failed.map((f) => f.key));
  // Quiet=false lists what was deleted; a store that lists nothing deleted every key it did not refuse.
  const listed = (res.Deleted ?? []).flatMap((d) => (d.Key === undefined ? [] : [d.Key]));
  const deleted = listed.length > 0 ? listed : keys.filter((k) => !refused.has(k));
  return { deleted, failed };
}

/** Every object below a prefix, as the sync lists it. */
export async function listUnder(ctx: OpsContext, prefix: string): Promise<ListedObject[]> {
  const found: ListedObject[] = [];
  try {
    await listBucket({ client: ctx.client, bucket: ctx.target.bucket, prefix, strategy: 'flat', signal: ctx.signal, onPage: (page) => void found.push(...page) });
  } catch (error) {
    throw toAppError(error, ctx.target);
  }
  return found;
}

/** Keys directly in a folder (not below its sub-folders). */
export async function listFolder(ctx: OpsContext, prefix: string): Promise<ListedObject[]> {
  const found: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await request(ctx, undefined, () =>
      ctx.client.send(new ListObjectsV2Command({ Bucket: ctx.target.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }), { abortSignal: ctx.signal }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key) found.push({ key: o.Key, size: o.Size ?? 0, etag: unquote(o.ETag), lastModified: o.LastModified?.getTime() ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return found;
}

/** Whether the bucket keeps earlier versions of deleted objects; 'unknown' when this key may not ask. */
export async function readVersioning(ctx: OpsContext): Promise<Versioning> {
  try {
    // One try: a confirmation dialog waits for this, and saying nothing is the safe answer.
    const res = await ctx.client.send(new GetBucketVersioningCommand({ Bucket: ctx.target.bucket }), { abortSignal: ctx.signal });
    return res.Status === 'Enabled' ? 'enabled' : res.Status === 'Suspended' ? 'suspended' : 'off';
  } catch {
    return 'unknown';
  }
}
