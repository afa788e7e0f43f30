import type { UploadItemView } from '../../../shared/domain';
import type { DownloadItemView } from '../../../shared/downloads';
import { formatBytes } from '../format';
import { Button } from '../ui/Button';
import styles from './Transfers.module.css';

/** What an upload row and a download row have in common. */
export type TransferItem = Pick<UploadItemView | DownloadItemView, 'id' | 'key' | 'size' | 'bytesDone' | 'errorMessage'> & {
  state: UploadItemView['state'] | DownloadItemView['state'];
};
export type TransferCommand = 'pause' | 'resume' | 'retry' | 'cancel';

const STATE_LABEL: Record<TransferItem['state'], string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  downloading: 'Downloading',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const isMoving = (i: TransferItem) => i.state === 'queued' || i.state === 'uploading' || i.state === 'downloading';
export const nameOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);

/** Pause all, Resume all, Retry failed, Cancel all, Clear finished: each shown when it applies. */
export function TransferActions({ items, onCommand, onClearFinished }: { items: TransferItem[]; onCommand: (command: TransferCommand) => void; onClearFinished: () => void }): React.JSX.Element {
  const moving = items.filter(isMoving).length;
  const paused = items.filter((i) => i.state === 'paused').length;
  const failed = items.filter((i) => i.state === 'failed').length;
  const finished = items.filter((i) => i.state === 'done' || i.state === 'cancelled').length;
  return (
    <div className={styles.actions}>
      {moving > 0 && <Button size="sm" onClick={() => onCommand('pause')}>Pause all</Button>}
      {paused > 0 && <Button size="sm" onClick={() => onCommand('resume')}>Resume all</Button>}
      {failed > 0 && <Button size="sm" onClick={() => onCommand('retry')}>Retry failed ({failed})</Button>}
      {moving + paused > 0 && (
        <Button size="sm" variant="dangerOutline" onClick={() => onCommand('cancel')}>
          Cancel all
        </Button>
      )}
      {finished > 0 && (
        <Button size="sm" onClick={onClearFinished}>
          Clear finished
        </Button>
      )}
    </div>
  );
}

/** One row per file: name, key (with `detail` before it), progress, state, and its own pause/resume/retry/cancel. */
export function TransferRows<T extends TransferItem>({
  items,
  onCommand,
  testId,
  detail,
}: {
  items: T[];
  onCommand: (command: TransferCommand, id: number) => void;
  testId: string;
  detail?: (item: T) => string;
}): React.JSX.Element {
  return (
    <ul className={styles.list}>
      {items.map((item) => {
        const name = nameOf(item.key);
        return (
          <li key={item.id} className={styles.row} data-state={item.state} data-testid={testId}>
            <div className={styles.main}>
              <span className={styles.name} title={item.key}>
                {name}
              </span>
              <span className={styles.key}>{detail ? `${detail(item)} · ${item.key}` : item.key}</span>
              <progress value={item.bytesDone} max={Math.max(1, item.size)} aria-label={`${name} progress`} />
              <span className={styles.state}>
                {STATE_LABEL[item.state]} · {formatBytes(item.bytesDone)} / {formatBytes(item.size)}
                {item.errorMessage && item.state === 'failed' ? ` — ${item.errorMessage}` : ''}
              </span>
            </div>
            <div className={styles.buttons}>
              {isMoving(item) && (
                <Button size="sm" onClick={() => onCommand('pause', item.id)} aria-label={`Pause ${name}`}>
                  Pause
                </Button>
              )}
              {item.state === 'paused' && (
                <Button size="sm" onClick={() => onCommand('resume', item.id)} aria-label={`Resume ${name}`}>
                  Resume
                </Button>
              )}
              {item.state === 'failed' && (
                <Button size="sm" onClick={() => onCommand('retry', item.id)} aria-label={`Retry ${name}`}>
                  Retry
                </Button>
              )}
              {(isMoving(item) || item.state === 'paused' || item.state === 'failed') && (
                <Button size="sm" variant="dangerOutline" onClick={() => onCommand('cancel', item.id)} aria-label={`Cancel ${name}`}>
                  Cancel
                </Button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
