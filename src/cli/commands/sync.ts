import { AppError } from '../../main/core/errors';
import type { Command } from '../command';
import { resolveProfile, withCore } from '../context';

export const syncCommand: Command = {
  name: 'sync',
  usage: 'sync [--confirm-deletes]',
  summary: 'list the bucket and bring the local index up to date',
  options: { 'confirm-deletes': { type: 'boolean' } },
  run: ({ options, values, io }) =>
    withCore(options, io, async (core) => {
      const controller = new AbortController();
      const onSignal = () => controller.abort(new AppError('CANCELLED', 'The sync was interrupted; nothing was removed from the index.'));
      process.once('SIGINT', onSignal);
      try {
        const progressLine = io.stderrIsTTY && !options.json;
        const result = await core.sync.run(resolveProfile(core, options), {
          confirmDeletes: values['confirm-deletes'] === true,
          signal: controller.signal,
          onProgress: progressLine ? (p) => io.stderr(`\r${p.objects.toLocaleString('en')} objects, ${p.pages} pages, ${p.rate.toLocaleString('en')}/s `) : undefined,
        });
        if (progressLine) io.stderr('\n');
        if (result.status === 'needs_confirmation') {
          throw new AppError(
            'NEEDS_CONFIRMATION',
            `The listing no longer has ${result.pendingRemovals} of the indexed objects; nothing was removed. If that is right, run: spaces-media sync --confirm-deletes`,
          );
        }
        const summary = {
          objects: result.objects,
          models: result.models,
          posts: result.posts,
          media: result.media,
          added: result.added,
          updated: result.updated,
          removed: result.removed,
          unclassified: result.unclassified,
        };
        if (options.json) io.stdout(`${JSON.stringify(summary)}\n`);
        else
          io.stdout(
            `Synced ${summary.objects} objects in ${(result.durationMs / 1000).toFixed(1)} s: ${summary.models} models, ${summary.posts} posts, ${summary.media} media; ` +
              `${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ${summary.unclassified} unclassified.\n`,
          );
      } finally {
        process.removeListener('SIGINT', onSignal);
      }
    }),
};
