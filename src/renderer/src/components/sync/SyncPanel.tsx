/**
 * Sync control for the sidebar: a Sync button that becomes Cancel while a
 * run lasts, live progress (sync:progress lands in the sync:status query),
 * the last run's summary, the unclassified keys, and the confirmation asked
 * for when a listing would remove implausibly much.
 */
import { useQuery } from '@tanstack/react-query';
import clsx from 'clsx';
import { useState } from 'react';
import { useApiMutation } from '../../data/mutations';
import { profileQuery, useActiveProfileId } from '../../data/queries';
import { formatCount } from '../../format';
import { Button } from '../../ui/Button';
import { Spinner } from '../../ui/Spinner';
import { ConfirmRemovalsDialog } from './ConfirmRemovalsDialog';
import styles from './Sync.module.css';
import { describeRun, formatRate } from './sync-format';
import { SyncScheduleControl } from './SyncScheduleControl';
import { UnclassifiedDialog } from './UnclassifiedDialog';

export function SyncPanel(): React.JSX.Element {
  const profileId = useActiveProfileId();
  const status = useQuery(profileQuery(profileId, 'sync:status')).data;
  const [dialog, setDialog] = useState<'confirm' | 'unclassified' | null>(null);
  const start = useApiMutation('sync:start', {
    onSuccess: (result) => {
      if (result.status === 'needs_confirmation') setDialog('confirm');
    },
  });
  const cancel = useApiMutation('sync:cancel');

  const progress = status?.progress ?? null;
  const running = start.isPending || (status?.running ?? false);
  const lastRun = status?.lastRun ?? null;
  // A cancelled run is no error; anything else main said is shown.
  const error = start.error && start.error.code !== 'CANCELLED' ? start.error : null;
  const sync = (confirmDeletes = false) => {
    setDialog(null);
    start.mutate(confirmDeletes ? { confirmDeletes } : undefined);
  };

  return (
    <section className={styles.panel} aria-label="Sync" data-testid="sync-panel">
      {running ? (
        <button type="button" className={clsx(styles.syncButton, styles.cancel)} onClick={() => cancel.mutate(undefined)}>
          Cancel sync
        </button>
      ) : (
        <button type="button" className={styles.syncButton} onClick={() => sync()}>
          Sync now
        </button>
      )}
      <div className={styles.status} role="status" aria-live="polite" data-testid="sync-status">
        {running ? (
          <>
            <Spinner size="sm" />
            {progress ? `${formatCount(progress.objects, 'object')} · ${formatCount(progress.pages, 'page')} · ${formatRate(progress.rate)}` : 'Listing the bucket…'}
          </>
        ) : lastRun ? (
          <span className={clsx(lastRun.status === 'failed' && styles.failed, lastRun.status === 'needs_confirmation' && styles.warn)}>{describeRun(lastRun)}</span>
        ) : (
          <span>Not synced yet. Sync to build the library from the bucket.</span>
        )}
      </div>
      {error && (
        <p className={styles.error} role="alert">
          {error.message}
        </p>
      )}
      {!running && lastRun && (
        <div className={styles.links}>
          {lastRun.status === 'needs_confirmation' && (
            <Button variant="link" className={styles.warn} onClick={() => setDialog('confirm')}>
              Review {lastRun.pendingRemovals.toLocaleString()} removals
            </Button>
          )}
          {lastRun.unclassified > 0 && (
            <Button variant="link" onClick={() => setDialog('unclassified')}>
              {lastRun.unclassified.toLocaleString()} unclassified
            </Button>
          )}
        </div>
      )}
      <SyncScheduleControl />
      {dialog === 'confirm' && lastRun && <ConfirmRemovalsDialog run={lastRun} onConfirm={() => sync(true)} onClose={() => setDialog(null)} />}
      {dialog === 'unclassified' && <UnclassifiedDialog onClose={() => setDialog(null)} />}
    </section>
  );
}
