/**
 * Part-size arithmetic from 0 bytes to 5 TiB (S3's largest object): for
 * every size tried, with the default, the smallest, the largest and random
 * preferred part sizes,
 *   A1 the part size is a whole number of MiB from 5 MiB to 5 GiB, and at least the preferred size
 *      (held to 5 MiB–5 GiB and rounded up to a whole MiB)
 *   A2 the file needs at most 10,000 parts, and at least one
 *   A3 it is the smallest such size (one MiB less would need more than 10,000 parts or go below the floor)
 *   A4 the parts tile the file: part 1 starts at 0, the last ends at its size, every part but the last
 *      is exactly the part size and the last holds 1 byte to a whole part (0 bytes: one empty PUT)
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PART, MAX_PART, MAX_PARTS, MIN_PART, MiB, partCount, partRange, partSizeFor } from '../../src/main/core/uploads/part-size';
import { seededRandom } from '../../src/shared/seeded-random';
import { recordFigures } from './support/figures';
import { runSeed, scaled } from './support/scale';

const TiB = 1024 * 1024 * MiB;
const MAX_OBJECT = 5 * TiB;
const N = scaled(100_000, 20_000);
const seed = runSeed();

/** What is wrong with the plan for `size` bytes (null: nothing). */
function check(size: number, preferred: number): string | null {
  const part = partSizeFor(size, preferred);
  const floor = Math.min(MAX_PART, Math.ceil(Math.max(MIN_PART, preferred) / MiB) * MiB);
  if (part % MiB !== 0 || part < MIN_PART || part > MAX_PART) return `part ${part}`;
  if (part < floor) return `part ${part} below the preferred ${preferred}`;
  const count = partCount(size, part);
  if (count < 1 || count > MAX_PARTS) return `${count} parts`;
  if (part - MiB >= floor && Math.ceil(size / (part - MiB)) <= MAX_PARTS) return `${part - MiB} would do`;
  const first = partRange(1, size, part);
  const last = partRange(count, size, part);
  if (first.start !== 0 || last.end !== size) return `tiles ${first.start}…${last.end}`;
  if (size > 0 && (last.end - last.start < 1 || last.end - last.start > part)) return `last part ${last.end - last.start}`;
  if (count > 1) {
    const before = partRange(count - 1, size, part);
    if (before.end !== last.start || before.end - before.start !== part) return `part ${count - 1} is ${before.start}…${before.end}`;
  }
  return null;
}

describe(`part-size arithmetic, 0 bytes to 5 TiB (${N} random sizes, seed ${seed})`, () => {
  it('plans every size within S3\'s part limits, with the smallest part size that fits', () => {
    const boundaries = [0, 1, MIN_PART - 1, MIN_PART, MIN_PART + 1, DEFAULT_PART, DEFAULT_PART + 1, DEFAULT_PART * MAX_PARTS, DEFAULT_PART * MAX_PARTS + 1, MAX_PART, MAX_PART + 1, TiB, MAX_OBJECT - 1, MAX_OBJECT];
    const preferences = [DEFAULT_PART, MIN_PART, MAX_PART, 1];
    const failures: string[] = [];
    for (const size of boundaries) for (const preferred of preferences) {
      const wrong = check(size, preferred);
      if (wrong) failures.push(`${size} (preferred ${preferred}): ${wrong}`);
    }
    const random = seededRandom(seed);
    for (let i = 0; i < N && failures.length < 20; i++) {
      // Sizes spread over every order of magnitude up to 5 TiB, not just the top one.
      const size = Math.min(MAX_OBJECT, Math.floor(2 ** (random() * Math.log2(MAX_OBJECT))));
      const preferred = random() < 0.7 ? DEFAULT_PART : Math.max(1, Math.floor(random() * MAX_PART * 1.2));
      const wrong = check(size, preferred);
      if (wrong) failures.push(`${size} (preferred ${preferred}): ${wrong}`);
    }
    expect(failures).toEqual([]);
    // The largest object needs parts of 525 MiB: 5 TiB / 10,000, rounded up to a whole MiB.
    expect(partSizeFor(MAX_OBJECT)).toBe(525 * MiB);
    expect(partCount(MAX_OBJECT, 525 * MiB)).toBe(9_987);
    recordFigures('part-arithmetic', { seed, sizes: N + boundaries.length * preferences.length, largest: MAX_OBJECT, failures: 0 });
  });
});
