import { AppError } from '../../main/core/errors';
import { EventBus } from '../../main/core/events';
import { createLogger } from '../../main/core/logger';
import { SyncService } from '../../main/core/sync/sync-service';
import type { Command } from '../command';
import { openIndex, resolveConnection, resolveProfile } from '../context';

export const syncCommand: Command = {
  name: 'sync',
  usage: 'sync [--confirm-deletes]',
  summary: 'list the bucket and bring the local index up to date',
  options: { 'confirm-deletes': { type: 'boolean' } },
  run: async ({ options, values, io }) => {
    const database = openIndex(options, io);
    const controller = new AbortController();
    const onSignal = () => controller.abort(new AppError('CANCELLED', 'The sync was interrupted; nothing was removed from the index.'));
    process.once('SIGINT', onSignal);
    try {
      const profile = resolveProfile(database, options);
      const connection = await resolveConnection(profile, io);
      // The log reaches stderr only when asked (SPACES_DEBUG=1): a failure is one line there.
      const log = createLogger((line) => io.env.SPACES_DEBUG === '1' && io.stderr(`${line}\n`));
      const service = new SyncService({ database, bus: new EventBus(), log, resolveConnection: async () => connection });
      const progressLine = io.stderrIsTTY && !options.json;
      const result = await service.run(profile, {
        connection,
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
      database.close();
    }
  },
};
