import type { SyncRunSummary } from '../../../../shared/sync';
import { formatCount } from '../../format';
import { Button } from '../../ui/Button';
import { ModalDialog } from '../../ui/ModalDialog';
import styles from './Sync.module.css';

interface Props {
  run: SyncRunSummary;
  onConfirm: () => void;
  onClose: () => void;
}

/** A modal <dialog>: focus stays inside, Escape closes; Keep is the default button. */
export function ConfirmRemovalsDialog({ run, onConfirm, onClose }: Props): React.JSX.Element {
  return (
    <ModalDialog className={styles.dialog} aria-labelledby="confirm-removals-title" onClose={onClose} data-testid="confirm-removals">
      <h2 id="confirm-removals-title">Remove {run.pendingRemovals.toLocaleString()} items from the library?</h2>
      <p>
        The last sync listed {formatCount(run.objects, 'object')} in the bucket; {formatCount(run.pendingRemovals, 'item')} in the library were not among
        them. That is more than a sync removes on its own, so nothing was removed.
      </p>
      <p className={styles.muted}>
        If files were deleted or moved in the bucket on purpose, remove them here too. If the bucket or the profile looks wrong, keep the library as it is
        and check Settings.
      </p>
      <div className={styles.actions}>
        <Button autoFocus onClick={onClose}>
          Keep everything
        </Button>
        <Button variant="danger" onClick={onConfirm}>
          Sync again and remove them
        </Button>
      </div>
    </ModalDialog>
  );
}
