import { AppError } from '../../main/core/errors';
import type { BatchSummary } from '../../shared/organise';
import type { Command } from '../command';
import { resolveProfile, withCore } from '../context';
import { bucketKey, noteUnfinished, progressLine, throwIfFailed } from './organise-io';

/**
 * `rm KEY|PREFIX/ …`: DeleteObjects in batches of 1,000, journaled; a
 * folder (a post, a model) needs --yes. Sent at once: the app's Undo window
 * is for people at a screen.
 */
export const rmCommand: Command = {
  name: 'rm',
  usage: 'rm KEY|PREFIX/ …',
  summary: 'delete keys, or everything below a folder (MODEL/POST/, MODEL/) with --yes; --resume',
  options: { yes: { type: 'boolean' }, resume: { type: 'boolean' } },
  run: ({ positionals, options, values, io }) => {
    const resume = values.resume === true;
    if (resume ? positionals.length > 0 : positionals.length === 0) {
      throw new AppError('INVALID_INPUT', 'Usage: spaces-media rm KEY|PREFIX/ … [--yes] [--json], or spaces-media rm --resume');
    }
    const folder = positionals.find((p) => p.endsWith('/'));
    if (folder !== undefined && values.yes !== true) {
      throw new AppError('CONFIRM_REQUIRED', `“${folder}” is a folder: everything below it would be deleted. Pass --yes to confirm.`);
    }
    return withCore(options, io, async (core) => {
      const profile = resolveProfile(core, options);
      const stop = progressLine(core, io, options);
      let summaries: BatchSummary[];
      try {
        if (resume) summaries = await core.organise.recover(profile.id, ['delete']);
        else {
          noteUnfinished(core, profile, io, ['delete'], 'rm');
          summaries = [await core.organise.deleteKeys(profile, positionals.map((p) => bucketKey(profile, p)))];
        }
      } finally {
        stop();
      }
      const report = {
        removed: summaries.reduce((n, s) => n + s.done, 0),
        bytes: summaries.reduce((n, s) => n + s.bytes, 0),
        failed: summaries.flatMap((s) => s.failed),
      };
      if (options.json) io.stdout(`${JSON.stringify(report)}\n`);
      else io.stdout(`removed ${report.removed} object(s), ${report.bytes} bytes${report.failed.length ? `; ${report.failed.length} failed` : ''}\n`);
      throwIfFailed(summaries, ' Run again (or with --resume) to retry.');
    });
  },
};
