import type { SyncRunSummary } from '../../../../shared/sync';
import { formatCount } from '../../format';

export function formatRate(perSecond: number): string {
  return `${perSecond.toLocaleString()}/s`;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

/** One line about a finished run, for the sidebar. */
export function describeRun(run: SyncRunSummary): string {
  const when = ago(run.endedAt ?? run.startedAt);
  switch (run.status) {
    case 'completed': {
      const changes = [
        run.added && `${run.added.toLocaleString()} new`,
        run.updated && `${run.updated.toLocaleString()} changed`,
        run.removed && `${run.removed.toLocaleString()} removed`,
      ].filter(Boolean);
      return `Synced ${when}: ${formatCount(run.objects, 'object')}, ${changes.length ? changes.join(', ') : 'no changes'}`;
    }
    case 'needs_confirmation':
      return `Synced ${when}; ${run.pendingRemovals.toLocaleString()} removals wait for your confirmation`;
    case 'cancelled':
      return `Sync cancelled ${when}; nothing was removed`;
    case 'failed':
      return `Sync failed ${when}: ${run.errorMessage ?? 'see the log'}`;
    default:
      return 'Sync in progress…';
  }
}
