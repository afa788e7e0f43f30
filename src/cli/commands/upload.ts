import { AppError } from '../../main/core/errors';
import { describeProblems } from '../../main/core/uploads/scan';
import type { ConflictPolicy, SkippedFile, UploadAcl, UploadBatchProgress } from '../../shared/domain';
import { isErrorCode } from '../../shared/errors';
import type { Command } from '../command';
import { resolveProfile, withCore } from '../context';
import { formatBytes } from '../format';

const CONFLICTS: Record<string, ConflictPolicy> = { skip: 'skip', overwrite: 'overwrite', 'keep-both': 'keepBoth' };

export const uploadCommand: Command = {
  name: 'upload',
  usage: 'upload FILE|DIR… --to MODEL/POST',
  summary: 'upload files and folders into a post (multipart, verified, resumable); --acl private|public-read, --on-conflict skip|overwrite|keep-both, --resume',
  options: {
    to: { type: 'string' },
    acl: { type: 'string' },
    'on-conflict': { type: 'string' },
    'cache-control': { type: 'string' },
    concurrency: { type: 'string' },
    resume: { type: 'boolean' },
  },
  run: async ({ positionals, options, values, io }) => {
    const paths = positionals;
    const to = typeof values.to === 'string' ? values.to : '';
    const slash = to.indexOf('/');
    if (!values.resume && (paths.length === 0 || slash <= 0)) {
      throw new AppError('INVALID_INPUT', 'Usage: spaces-media upload FILE|DIR… --to MODEL/POST');
    }
    const acl = values.acl as string | undefined;
    if (acl !== undefined && acl !== 'private' && acl !== 'public-read') throw new AppError('INVALID_INPUT', '--acl is private or public-read.');
    const conflictArg = values['on-conflict'] as string | undefined;
    const conflict = conflictArg === undefined ? undefined : CONFLICTS[conflictArg];
    if (conflictArg !== undefined && !conflict) throw new AppError('INVALID_INPUT', '--on-conflict is skip, overwrite or keep-both.');
    const concurrency = values.concurrency === undefined ? 16 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new AppError('INVALID_INPUT', '--concurrency is a whole number from 1 to 64.');

    const tuning = { uploads: { concurrency, filesAtOnce: concurrency, partsPerFile: Math.min(10, concurrency) } };
    return withCore({ ...options, ...tuning }, io, async (core) => {
      const service = core.uploads;
      const started = Date.now();
      const stopProgress =
        io.stderrIsTTY && !options.json ? core.bus.subscribe((event, payload) => event === 'uploads:progress' && io.stderr(`\r${progressLine(payload as UploadBatchProgress)}`)) : () => undefined;
      try {
        const profile = resolveProfile(core, options);
        let batchIds: string[];
        let skipped: SkippedFile[] = [];
        if (values.resume) {
          // What a crash or Ctrl-C left, and what failed (the failure line says to come back with --resume).
          const left = [...service.interrupted(), ...service.failedItems()];
          service.resumeInterrupted();
          service.retry();
          batchIds = [...new Set(left.map((i) => i.batchId))];
        } else {
          const result = await service.enqueue({
            profileId: profile.id,
            target: { model: to.slice(0, slash), post: to.slice(slash + 1) },
            paths,
            conflict,
            acl: acl as UploadAcl | undefined,
            cacheControl: values['cache-control'] as string | undefined,
            keepFolderName: false,
          });
          if (result.status === 'needs-decision') {
            throw new AppError('CONFLICT', `${result.conflicts.length} of ${result.files} file(s) already exist in ${to} (e.g. "${result.conflicts[0]}"); choose --on-conflict skip, overwrite or keep-both.`);
          }
          batchIds = [result.batchId];
          skipped = result.skipped;
        }
        const summaries = [];
        for (const id of batchIds) summaries.push({ ...(await service.waitForBatch(id)), items: service.progress(id).items });
        stopProgress();
        if (io.stderrIsTTY && !options.json) io.stderr('\n');
        const items = summaries.flatMap((s) => s.items);
        const done = items.filter((i) => i.state === 'done');
        const failed = items.filter((i) => i.state === 'failed');
        const bytes = done.reduce((s, i) => s + i.size, 0);
        const seconds = (Date.now() - started) / 1000;
        if (options.json) {
          io.stdout(
            `${JSON.stringify({
              uploaded: done.length,
              failed: failed.length,
              bytes,
              seconds,
              skipped,
              items: items.map((i) => ({ key: i.key, size: i.size, state: i.state, error: i.errorMessage })),
            })}\n`,
          );
        } else {
          // Files left out on purpose; the ones that could not be sent are the closing error line.
          for (const s of skipped) if (!s.problem) io.stderr(`skipped ${s.path}: ${s.reason}\n`);
          io.stdout(`uploaded ${done.length} file(s), ${formatBytes(bytes)} in ${seconds.toFixed(1)} s${failed.length ? `; ${failed.length} failed` : ''}\n`);
        }
        if (failed.length > 0) {
          throw new AppError(isErrorCode(failed[0]!.errorCode) ? failed[0]!.errorCode : 'INTERNAL', `${failed.length} file(s) failed, first: ${failed[0]!.key}: ${failed[0]!.errorMessage}. Run again with --resume to retry.`);
        }
        // Files named or found that could not be sent (missing, unreadable, empty): the rest went; say which did not.
        const problems = skipped.filter((s) => s.problem);
        if (problems.length > 0) throw new AppError('INVALID_INPUT', `${problems.length} file(s) not uploaded: ${describeProblems(problems)}.`);
        return 0;
      } finally {
        stopProgress();
      }
    });
  },
};

function progressLine(p: UploadBatchProgress): string {
  const pct = p.bytesTotal ? Math.floor((p.bytesDone / p.bytesTotal) * 100) : 100;
  const eta = p.etaSeconds === null ? '' : ` · ${p.etaSeconds}s left`;
  return `${pct}% ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)} · ${formatBytes(p.rateBps)}/s · ${p.done}/${p.total} files${eta}   `;
}

