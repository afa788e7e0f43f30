/**
 * Crash trials, move/delete batches (issue 15). HOOK: `spaces-media mv` and
 * `rm` are not on main yet, so there is nothing to kill. When they land,
 * this file gets the trial, in the shape of crash-sync.test.ts:
 *   for each of ≥ 20 trials (scaled(24, 3)): build a prefix of N objects;
 *   `killAfter(['mv', 'a/', 'b/', '--json', …], env, random() * span)` (and
 *   the same for `rm PREFIX/ --yes`); then check integrityCheck(db) is ok;
 *   every object is at its source or its destination, never both and never
 *   neither (serverListing), with the same bytes (MD5 read back); the
 *   journal resumes the batch (`mv --resume` or running it again) without
 *   copying an object twice (CopyObject counted at the fault proxy); the
 *   index then equals the server's listing (listingDiff) and its aggregates
 *   a recount (aggregateDrift).
 */
import { describe, it } from 'vitest';
import { commands } from '../../src/cli/commands/index';

const landed = commands.some((c) => c.name === 'mv') && commands.some((c) => c.name === 'rm');
const reason = 'move/delete crash trials: `spaces-media mv` and `rm` (issue 15) are not on main yet; the trial is described at the top of this file';
if (!landed) console.warn(reason);

describe('crash trials: spaces-media mv and rm killed at random moments', () => {
  it.skipIf(!landed)('(to be written when issue 15 lands: see the top of this file)', () => {
    throw new Error('mv and rm have landed: write this trial (the checks are listed at the top of this file)');
  });
});
