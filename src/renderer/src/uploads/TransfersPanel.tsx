import { useQuery } from '@tanstack/react-query';
import clsx from 'clsx';
import { useEffect, useState } from 'react';
import type { Channel } from '../../../shared/contract';
import type { UploadBatchFinished, UploadItemView } from '../../../shared/domain';
import { useApiMutation } from '../data/mutations';
import { sessionQuery } from '../data/queries';
import { useUploadActivity } from '../data/upload-activity';
import { formatBytes } from '../format';
import { Button } from '../ui/Button';
import styles from './Transfers.module.css';

const STATE_LABEL: Record<UploadItemView['state'], string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min left`;
  return `${(seconds / 3600).toFixed(1)} h left`;
}

function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** What a finished batch did, in a line. */
function describeFinish(f: UploadBatchFinished): string {
  return f.failed > 0
    ? `${f.failed} upload${f.failed === 1 ? '' : 's'} failed${f.done ? `, ${f.done} done` : ''}: ${f.firstError ?? ''}`
    : `${f.done} file${f.done === 1 ? '' : 's'} uploaded (${formatBytes(f.bytes)})${f.cancelled ? `, ${f.cancelled} cancelled` : ''}`;
}

type UploadCommand = Extract<Channel, 'uploads:pause' | 'uploads:resume' | 'uploads:cancel' | 'uploads:retry'>;

/**
 * Every upload: per-file progress, batch totals (bytes, rate, time left),
 * pause/resume/cancel/retry one or all, and an offer to resume what a crash
 * or quit interrupted. Notifies when a batch finishes or fails.
 */
export function TransfersPanel(): React.JSX.Element {
  // The rows: the journal as main listed it, kept current by uploads:progress (event bridge).
  const list = useQuery(sessionQuery('uploads:list'));
  const interrupted = useQuery(sessionQuery('uploads:interrupted')).data ?? [];
  const activity = useUploadActivity();
  const [dismissed, setDismissed] = useState(0);
  const pause = useApiMutation('uploads:pause');
  const resume = useApiMutation('uploads:resume');
  const cancel = useApiMutation('uploads:cancel');
  const retry = useApiMutation('uploads:retry');
  const clearFinished = useApiMutation('uploads:clearFinished');
  const resumeInterrupted = useApiMutation('uploads:resumeInterrupted');
  const commands: Record<UploadCommand, typeof pause> = { 'uploads:pause': pause, 'uploads:resume': resume, 'uploads:cancel': cancel, 'uploads:retry': retry };
  const run = (command: UploadCommand, id?: number) => commands[command].mutate({ id });
  const failure = [pause, resume, cancel, retry, clearFinished, resumeInterrupted].find((m) => m.isError)?.error ?? list.error;

  const finished = activity.finished;
  const notice = finished && finished.seq !== dismissed ? finished : null;
  // A system notification when the window is in the background (the permission is the desktop's to give).
  useEffect(() => {
    if (!finished || typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) return;
    new Notification(finished.summary.failed > 0 ? 'Upload failed' : 'Upload finished', { body: describeFinish(finished.summary) });
  }, [finished]);

  const items = [...(list.data ?? [])].sort((a, b) => b.id - a.id);
  const active = items.filter((i) => i.state === 'queued' || i.state === 'uploading');
  const failed = items.filter((i) => i.state === 'failed');
  const paused = items.filter((i) => i.state === 'paused');
  const done = items.filter((i) => i.state === 'done' || i.state === 'cancelled');
  const running = [...activity.running.values()].filter((b) => b.items.some((i) => i.state === 'queued' || i.state === 'uploading'));
  const totals = running.reduce((t, b) => ({ done: t.done + b.bytesDone, total: t.total + b.bytesTotal, rate: t.rate + b.rateBps }), { done: 0, total: 0, rate: 0 });

  return (
    <section className={styles.panel} aria-label="Transfers">
      <header className={styles.head}>
        <h2>Transfers</h2>
        <div className={styles.actions}>
          {active.length > 0 && <Button size="sm" onClick={() => run('uploads:pause')}>Pause all</Button>}
          {paused.length > 0 && <Button size="sm" onClick={() => run('uploads:resume')}>Resume all</Button>}
          {failed.length > 0 && <Button size="sm" onClick={() => run('uploads:retry')}>Retry failed ({failed.length})</Button>}
          {active.length + paused.length > 0 && (
            <Button size="sm" variant="dangerOutline" onClick={() => run('uploads:cancel')}>
              Cancel all
            </Button>
          )}
          {done.length > 0 && (
            <Button size="sm" onClick={() => clearFinished.mutate(undefined)}>
              Clear finished
            </Button>
          )}
        </div>
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
        <p className={styles.empty}>No uploads yet. Drop photos or videos onto a post, or onto a model to start a new post.</p>
      ) : (
        <ul className={styles.list}>
          {items.map((item) => (
            <li key={item.id} className={styles.row} data-state={item.state} data-testid="transfer-row">
              <div className={styles.main}>
                <span className={styles.name} title={item.key}>
                  {nameOf(item.key)}
                </span>
                <span className={styles.key}>{item.key}</span>
                <progress value={item.bytesDone} max={Math.max(1, item.size)} aria-label={`${nameOf(item.key)} progress`} />
                <span className={styles.state}>
                  {STATE_LABEL[item.state]} · {formatBytes(item.bytesDone)} / {formatBytes(item.size)}
                  {item.errorMessage && item.state === 'failed' ? ` — ${item.errorMessage}` : ''}
                </span>
              </div>
              <div className={styles.buttons}>
                {(item.state === 'queued' || item.state === 'uploading') && (
                  <Button size="sm" onClick={() => run('uploads:pause', item.id)} aria-label={`Pause ${nameOf(item.key)}`}>
                    Pause
                  </Button>
                )}
                {item.state === 'paused' && (
                  <Button size="sm" onClick={() => run('uploads:resume', item.id)} aria-label={`Resume ${nameOf(item.key)}`}>
                    Resume
                  </Button>
                )}
                {item.state === 'failed' && (
                  <Button size="sm" onClick={() => run('uploads:retry', item.id)} aria-label={`Retry ${nameOf(item.key)}`}>
                    Retry
                  </Button>
                )}
                {(item.state === 'queued' || item.state === 'uploading' || item.state === 'paused' || item.state === 'failed') && (
                  <Button size="sm" variant="dangerOutline" onClick={() => run('uploads:cancel', item.id)} aria-label={`Cancel ${nameOf(item.key)}`}>
                    Cancel
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
