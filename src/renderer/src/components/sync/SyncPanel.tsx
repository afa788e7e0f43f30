/**
 * Sync control for the sidebar: a Sync button that becomes Cancel while a
 * run lasts, live progress from `sync:progress`, the last run's summary,
 * the unclassified keys, and the confirmation asked for when a listing
 * would remove implausibly much.
 */
import { useCallback, useState } from 'react';
import type { ErrorInfo } from '../../../../shared/errors';
import type { SyncProgress, SyncRunSummary } from '../../../../shared/sync';
import { formatCount } from '../../format';
import { useCall, useEvent } from '../../ipc';
import { ConfirmRemovalsDialog } from './ConfirmRemovalsDialog';
import { SyncScheduleControl } from './SyncScheduleControl';
import { UnclassifiedDialog } from './UnclassifiedDialog';
import { describeRun, formatRate } from './sync-format';
import './sync.css';

export function SyncPanel(): React.JSX.Element {
  const status = useCall(() => window.api.sync.status(), []);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [dialog, setDialog] = useState<'confirm' | 'unclassified' | null>(null);

  const { reload } = status;
  const onProgress = useCallback(
    (p: SyncProgress) => {
      setProgress(p.phase === 'done' ? null : p);
      if (p.phase === 'done') reload();
    },
    [reload],
  );
  useEvent('sync:progress', onProgress);

  const running = starting || progress !== null || (status.state === 'ready' && status.data.running);
  const lastRun: SyncRunSummary | null = status.state === 'ready' ? status.data.lastRun : null;

  const start = async (confirmDeletes = false) => {
    setDialog(null);
    setError(null);
    setStarting(true);
    const res = await window.api.sync.start(confirmDeletes ? { confirmDeletes } : undefined);
    setStarting(false);
    setProgress(null);
    status.reload();
    if (!res.ok) {
      if (res.error.code !== 'CANCELLED') setError(res.error);
    } else if (res.data.status === 'needs_confirmation') {
      setDialog('confirm');
    }
  };

  const cancel = () => void window.api.sync.cancel();

  return (
    <section className="sync-panel" aria-label="Sync" data-testid="sync-panel">
      <div className="sync-row">
        {running ? (
          <button type="button" className="sync-button cancel" onClick={cancel}>
            Cancel sync
          </button>
        ) : (
          <button type="button" className="sync-button" onClick={() => void start()}>
            Sync now
          </button>
        )}
      </div>
      <div className="sync-status" role="status" aria-live="polite" data-testid="sync-status">
        {running ? (
          <>
            <span className="sync-spinner" aria-hidden />
            {progress
              ? `${formatCount(progress.objects, 'object')} · ${formatCount(progress.pages, 'page')} · ${formatRate(progress.rate)}`
              : 'Listing the bucket…'}
          </>
        ) : lastRun ? (
          <span className={`sync-last ${lastRun.status}`}>{describeRun(lastRun)}</span>
        ) : (
          <span className="muted">Not synced yet. Sync to build the library from the bucket.</span>
        )}
      </div>
      {error && (
        <p className="sync-error" role="alert">
          {error.message}
        </p>
      )}
      {!running && lastRun && (
        <div className="sync-links">
          {lastRun.status === 'needs_confirmation' && (
            <button type="button" className="link-button warn" onClick={() => setDialog('confirm')}>
              Review {lastRun.pendingRemovals.toLocaleString()} removals
            </button>
          )}
          {lastRun.unclassified > 0 && (
            <button type="button" className="link-button" onClick={() => setDialog('unclassified')}>
              {lastRun.unclassified.toLocaleString()} unclassified
            </button>
          )}
        </div>
      )}
      <SyncScheduleControl />
      {dialog === 'confirm' && lastRun && (
        <ConfirmRemovalsDialog run={lastRun} onConfirm={() => void start(true)} onClose={() => setDialog(null)} />
      )}
      {dialog === 'unclassified' && <UnclassifiedDialog onClose={() => setDialog(null)} />}
    </section>
  );
}
