import { useQuery } from '@tanstack/react-query';
import type { Channel } from '../../../shared/contract';
import type { DownloadItemView, DownloadPurpose } from '../../../shared/downloads';
import { useApiMutation } from '../data/mutations';
import { sessionQuery } from '../data/queries';
import { formatBytes } from '../format';
import { Button } from '../ui/Button';
import styles from '../uploads/Transfers.module.css';

const STATE_LABEL: Record<DownloadItemView['state'], string> = {
  queued: 'Waiting',
  downloading: 'Downloading',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
const PURPOSE_LABEL: Record<DownloadPurpose, string> = { offline: 'Keep offline', export: 'Download', get: 'Download', drag: 'Drag out' };

type DownloadCommand = Extract<Channel, 'downloads:pause' | 'downloads:resume' | 'downloads:cancel' | 'downloads:retry'>;

const nameOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);
const isActive = (i: DownloadItemView) => i.state === 'queued' || i.state === 'downloading';

/** The download journal (kept current by downloads:progress) and its totals, for the dock's summary. */
export function useDownloads(): { items: DownloadItemView[]; active: number; paused: number; bytesDone: number; bytesTotal: number } {
  const items = [...(useQuery(sessionQuery('downloads:list')).data ?? [])].sort((a, b) => b.id - a.id);
  const running = items.filter((i) => isActive(i) || i.state === 'paused');
  return {
    items,
    active: items.filter(isActive).length,
    paused: items.filter((i) => i.state === 'paused').length,
    bytesDone: running.reduce((n, i) => n + i.bytesDone, 0),
    bytesTotal: running.reduce((n, i) => n + i.size, 0),
  };
}

/** Downloads beside the uploads in the transfers dock: per-file progress, pause/resume/cancel/retry one or all. */
export function DownloadsList(): React.JSX.Element | null {
  const { items } = useDownloads();
  const pause = useApiMutation('downloads:pause');
  const resume = useApiMutation('downloads:resume');
  const cancel = useApiMutation('downloads:cancel');
  const retry = useApiMutation('downloads:retry');
  const clearFinished = useApiMutation('downloads:clearFinished');
  const commands: Record<DownloadCommand, typeof pause> = { 'downloads:pause': pause, 'downloads:resume': resume, 'downloads:cancel': cancel, 'downloads:retry': retry };
  const run = (command: DownloadCommand, id?: number) => commands[command].mutate({ id });
  const failure = [pause, resume, cancel, retry, clearFinished].find((m) => m.isError)?.error;
  if (items.length === 0) return null;
  const active = items.filter(isActive);
  const paused = items.filter((i) => i.state === 'paused');
  const failed = items.filter((i) => i.state === 'failed');
  const finished = items.filter((i) => i.state === 'done' || i.state === 'cancelled');

  return (
    <section aria-label="Downloads" data-testid="downloads" className={styles.downloads}>
      <header className={styles.head}>
        <span className={styles.sectionLabel} aria-hidden>
          Downloads
        </span>
        <h2>Downloads</h2>
        <div className={styles.actions}>
          {active.length > 0 && <Button size="sm" onClick={() => run('downloads:pause')}>Pause all</Button>}
          {paused.length > 0 && <Button size="sm" onClick={() => run('downloads:resume')}>Resume all</Button>}
          {failed.length > 0 && <Button size="sm" onClick={() => run('downloads:retry')}>Retry failed ({failed.length})</Button>}
          {active.length + paused.length > 0 && (
            <Button size="sm" variant="dangerOutline" onClick={() => run('downloads:cancel')}>
              Cancel all
            </Button>
          )}
          {finished.length > 0 && (
            <Button size="sm" onClick={() => clearFinished.mutate(undefined)}>
              Clear finished
            </Button>
          )}
        </div>
      </header>
      {failure && (
        <p className={styles.error} role="alert">
          {failure.message}
        </p>
      )}
      <ul className={styles.list}>
        {items.map((item) => (
          <li key={item.id} className={styles.row} data-state={item.state} data-testid="download-row">
            <div className={styles.main}>
              <span className={styles.name} title={item.key}>
                {nameOf(item.key)}
              </span>
              <span className={styles.key}>
                {PURPOSE_LABEL[item.purpose]} · {item.key}
              </span>
              <progress value={item.bytesDone} max={Math.max(1, item.size)} aria-label={`${nameOf(item.key)} progress`} />
              <span className={styles.state}>
                {STATE_LABEL[item.state]} · {formatBytes(item.bytesDone)} / {formatBytes(item.size)}
                {item.errorMessage && item.state === 'failed' ? ` — ${item.errorMessage}` : ''}
              </span>
            </div>
            <div className={styles.buttons}>
              {isActive(item) && (
                <Button size="sm" onClick={() => run('downloads:pause', item.id)} aria-label={`Pause ${nameOf(item.key)}`}>
                  Pause
                </Button>
              )}
              {item.state === 'paused' && (
                <Button size="sm" onClick={() => run('downloads:resume', item.id)} aria-label={`Resume ${nameOf(item.key)}`}>
                  Resume
                </Button>
              )}
              {item.state === 'failed' && (
                <Button size="sm" onClick={() => run('downloads:retry', item.id)} aria-label={`Retry ${nameOf(item.key)}`}>
                  Retry
                </Button>
              )}
              {(isActive(item) || item.state === 'paused' || item.state === 'failed') && (
                <Button size="sm" variant="dangerOutline" onClick={() => run('downloads:cancel', item.id)} aria-label={`Cancel ${nameOf(item.key)}`}>
                  Cancel
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
