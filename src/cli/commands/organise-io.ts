/**
 * What `mv` and `rm` share: keys as typed (below the profile's root folder
 * unless they already start with it), the progress line on a terminal, the
 * note about batches a previous run left, and failures as the exit status.
 */
import type { Core } from '../../main/core/core';
import { AppError } from '../../main/core/errors';
import type { ProfileRow } from '../../main/core/profiles/service';
import type { BatchKind, BatchProgress, BatchSummary } from '../../shared/organise';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors';
import type { CommonOptions } from '../context';
import type { CliIo } from '../io';

/** A key as typed → the key in the bucket: the root folder is added unless it is there already. */
export function bucketKey(profile: ProfileRow, typed: string): string {
  if (typed === '' || typed === '/') throw new AppError('INVALID_INPUT', 'Name a key or a folder ending in "/" (the whole bucket is not a target).');
  return typed.startsWith(profile.rootPrefix) ? typed : `${profile.rootPrefix}${typed}`;
}

/** "N% · done/total" on stderr while a batch runs, on a terminal only (never with --json). */
export function progressLine(core: Core, io: CliIo, options: CommonOptions): () => void {
  if (!io.stderrIsTTY || options.json) return () => undefined;
  const stop = core.bus.subscribe((event, payload) => {
    if (event !== 'organise:progress') return;
    const p = payload as BatchProgress;
    io.stderr(`\r${p.total ? Math.floor((p.done / p.total) * 100) : 100}% · ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} · ${p.label}   `);
  });
  return () => {
    stop();
    io.stderr('\n');
  };
}

/** Says on stderr that a previous run left batches of these kinds unfinished, and how to finish them. */
export function noteUnfinished(core: Core, profile: ProfileRow, io: CliIo, kinds: BatchKind[], command: string): void {
  const left = core.organise.recoverable(profile.id, kinds);
  if (left.length > 0) io.stderr(`spaces-media: ${left.length} interrupted ${command} batch(es) from an earlier run are not finished; run: spaces-media ${command} --resume\n`);
}

/** Exit status: the first failure's code (after the JSON or the summary was printed). */
export function throwIfFailed(summaries: BatchSummary[], resume: string): void {
  const failed = summaries.flatMap((s) => s.failed);
  if (failed.length === 0) return;
  const first = failed[0]!;
  const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(first.code) ? (first.code as ErrorCode) : 'INTERNAL';
  throw new AppError(code, `${failed.length} object(s) failed, first: ${first.key}: ${first.message}${resume}`);
}
