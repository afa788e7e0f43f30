/**
 * Fetches one object version into its partial file and, once every byte is
 * there and checked, renames it to its destination. The file is cut into
 * chunks fetched as ranged GETs in parallel (a few per file, under the
 * queue's global cap on requests in flight), each streamed straight to its
 * place in the file (no
 * chunk is ever held in memory) and pinned to the version with If-Match; the
 * response's own ETag is checked too (servers that ignore If-Match exist).
 * A chunk cut short by the network continues from its last byte written. A
 * chunk counts (journal) only once written; a resume fetches only the rest.
 * A changed object throws ObjectChanged: the caller restarts the file,
 * versions are never mixed. The ETag check hashes the file's written prefix
 * on the hashing thread (content-digest.ts) while the rest still arrives.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdir, open, rename, rm, stat, utimes, type FileHandle } from 'node:fs/promises';
import { setMaxListeners } from 'node:events';
import { writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Verification } from '../../../shared/downloads';
import { AppError } from '../errors';
import { isAbort, sdkErrorName, toAppError, type S3ErrorContext } from '../s3/errors';
import { retry } from '../s3/retry';
import { ContentDigest, type DigestPlan } from './content-digest';
import { etagForm, partSizeCandidates, sameEtag } from './etag';
import { checkDigests, recheckAsParts } from './verify';

export interface FetchContext {
  client: S3Client;
  target: S3ErrorContext & { bucket: string };
  /** The one global cap on GETs in flight. */
  requests: LimitFunction;
  /**
   * A file's own cap on its GETs in flight (as rclone's --multi-thread-streams): a big file
   * queues only that many in the global cap at a time, so other files' GETs are served in between
   * instead of all waiting behind its every chunk.
   */
  streamsPerFile: number;
  signal: AbortSignal;
  /** fsync before the rename (the offline store: a power cut must not leave a short file under a complete name). */
  durable: boolean;
  /**
   * Write each piece as it arrives, in small synchronous writes on this thread, instead of
   * batched writes on libuv's threadpool. Only for destinations on the machine's own disk (the
   * data directory, the CLI's target): a synchronous write to a network share could hold up
   * the core's thread. See `streamRange` for why.
   */
  inlineWrites: boolean;
}

export interface FetchTask {
  key: string;
  etag: string;
  size: number;
  lastModified: number;
  temp: string;
  dest: string;
  chunkSize: number;
  /** Chunks already in the partial file (from the journal). */
  done: ReadonlySet<number>;
}

export interface FetchHooks {
  /** A chunk is complete in the partial file (journal it). */
  onChunk(chunk: number, bytesDone: number): void;
  /** Bytes arrived (progress). */
  onBytes(bytes: number): void;
  /** The partial file was lost or unusable: its journaled chunks no longer count. */
  onReset(): void;
}

/** The object is no longer the version being fetched (If-Match failed, another ETag or size came back). */
export class ObjectChanged extends Error {
  constructor(readonly key: string) {
    super(`"${key}" changed on the server while it was being downloaded.`);
    this.name = 'ObjectChanged';
  }
}

/** Chunk count of a file (0 for an empty one). */
export function chunkCount(size: number, chunkSize: number): number {
  return size === 0 ? 0 : Math.ceil(size / chunkSize);
}

