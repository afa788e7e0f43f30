export const MiB = 1024 * 1024;
/** S3/Spaces limits: parts of 5 MiB–5 GiB, at most 10,000 of them. */
export const MIN_PART = 5 * MiB;
export const MAX_PART = 5 * 1024 * MiB;
export const MAX_PARTS = 10_000;
/** 8 MiB parts keep memory low (parts are buffered for replayable retries) and suit files up to ~78 GiB. */
export const DEFAULT_PART = 8 * MiB;

/**
 * The smallest whole-MiB part size ≥ `preferred` that needs at most 10,000
 * parts. `preferred` is held to S3's 5 MiB–5 GiB and rounded up to a whole MiB.
 */
export function partSizeFor(size: number, preferred = DEFAULT_PART): number {
  const floor = Math.min(MAX_PART, Math.ceil(Math.max(MIN_PART, preferred) / MiB) * MiB);
  const needed = Math.ceil(Math.ceil(size / MAX_PARTS) / MiB) * MiB;
  const part = Math.max(floor, needed);
  if (part > MAX_PART) throw new RangeError(`A file of ${size} bytes is larger than S3's limit of ${MAX_PARTS} parts of 5 GiB.`);
  return part;
}

export function partCount(size: number, partSize: number): number {
  return Math.max(1, Math.ceil(size / partSize));
}

/** Byte range [start, end) of 1-based part `n`. */
export function partRange(n: number, size: number, partSize: number): { start: number; end: number } {
  const start = (n - 1) * partSize;
  return { start, end: Math.min(size, start + partSize) };
}
