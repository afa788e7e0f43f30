import { Button } from './Button';
import styles from './ConfirmDialog.module.css';
import { ModalDialog } from './ModalDialog';

interface Props {
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** A destructive confirm is red; Cancel keeps the focus either way. */
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
}

/** A yes/no question as a modal <dialog> (backdrop, focus kept inside, Escape cancels); Cancel is the default. */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel = 'Cancel', danger, onConfirm, onClose, testId }: Props): React.JSX.Element {
  return (
    <ModalDialog className={styles.dialog} aria-labelledby="confirm-title" onClose={onClose} data-testid={testId}>
      <h2 id="confirm-title">{title}</h2>
      <div className={styles.body}>{children}</div>
      <div className={styles.actions}>
        <Button autoFocus onClick={onClose}>
          {cancelLabel}
        </Button>
        <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </ModalDialog>
  );
}
