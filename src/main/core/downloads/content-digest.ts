/**
 * Hashes a download's bytes for the ETag check while the file is still
 * arriving. Bytes written exactly where the hash has got to are hashed as
 * they are written (a small file, the front chunk of a big one). Ranged GETs
 * land out of order, so otherwise the digest follows the file's contiguous
 * written prefix: each time it grows, bytes not hashed yet are read back
 * (from the page cache, just written) in 1 MiB slices, so nothing is
 * buffered and the thread is never held for long. A resumed download hashes
 * its partial file from the start the same way.
 */
import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { partsDigest } from './etag';

const SLICE = 1024 * 1024;

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

class PartHasher {
  private hash: Hash = createHash('md5');
  private inPart = 0;
  readonly md5s: string[] = [];

  constructor(readonly partSize: number) {}

  update(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      const take = Math.min(this.partSize - this.inPart, bytes.length - at);
      this.hash.update(bytes.subarray(at, at + take));
      this.inPart += take;
      at += take;
      if (this.inPart === this.partSize) this.closePart();
    }
  }

  finish(): string {
    if (this.inPart > 0 || this.md5s.length === 0) this.closePart();
    return partsDigest(this.md5s);
  }

  private closePart(): void {
    this.md5s.push(this.hash.digest('hex'));
    this.hash = createHash('md5');
    this.inPart = 0;
  }
}

export class ContentDigest {
  private readonly whole: Hash | null;
  private readonly parts: PartHasher[];
  private hashed = 0;
  /** A read-back is reading: bytes written meanwhile are left to the read-backs (never hashed twice). */
  private reading = false;
  private chain: Promise<void> = Promise.resolve();
  private buffer: Buffer | null = null;

  constructor(
    private readonly file: FileHandle,
    plan: DigestPlan,
  ) {
    this.whole = plan.whole ? createHash('md5') : null;
    this.parts = plan.partSizes.map((p) => new PartHasher(p));
  }

  get needed(): boolean {
    return this.whole !== null || this.parts.length > 0;
  }

  /** Bytes just written at `position`: hashed now if they continue the hash (no read-back needed later). */
  written(pieces: Buffer[], position: number): void {
    if (!this.needed || this.reading || position !== this.hashed) return;
    for (const piece of pieces) {
      this.whole?.update(piece);
      for (const part of this.parts) part.update(piece);
      this.hashed += piece.length;
    }
  }

  /** The file is written contiguously up to `frontier`: hash what is new (in order, one read at a time). */
  advance(frontier: number): Promise<void> {
    if (!this.needed || frontier <= this.hashed) return this.chain;
    this.chain = this.chain.then(() => this.readUpTo(frontier));
    return this.chain;
  }

  /** Every byte up to `size` hashed: the digests. */
  async finish(size: number): Promise<Digests> {
    await this.advance(size);
    this.buffer = null;
    return {
      md5: this.whole?.digest('hex') ?? null,
      parts: new Map(this.parts.map((p) => [p.partSize, p.finish()])),
    };
  }

  private async readUpTo(frontier: number): Promise<void> {
    while (this.hashed < frontier) {
      this.buffer ??= Buffer.allocUnsafe(SLICE);
      const length = Math.min(SLICE, frontier - this.hashed);
      this.reading = true;
      const { bytesRead } = await this.file.read(this.buffer, 0, length, this.hashed).finally(() => (this.reading = false));
      if (bytesRead === 0) throw new Error(`The partial file ended at ${this.hashed} bytes while ${frontier} were written.`);
      const bytes = this.buffer.subarray(0, bytesRead);
      this.whole?.update(bytes);
      for (const part of this.parts) part.update(bytes);
      this.hashed += bytesRead;
    }
  }
}
