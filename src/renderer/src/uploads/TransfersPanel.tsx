import { useQuery } from '@tanstack/react-query';
import clsx from 'clsx';
import { useState } from 'react';
import { DownloadsList, useDownloads } from '../downloads/DownloadsList';
import { useApiMutation } from '../data/mutations';
import { sessionQuery } from '../data/queries';
import { useUploadActivity } from '../data/upload-activity';
import { describeFinish } from '../data/desktop-notifications';
import { formatBytes } from '../format';
import { Button } from '../ui/Button';
import { TransferActions, TransferRows, type TransferCommand } from './TransferRows';
import styles from './Transfers.module.css';

function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min left`;
  return `${(seconds / 3600).toFixed(1)} h left`;
}


/**
 * Every upload: per-file progress, batch totals (bytes, rate, time left),
 * pause/resume/cancel/retry one or all, and an offer to resume what a crash
 * or quit interrupted. (System notifications: data/desktop-notifications.ts.)
 */
export function TransfersPanel(): React.JSX.Element {
  // The rows: the journal as main listed it, kept current by uploads:progress (event bridge).
  const list = useQuery(sessionQuery('uploads:list'));
  const interrupted = useQuery(sessionQuery('uploads:interrupted')).data ?? [];
  const activity = useUploadActivity();
  const [dismissed, setDismissed] = useState(0);
  const commands = {
    pause: useApiMutation('uploads:pause'),
    resume: useApiMutation('uploads:resume'),
    cancel: useApiMutation('uploads:cancel'),
    retry: useApiMutation('uploads:retry'),
  };
  const clearFinished = useApiMutation('uploads:clearFinished');
  const resumeInterrupted = useApiMutation('uploads:resumeInterrupted');
  const run = (command: TransferCommand, id?: number) => commands[command].mutate({ id });
  const failure = [...Object.values(commands), clearFinished, resumeInterrupted].find((m) => m.isError)?.error ?? list.error;

  const finished = activity.finished;
  const notice = finished && finished.seq !== dismissed ? finished : null;

  const items = [...(list.data ?? [])].sort((a, b) => b.id - a.id);
  const downloads = useDownloads().items.length;
  const running = [...activity.running.values()].filter((b) => b.items.some((i) => i.state === 'queued' || i.state === 'uploading'));
  const totals = running.reduce((t, b) => ({ done: t.done + b.bytesDone, total: t.total + b.bytesTotal, rate: t.rate + b.rateBps }), { done: 0, total: 0, rate: 0 });

  return (
    <section className={styles.panel} aria-label="Transfers">
      <header className={styles.head}>
        {items.length > 0 && (
          <span className={styles.sectionLabel} aria-hidden>
            Uploads
          </span>
        )}
        <h2>Transfers</h2>
        <TransferActions items={items} onCommand={run} onClearFinished={() => clearFinished.mutate(undefined)} />
      </header>

      {interrupted.length > 0 && (
        <div className={styles.banner} role="alert">
          <span>
            {interrupted.length} upload{interrupted.length === 1 ? ' was' : 's were'} interrupted when the app last closed. Parts already sent are kept.
          </span>
          <Button size="sm" variant="primary" onClick={() => resumeInterrupted.mutate(undefined)} disabled={resumeInterrupted.isPending}>
            Resume
          </Button>
        </div>
      )}
      {notice && (
        <div className={clsx(styles.notice, notice.summary.failed > 0 && styles.failed)} role="status">
          <span>{describeFinish(notice.summary)}</span>
          <Button size="sm" aria-label="Dismiss" onClick={() => setDismissed(notice.seq)}>
            ×
          </Button>
        </div>
      )}
      {failure && (
        <p className={styles.error} role="alert">
          {failure.message}
        </p>
      )}

      {totals.total > 0 && (
        <div className={styles.overall} aria-label="Overall progress">
          <progress value={totals.done} max={totals.total} />
          <span>
            {formatBytes(totals.done)} of {formatBytes(totals.total)} · {formatBytes(totals.rate)}/s · {formatDuration(totals.rate > 0 ? (totals.total - totals.done) / totals.rate : null)}
          </span>
        </div>
      )}

      {items.length === 0 ? (
        downloads === 0 && <p className={styles.empty}>No uploads yet. Drop photos or videos onto a post, or onto a model to start a new post.</p>
      ) : (
        <TransferRows items={items} onCommand={run} testId="transfer-row" />
      )}
      <DownloadsList />
    </section>
  );
}
