import clsx from 'clsx';
import { useEffect, useRef, useState } from 'react';
import styles from './ModalDialog.module.css';

interface Props extends Omit<React.DialogHTMLAttributes<HTMLDialogElement>, 'onClose' | 'open'> {
  /** Escape, the form's method=dialog or a close(): the owner unmounts the dialog. */
  onClose: () => void;
}

/**
 * A modal <dialog>, shown on mount: the browser gives focus containment,
 * the top layer and Escape. The owner renders it while it should be open.
 */
export function ModalDialog({ onClose, className, children, ...rest }: Props): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const latest = useRef(onClose);
  // Whoever had the focus before the dialog showed (the button that opened it) gets it back when it goes.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => {
    latest.current = onClose;
  });
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const cancel = (e: Event) => {
      e.preventDefault();
      latest.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      // Not dialog.close(): its close event would reach onClose during StrictMode's re-run. Unmounting removes the
      // modal; the opener, inert until then, can take the focus back (a no-op while the dialog is still shown).
      opener?.focus({ preventScroll: true });
    };
  }, [opener]);
  return (
    <dialog ref={ref} className={clsx(styles.dialog, className)} onClose={() => latest.current()} {...rest}>
      {children}
    </dialog>
  );
}
