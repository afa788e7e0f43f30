/**
 * Hashes a download's bytes for the ETag check while the file is still
 * arriving, on a worker thread: MD5 runs at ~700 MB/s, and on the main
 * thread it held up every socket of every download in flight (the download
 * benchmark's largest cost after the HTTP stack itself). The digest follows
 * the file's contiguous written prefix (ranged GETs land out of order): each
 * time it grows, the worker reads the new bytes back (from the page cache,
 * just written) in 1 MiB slices and hashes them, so nothing is buffered. A
 * resumed download hashes its partial file from the start the same way.
 *
 * The worker's source is inline (a few lines of plain Node) so the CLI,
 * the app and the benchmark bundles need no extra entry file.
 */
import { Worker } from 'node:worker_threads';
import { partsDigest } from './etag';

/** What to compute: the whole file's MD5, and/or part MD5s for candidate part sizes. */
export interface DigestPlan {
  whole: boolean;
  partSizes: number[];
}

export interface Digests {
  md5: string | null;
  /** Part size → the multipart digest (md5 of the part md5s, no `-N`). */
  parts: Map<number, string>;
}

type Request =
  | { op: 'open'; id: number; path: string; plan: DigestPlan }
  | { op: 'advance'; id: number; frontier: number }
  | { op: 'finish'; id: number; size: number }
  | { op: 'drop'; id: number };

type Reply = { id: number; md5: string | null; parts: [number, string[]][] } | { id: number; error: string };

/** The worker: per file, a descriptor, its hashers and how far it may read; reads block only this thread. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const SLICE = 1024 * 1024;
const buffer = Buffer.allocUnsafe(SLICE);
const files = new Map();
function part(size) { return { size, hash: createHash('md5'), inPart: 0, md5s: [] }; }
function closePart(p) { p.md5s.push(p.hash.digest('hex')); p.hash = createHash('md5'); p.inPart = 0; }
function update(p, bytes) {
  let at = 0;
  while (at < bytes.length) {
    const take = Math.min(p.size - p.inPart, bytes.length - at);
    p.hash.update(bytes.subarray(at, at + take));
    p.inPart += take; at += take;
    if (p.inPart === p.size) closePart(p);
  }
}
function slice(f) {
  const goal = f.finishing ?? f.target;
  f.fd ??= openSync(f.path, 'r');
  const bytesRead = readSync(f.fd, buffer, 0, Math.min(SLICE, goal - f.hashed), f.hashed);
  if (bytesRead === 0) throw new Error('The partial file ended at ' + f.hashed + ' bytes while ' + goal + ' were written.');
  const bytes = buffer.subarray(0, bytesRead);
  f.whole?.update(bytes);
  for (const p of f.parts) update(p, bytes);
  f.hashed += bytesRead;
}
function drop(id) {
  const f = files.get(id);
  files.delete(id);
  if (f?.fd !== undefined) closeSync(f.fd);
}
function reply(id, f) {
  drop(id);
  if (f.error) return parentPort.postMessage({ id, error: String(f.error.message ?? f.error) });
  for (const p of f.parts) if (p.inPart > 0 || p.md5s.length === 0) closePart(p);
  parentPort.postMessage({ id, md5: f.whole ? f.whole.digest('hex') : null, parts: f.parts.map((p) => [p.size, p.md5s]) });
}
// Files being finished go first (their download waits on the answer), then the oldest with bytes to hash.
function pick() {
  let next = null;
  for (const [id, f] of files) {
    if (f.finishing !== null && (f.error || f.hashed >= f.finishing)) return [id, f];
    if (f.error || f.hashed >= (f.finishing ?? f.target)) continue;
    if (f.finishing !== null) return [id, f];
    next ??= [id, f];
  }
  return next;
}
let scheduled = false;
function schedule() {
  if (!scheduled) { scheduled = true; setImmediate(run); }
}
// A few ms of hashing at a time, so new requests (a small file finishing) are heard in between.
function run() {
  scheduled = false;
  const until = performance.now() + 5;
  for (let found = pick(); found; found = pick()) {
    const [id, f] = found;
    if (f.finishing !== null && (f.error || f.hashed >= f.finishing)) { reply(id, f); continue; }
    try { slice(f); } catch (error) { f.error = error; }
    if (performance.now() > until) return schedule();
  }
}
parentPort.on('message', (m) => {
  if (m.op === 'open') files.set(m.id, { path: m.path, hashed: 0, target: 0, finishing: null, error: null, whole: m.plan.whole ? createHash('md5') : null, parts: m.plan.partSizes.map(part) });
  else if (m.op === 'drop') drop(m.id);
  else {
    const f = files.get(m.id);
    if (!f) {
      if (m.op === 'finish') parentPort.postMessage({ id: m.id, error: 'The hashing thread no longer knows this file.' });
      return;
    }
    if (m.op === 'advance') f.target = Math.max(f.target, m.frontier);
    else f.finishing = m.size;
  }
  schedule();
});
`;

/** The one hashing thread of the process, started on first use; it does not keep the process alive while idle. */
class DigestThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(d: Digests): void; reject(e: Error): void }>();

  open(path: string, plan: DigestPlan): number {
    const id = this.nextId++;
    this.post({ op: 'open', id, path, plan });
    return id;
  }

  advance(id: number, frontier: number): void {
    this.post({ op: 'advance', id, frontier });
  }

  finish(id: number, size: number): Promise<Digests> {
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker?.ref();
      this.post({ op: 'finish', id, size });
    });
  }

  drop(id: number): void {
    this.post({ op: 'drop', id });
  }

  private post(request: Request): void {
    this.started().postMessage(request);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`The hashing thread stopped (${code}).`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    if ('error' in reply) waiter.reject(new Error(reply.error));
    else waiter.resolve({ md5: reply.md5, parts: new Map(reply.parts.map(([size, md5s]) => [size, partsDigest(md5s)])) });
  }

  /** The thread died: every file waiting on it fails (and is fetched again by its caller), the next use starts a new one. */
  private fail(error: Error): void {
    this.worker = null;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

let thread: DigestThread | null = null;

/** One file's digest: told how far the file is written contiguously, asked for the digests once it is whole. */
export class ContentDigest {
  private readonly id: number | null;
  private sent = 0;

  constructor(path: string, plan: DigestPlan) {
    const needed = plan.whole || plan.partSizes.length > 0;
    this.id = needed ? (thread ??= new DigestThread()).open(path, plan) : null;
  }

  /** The file is written contiguously up to `frontier`: the thread hashes what is new. */
  advance(frontier: number): void {
    if (this.id === null || frontier <= this.sent) return;
    this.sent = frontier;
    thread!.advance(this.id, frontier);
  }

  /** Every byte up to `size` hashed: the digests. */
  async finish(size: number): Promise<Digests> {
    if (this.id === null) return { md5: null, parts: new Map() };
    return thread!.finish(this.id, size);
  }

  /** The file is given up: the thread forgets it (and closes its descriptor). */
  dispose(): void {
    if (this.id !== null) thread?.drop(this.id);
  }
}
