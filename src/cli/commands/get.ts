import { resolve } from 'node:path';
import { AppError } from '../../main/core/errors';
import { getObjects } from '../../main/core/downloads/get';
import type { DownloadProgress } from '../../shared/downloads';
import { isErrorCode } from '../../shared/errors';
import type { Command } from '../command';
import { resolveProfile, withCore } from '../context';
import { formatBytes } from '../format';
import { tuneGcForThroughput } from '../gc-tuning';

export const getCommand: Command = {
  name: 'get',
  usage: 'get KEY|PREFIX/ --to DIR',
  summary: 'download an object, or every object under a prefix, into DIR (ranged, verified, resumable: run it again to continue); --concurrency N',
  options: { to: { type: 'string' }, concurrency: { type: 'string' } },
  run: async ({ positionals, options, values, io }) => {
    const [target, ...extra] = positionals;
    const to = typeof values.to === 'string' ? values.to : '';
    if (target === undefined || extra.length > 0 || to === '') throw new AppError('INVALID_INPUT', 'Usage: spaces-media get KEY|PREFIX/ --to DIR');
    const concurrency = values.concurrency === undefined ? 16 : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new AppError('INVALID_INPUT', '--concurrency is a whole number from 1 to 64.');

    tuneGcForThroughput();
    return withCore({ ...options, downloads: { concurrency, filesAtOnce: concurrency } }, io, async (core) => {
      const profile = resolveProfile(core, options);
      // A key may be given as ls prints it, percent-encoded, or as a URL of the bucket; a prefix as is.
      const key = target.endsWith('/') ? prefixed(target, profile.rootPrefix) : core.linksFor(profile).resolve(target);
      const totals = new Map<string, DownloadProgress>();
      const progress = io.stderrIsTTY && !options.json;
      const stop = progress
        ? core.bus.subscribe((event, payload) => {
            if (event !== 'downloads:progress') return;
            const p = payload as DownloadProgress;
            totals.set(p.batchId, p);
            const all = [...totals.values()];
            const done = all.reduce((n, b) => n + b.bytesDone, 0);
            const total = all.reduce((n, b) => n + b.bytesTotal, 0);
            io.stderr(`\r${formatBytes(done)}/${formatBytes(total)} · ${formatBytes(all.reduce((n, b) => n + b.rateBps, 0))}/s · ${all.reduce((n, b) => n + b.done, 0)}/${all.reduce((n, b) => n + b.total, 0)} files   `);
          })
        : () => undefined;
      // Ctrl-C: the downloads stop where they are (partial files and journal kept) and the command says how to continue.
      const controller = new AbortController();
      const onSignal = () => {
        controller.abort();
        void core.downloads.close();
      };
      process.once('SIGINT', onSignal);
      try {
        const pooled = await core.clients.get(profile, 'download');
        const report = await getObjects({ db: core.database.db, downloads: core.downloads, profileId: profile.id, pooled, signal: controller.signal }, key, resolve(to));
        stop();
        if (progress) io.stderr('\n');
        if (controller.signal.aborted) throw new AppError('CANCELLED', 'Interrupted; partial files are kept. Run the same command again to continue.');
        if (options.json) io.stdout(`${JSON.stringify(report)}\n`);
        else io.stdout(`downloaded ${report.files} file(s), ${formatBytes(report.bytes)}; ${report.skipped} already complete${report.failed.length ? `; ${report.failed.length} failed` : ''}\n`);
        const first = report.failed[0];
        if (first) {
          throw new AppError(isErrorCode(first.code) ? first.code : 'INTERNAL', `${report.failed.length} file(s) failed, first: ${first.key}: ${first.message}. Run the same command again to continue.`);
        }
        return 0;
      } finally {
        stop();
        process.removeListener('SIGINT', onSignal);
      }
    });
  },
};

function prefixed(prefix: string, rootPrefix: string): string {
  return prefix.startsWith(rootPrefix) ? prefix : `${rootPrefix}${prefix}`;
}
