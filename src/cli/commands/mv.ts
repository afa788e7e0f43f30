import { AppError } from '../../main/core/errors';
import type { ConflictPolicy } from '../../shared/domain';
import type { BatchSummary } from '../../shared/organise';
import type { Command } from '../command';
import { resolveProfile, withCore } from '../context';
import { bucketKey, noteUnfinished, progressLine, throwIfFailed } from './organise-io';

const CONFLICTS: Record<string, ConflictPolicy> = { skip: 'skip', overwrite: 'overwrite', 'keep-both': 'keepBoth' };

/**
 * `mv SRC DST`: a key onto a key (or into a folder, DST ending in "/"), a
 * folder (a post "alice/beach day/", a model "alice/") onto a folder.
 * Server-side copies then deletes, journaled; the index follows.
 */
export const mvCommand: Command = {
  name: 'mv',
  usage: 'mv SRC DST',
  summary: 'move or rename a key, a post (MODEL/POST/) or a model (MODEL/) on the server; --overwrite, --on-conflict skip|keep-both, --resume',
  options: { overwrite: { type: 'boolean' }, 'on-conflict': { type: 'string' }, resume: { type: 'boolean' } },
  run: ({ positionals, options, values, io }) => {
    const resume = values.resume === true;
    if (resume ? positionals.length > 0 : positionals.length !== 2) {
      throw new AppError('INVALID_INPUT', 'Usage: spaces-media mv SRC DST [--overwrite] [--json], or spaces-media mv --resume');
    }
    const onConflict = values['on-conflict'] as string | undefined;
    let conflict = onConflict === undefined ? undefined : CONFLICTS[onConflict];
    if (onConflict !== undefined && !conflict) throw new AppError('INVALID_INPUT', '--on-conflict is skip, overwrite or keep-both.');
    if (values.overwrite === true) {
      if (conflict && conflict !== 'overwrite') throw new AppError('INVALID_INPUT', '--overwrite and --on-conflict disagree; keep one.');
      conflict = 'overwrite';
    }
    return withCore(options, io, async (core) => {
      const profile = resolveProfile(core, options);
      const stop = progressLine(core, io, options);
      let summaries: BatchSummary[];
      try {
        if (resume) summaries = await core.organise.recover(profile.id, ['move', 'set-image']);
        else {
          noteUnfinished(core, profile, io, ['move', 'set-image'], 'mv');
          const from = bucketKey(profile, positionals[0]!);
          let to = bucketKey(profile, positionals[1]!);
          // A file into a folder keeps its name.
          if (!from.endsWith('/') && to.endsWith('/')) to += from.slice(from.lastIndexOf('/') + 1);
          const result = await core.organise.moveKeys(profile, [{ from, to }], conflict);
          if (result.status === 'needs-decision') {
            const more = result.conflicts.length > 1 ? ` (and ${result.conflicts.length - 1} more)` : '';
            throw new AppError('EXISTS', `“${result.conflicts[0]}” already exists${more}; nothing was moved. Pass --overwrite to replace, or --on-conflict skip|keep-both.`);
          }
          summaries = [result.summary];
        }
      } finally {
        stop();
      }
      const report = {
        moved: summaries.reduce((n, s) => n + s.done, 0),
        bytes: summaries.reduce((n, s) => n + s.bytes, 0),
        skipped: summaries.flatMap((s) => s.skipped),
        failed: summaries.flatMap((s) => s.failed),
      };
      if (options.json) io.stdout(`${JSON.stringify(report)}\n`);
      else {
        for (const s of report.skipped) io.stderr(`skipped ${s.key}: ${s.reason}\n`);
        io.stdout(`moved ${report.moved} object(s), ${report.bytes} bytes${report.failed.length ? `; ${report.failed.length} failed` : ''}${resume && summaries.length === 0 ? ' (nothing to resume)' : ''}\n`);
      }
      throwIfFailed(summaries, ' Run again (or with --resume) to retry.');
    });
  },
};
