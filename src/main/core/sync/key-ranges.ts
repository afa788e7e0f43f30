/**
 * The key space as ranges the lister works through: each range lists keys
 * after `after` up to `through`; an idle worker splits the biggest one left
 * at a known prefix. Every key is in exactly one range, whatever the cuts.
 */
/** A contiguous slice of the key space: keys after `after` (null: from the start) up to `through` (null: to the end). */
export interface KeyRange {
  after: string | null;
  through: string | null;
  /** The last key handed over so far. */
  position: string | null;
  done: boolean;
}

/** S3 orders keys by their UTF-8 bytes, which is not JavaScript's UTF-16 order. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Work for an idle worker: halves the running range with the most known
 * prefixes still ahead of it, at the middle one. The running lister stops at
 * the new end; the new range starts after it. Null when nothing can be split.
 */
export function split(ranges: KeyRange[], cuts: string[]): KeyRange | null {
  let best: { range: KeyRange; from: number; to: number } | null = null;
  for (const range of ranges) {
    if (range.done) continue;
    const start = range.position ?? range.after;
    const from = start === null ? 0 : firstCut(cuts, start, false);
    const to = range.through === null ? cuts.length : firstCut(cuts, range.through, true);
    if (to - from > (best ? best.to - best.from : 0)) best = { range, from, to };
  }
  if (!best) return null;
  const at = cuts[best.from + Math.floor((best.to - best.from) / 2)]!;
  const tail: KeyRange = { after: at, through: best.range.through, position: null, done: false };
  best.range.through = at;
  ranges.push(tail);
  return tail;
}

/** Index of the first (sorted) cut above `key`, or at or above it when `orEqual`. */
function firstCut(cuts: string[], key: string, orEqual: boolean): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const order = compareKeys(cuts[mid]!, key);
    if (order < 0 || (order === 0 && !orEqual)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
