import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import clsx from 'clsx';
import styles from './Toast.module.css';

export interface ToastMessage {
  /** One line: what happened ("Copied 3 links"). */
  title: string;
  /** Secondary line: e.g. when the links expire. */
  detail?: string;
  tone?: 'ok' | 'error';
}

interface Shown extends ToastMessage {
  id: number;
}

const ToastContext = createContext<(toast: ToastMessage) => void>(() => undefined);

/** Shows a toast from anywhere below <ToastProvider>. */
export function useToast(): (toast: ToastMessage) => void {
  return useContext(ToastContext);
}

const VISIBLE_MS = 6_000;

/** Holds the toasts and renders them in one polite live region (screen readers hear each one). */
export function ToastProvider({ children }: { children: React.ReactNode }): React.JSX.Element {
  const [toasts, setToasts] = useState<Shown[]>([]);
  const next = useRef(1);
  const show = useCallback((toast: ToastMessage) => {
    const id = next.current++;
    setToasts((list) => [...list.slice(-2), { ...toast, id }]);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const value = useMemo(() => show, [show]);
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A manual popover lives in the top layer: re-showing it puts the toasts above an open modal dialog.
    const el = region.current;
    if (!el?.showPopover) return;
    if (el.matches(':popover-open')) el.hidePopover();
    if (toasts.length > 0) el.showPopover();
  }, [toasts]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div ref={region} popover="manual" className={styles.toasts} role="status" aria-live="polite" data-testid="toasts">
        {toasts.map((t) => (
          <Toast key={t.id} toast={t} onDismiss={() => dismiss(t.id)} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function Toast({ toast, onDismiss }: { toast: ToastMessage; onDismiss: () => void }): React.JSX.Element {
  const [hovered, setHovered] = useState(false);
  useEffect(() => {
    if (hovered) return;
    const timer = setTimeout(onDismiss, toast.tone === 'error' ? VISIBLE_MS * 2 : VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [hovered, onDismiss, toast.tone]);
  return (
    <div className={clsx(styles.toast, toast.tone === 'error' && styles.error)} onMouseEnter={() => setHovered(true)} onMouseLeave={() => setHovered(false)}>
      <span className={styles.icon} aria-hidden>
        {toast.tone === 'error' ? '!' : '✓'}
      </span>
      <div className={styles.text}>
        <strong>{toast.title}</strong>
        {toast.detail && <span className={styles.detail}>{toast.detail}</span>}
      </div>
      <button type="button" className={styles.close} aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