/** Fetches, verifies and renames into place; resolves with how the bytes were verified. */
export async function fetchFile(ctx: FetchContext, task: FetchTask, hooks: FetchHooks): Promise<Verification> {
  await mkdir(dirname(task.temp), { recursive: true });
  const { file, done } = await openPartial(task, hooks);
  let digest: ContentDigest | null = null;
  try {
    const form = etagForm(task.etag);
    const plan: DigestPlan = {
      whole: form.kind === 'md5',
      partSizes: form.kind === 'multipart' ? partSizeCandidates(task.size, form.parts) : [],
    };
    digest = new ContentDigest(task.temp, plan);
    const chunks = chunkCount(task.size, task.chunkSize);
    let bytesDone = [...done].reduce((n, c) => n + chunkLength(task, c), 0);
    let next = 0;
    const frontier = () => {
      while (next < chunks && done.has(next)) next++;
      return Math.min(task.size, next * task.chunkSize);
    };
    digest.advance(frontier());
    // Bytes landing in the chunk at the frontier extend it at once: a small file is hashed as it arrives.
    const written = (chunk: number, upTo: number) => {
      if (chunk === next) digest?.advance(upTo);
    };

    const pending = Array.from({ length: chunks }, (_, i) => i).filter((i) => !done.has(i));
    const lanes = pLimit(ctx.streamsPerFile);
    // One failed chunk stops the file's other chunks: none is left writing into a file being given up.
    const local = new AbortController();
    // Every chunk's request listens on it: many more than Node's default of 10 for a big file.
    setMaxListeners(chunks + 10, local.signal);
    const stop = () => local.abort();
    ctx.signal.addEventListener('abort', stop, { once: true });
    try {
      await Promise.all(
        pending.map((chunk) =>
          lanes(() =>
            ctx.requests(async () => {
              if (local.signal.aborted) throw stopped(task.key);
              await fetchChunk(ctx, local.signal, file, task, chunk, hooks, written);
              done.add(chunk);
              bytesDone += chunkLength(task, chunk);
              hooks.onChunk(chunk, bytesDone);
              digest?.advance(frontier());
            }),
          ).catch((error: unknown) => {
            local.abort();
            throw error;
          }),
        ),
      );
    } catch (error) {
      // The first cause, not the aborts it caused in the file's other chunks.
      throw ctx.signal.aborted ? stopped(task.key) : error;
    } finally {
      ctx.signal.removeEventListener('abort', stop);
    }

    const digests = await digest.finish(task.size);
    let verification = checkDigests(task, digests);
    if (verification === null) verification = await recheckAsParts(task);
    if (verification === null) {
      hooks.onReset();
      throw new AppError('INTEGRITY', `"${task.key}" arrived with different bytes than the server's checksum (ETag) says; it will be downloaded again.`, { retryable: true });
    }
    if (ctx.durable) await file.sync();
    await file.close();
    await mkdir(dirname(task.dest), { recursive: true });
    await rename(task.temp, task.dest);
    const when = new Date(task.lastModified);
    await utimes(task.dest, when, when).catch(() => undefined);
    return verification;
  } finally {
    digest?.dispose();
    await file.close().catch(() => undefined);
  }
}

function chunkLength(task: Pick<FetchTask, 'size' | 'chunkSize'>, chunk: number): number {
  return Math.min(task.size, (chunk + 1) * task.chunkSize) - chunk * task.chunkSize;
}

/**
 * The partial file, at the object's full size (sparse where nothing is
 * written yet). Chunks the journal trusts need a partial file of that size;
 * if it is gone or another size, they are forgotten.
 */
async function openPartial(task: FetchTask, hooks: FetchHooks): Promise<{ file: FileHandle; done: Set<number> }> {
  if (task.done.size > 0) {
    const existing = await stat(task.temp).catch(() => null);
    if (existing?.isFile() && existing.size === task.size) return { file: await open(task.temp, 'r+'), done: new Set(task.done) };
    hooks.onReset();
  }
  await rm(task.temp, { force: true });
  const file = await open(task.temp, 'w+');
  await file.truncate(task.size);
  return { file, done: new Set() };
}

function stopped(key: string, cause?: unknown): AppError {
  return new AppError('CANCELLED', `Download of "${key}" was stopped.`, { cause });
}

/** One chunk, retried while retryable; a retry continues after the bytes already written. */
async function fetchChunk(
  ctx: FetchContext,
  signal: AbortSignal,
  file: FileHandle,
  task: FetchTask,
  chunk: number,
  hooks: FetchHooks,
  onWritten: (chunk: number, upTo: number) => void,
): Promise<void> {
  const start = chunk * task.chunkSize;
  const end = start + chunkLength(task, chunk);
  let received = 0;
  await retry(
    async () => {
      if (signal.aborted) throw stopped(task.key);
      try {
        received += await streamRange(ctx, signal, file, task, start + received, end, hooks, (upTo) => onWritten(chunk, upTo));
        if (start + received < end) {
          throw new AppError('NETWORK', `The download of "${task.key}" was cut short; continuing.`);
        }
      } catch (caught) {
        if (caught instanceof ObjectChanged) throw caught;
        let error = caught;
        if (caught instanceof PartialWrite) {
          received += caught.bytes;
          error = caught.cause;
        }
        if (isAbort(error) || signal.aborted) throw stopped(task.key, error);
        if (sdkErrorName(error) === 'PreconditionFailed' || sdkErrorName(error) === 'InvalidRange') throw new ObjectChanged(task.key);
        throw toAppError(error, { ...ctx.target, key: task.key });
      }
    },
    { attempts: 6, baseMs: 1_000, capMs: 30_000, retryable: (e) => e instanceof AppError && e.retryable, signal },
  );
}

/** Bytes written before a stream failed, carried with its cause. */
class PartialWrite extends Error {
  constructor(
    readonly bytes: number,
    override readonly cause: unknown,
  ) {
    super('partial write');
  }
}

