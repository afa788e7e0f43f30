import { useQuery } from '@tanstack/react-query';
import type { DownloadItemView, DownloadPurpose } from '../../../shared/downloads';
import { useApiMutation } from '../data/mutations';
import { sessionQuery } from '../data/queries';
import { isMoving, TransferActions, TransferRows, type TransferCommand } from '../uploads/TransferRows';
import styles from '../uploads/Transfers.module.css';

const PURPOSE_LABEL: Record<DownloadPurpose, string> = { offline: 'Keep offline', export: 'Download', get: 'Download', drag: 'Drag out' };

/** The download journal (kept current by downloads:progress) and its totals, for the dock's summary. */
export function useDownloads(): { items: DownloadItemView[]; active: number; paused: number; bytesDone: number; bytesTotal: number } {
  const items = [...(useQuery(sessionQuery('downloads:list')).data ?? [])].sort((a, b) => b.id - a.id);
  const running = items.filter((i) => isMoving(i) || i.state === 'paused');
  return {
    items,
    active: items.filter(isMoving).length,
    paused: items.filter((i) => i.state === 'paused').length,
    bytesDone: running.reduce((n, i) => n + i.bytesDone, 0),
    bytesTotal: running.reduce((n, i) => n + i.size, 0),
  };
}

/** Downloads beside the uploads in the transfers dock: per-file progress, pause/resume/cancel/retry one or all. */
export function DownloadsList(): React.JSX.Element | null {
  const { items } = useDownloads();
  const commands = {
    pause: useApiMutation('downloads:pause'),
    resume: useApiMutation('downloads:resume'),
    cancel: useApiMutation('downloads:cancel'),
    retry: useApiMutation('downloads:retry'),
  };
  const clearFinished = useApiMutation('downloads:clearFinished');
  const run = (command: TransferCommand, id?: number) => commands[command].mutate({ id });
  const failure = [...Object.values(commands), clearFinished].find((m) => m.isError)?.error;
  if (items.length === 0) return null;

  return (
    <section aria-label="Downloads" data-testid="downloads" className={styles.downloads}>
      <header className={styles.head}>
        <span className={styles.sectionLabel} aria-hidden>
          Downloads
        </span>
        <h2>Downloads</h2>
        <TransferActions items={items} onCommand={run} onClearFinished={() => clearFinished.mutate(undefined)} />
      </header>
      {failure && (
        <p className={styles.error} role="alert">
          {failure.message}
        </p>
      )}
      <TransferRows items={items} onCommand={run} testId="download-row" detail={(item) => PURPOSE_LABEL[item.purpose]} />
    </section>
  );
}
