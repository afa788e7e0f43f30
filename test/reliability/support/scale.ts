/**
 * One suite, two sizes: `npm run reliability` sets RELIABILITY=full and runs
 * the counts (≥ 20 crash trials each, 10,000-object syncs, 200-file
 * batches, 100,000 fuzz strings); the normal `npm test` runs the same tests
 * with reduced counts so CI stays within minutes.
 */
export const FULL = process.env.RELIABILITY === 'full';

/** The full count under `npm run reliability`, the reduced one otherwise. */
export function scaled(full: number, reduced: number): number {
  return FULL ? full : reduced;
}

/** A seed for this run: fixed by RELIABILITY_SEED to repeat a run, else different each time (printed by the tests). */
export function runSeed(): number {
  const fixed = Number(process.env.RELIABILITY_SEED);
  return Number.isInteger(fixed) && fixed > 0 ? fixed : Math.floor(Math.random() * 2 ** 31) + 1;
}