/** GETs [from, end) at the journaled version and writes it at its place; resolves with the bytes written. */
async function streamRange(
  ctx: FetchContext,
  signal: AbortSignal,
  file: FileHandle,
  task: FetchTask,
  from: number,
  end: number,
  hooks: FetchHooks,
  written: (upTo: number) => void,
): Promise<number> {
  const whole = from === 0 && end === task.size;
  const res = await ctx.client.send(
    new GetObjectCommand({
      Bucket: ctx.target.bucket,
      Key: task.key,
      IfMatch: `"${task.etag.replace(/"/g, '')}"`,
      ...(whole ? {} : { Range: `bytes=${from}-${end - 1}` }),
    }),
    { abortSignal: signal },
  );
  const body = res.Body as Readable | undefined;
  const total = whole ? res.ContentLength : Number(/\/(\d+)$/.exec(res.ContentRange ?? '')?.[1]);
  if (!sameEtag(res.ETag, task.etag) || (total !== undefined && !Number.isNaN(total) && total !== task.size)) {
    body?.destroy();
    throw new ObjectChanged(task.key);
  }
  if (!body) return 0;
  const sink: Sink = ctx.inlineWrites ? new InlineSink(file, from, hooks, written) : new BatchedSink(file, from, hooks, written);
  try {
    for await (const piece of body as AsyncIterable<Buffer>) {
      const length = Math.min(piece.length, end - sink.reached());
      if (length <= 0) break;
      await sink.add(length === piece.length ? piece : piece.subarray(0, length));
    }
    await sink.flush();
  } catch (error) {
    body.destroy();
    sink.settle();
    throw new PartialWrite(sink.position - from, error);
  }
  return sink.position - from;
}

/** Where a response's pieces go: `position` is the end of what is on disk. */
abstract class Sink {
  constructor(
    protected readonly file: FileHandle,
    public position: number,
    protected readonly hooks: FetchHooks,
    protected readonly written: (upTo: number) => void,
  ) {}

  /** The end of what was handed to the sink (written or batched). */
  abstract reached(): number;
  abstract add(piece: Buffer): void | Promise<void>;
  abstract flush(): Promise<void>;
  /** After a failure: what is on disk counts (hashed prefix, progress). */
  abstract settle(): void;
}

/**
 * Pieces written at once, a slice of INLINE_SLICE per synchronous positional write. The kernel
 * sizes page-cache folios by the write: 1 MiB writes made it take large ones, whose first touch
 * was most of the download's kernel CPU on the development VM. Download bench, 1 GiB, six
 * interleaved runs each: CPU median 9.3 → 7.4 s, wall 8.1 → 7.1 s, peak RSS 203 → 168 MB (no
 * batch held per request). Each write is a copy into the page cache (microseconds), so the
 * thread's loop keeps turning between socket reads. Progress and the hashed prefix move once per
 * WRITE_BATCH, not per write.
 */
class InlineSink extends Sink {
  private unreported = 0;

  reached(): number {
    return this.position;
  }

  add(piece: Buffer): void {
    // A write that fails part way leaves `position` before the piece: a retry fetches it again whole.
    const length = writeInline(this.file.fd, piece, this.position);
    this.position += length;
    this.unreported += length;
    if (this.unreported >= WRITE_BATCH) this.settle();
  }

  flush(): Promise<void> {
    this.settle();
    return Promise.resolve();
  }

  settle(): void {
    if (this.unreported === 0) return;
    this.hooks.onBytes(this.unreported);
    this.unreported = 0;
    this.written(this.position);
  }
}

/**
 * Pieces gathered (16–64 KiB each, as the socket gives them) and written a batch at a time with
 * one writev on the threadpool, for destinations where a write may block for long. A write per
 * piece cost more CPU than the MD5; memory stays bounded at WRITE_BATCH per request in flight.
 */
class BatchedSink extends Sink {
  private batch: Buffer[] = [];
  private batched = 0;

  reached(): number {
    return this.position + this.batched;
  }

  async add(piece: Buffer): Promise<void> {
    this.batch.push(piece);
    this.batched += piece.length;
    if (this.batched >= WRITE_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batched === 0) return;
    const pieces = this.batch;
    const length = this.batched;
    this.batch = [];
    this.batched = 0;
    await this.file.writev(pieces, this.position);
    this.position += length;
    this.written(this.position);
    this.hooks.onBytes(length);
  }

  settle(): void {
    // Every batch written was reported when it was written; a batch not written is dropped.
    this.batch = [];
    this.batched = 0;
  }
}

/** Bytes between progress reports (and digest advances); the most a batched sink holds per request. */
const WRITE_BATCH = 1024 * 1024;
/** One synchronous write of an inline sink: small enough for small page-cache folios. */
const INLINE_SLICE = 32 * 1024;

/** Writes `bytes` at `position` synchronously, INLINE_SLICE at a time (see InlineSink); returns the bytes written. */
export function writeInline(fd: number, bytes: Buffer, position: number): number {
  for (let at = 0; at < bytes.length; at += INLINE_SLICE) writeSync(fd, bytes, at, Math.min(INLINE_SLICE, bytes.length - at), position + at);
  return bytes.length;
}
