import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import clsx from 'clsx';
import styles from './Toast.module.css';

export interface ToastMessage {
  /** One line: what happened ("Copied 3 links"). */
  title: string;
  /** Secondary line: e.g. when the links expire. */
  detail?: string;
  tone?: 'ok' | 'error';
  /** A button in the toast (Undo, Details…); running it dismisses the toast. */
  action?: { label: string; run: () => void };
  /** How long it stays (default 6 s, errors 12 s). */
  durationMs?: number;
}

interface Shown extends ToastMessage {
  id: number;
}

const ToastContext = createContext<(toast: ToastMessage) => void>(() => undefined);
const RaiseContext = createContext<() => void>(() => undefined);

/** For toasts rendered by others inside the region (ToastProvider's `extra`): puts the region above an open modal dialog again. */
export function useRaiseToasts(): () => void {
  return useContext(RaiseContext);
}

/** Shows a toast from anywhere below <ToastProvider>. */
export function useToast(): (toast: ToastMessage) => void {
  return useContext(ToastContext);
}

const VISIBLE_MS = 6_000;

/**
 * Holds the toasts and renders them in one polite live region (screen
 * readers hear each one). `extra` renders in the same region, before them:
 * toasts whose state lives elsewhere (held deletes, batch progress).
 */
export function ToastProvider({ children, extra }: { children: React.ReactNode; extra?: React.ReactNode }): React.JSX.Element {
  const [toasts, setToasts] = useState<Shown[]>([]);
  const next = useRef(1);
  const show = useCallback((toast: ToastMessage) => {
    const id = next.current++;
    setToasts((list) => [...list.slice(-2), { ...toast, id }]);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const value = useMemo(() => show, [show]);
  const region = useRef<HTMLDivElement>(null);
  // A manual popover lives in the top layer: re-showing it puts the toasts above an open modal dialog.
  const raise = useCallback(() => {
    const el = region.current;
    if (!el?.showPopover) return;
    if (el.matches(':popover-open')) el.hidePopover();
    if (el.childElementCount > 0) el.showPopover();
  }, []);
  useEffect(raise, [toasts, raise]);
  return (
    <ToastContext.Provider value={value}>
      <RaiseContext.Provider value={raise}>
        {children}
        <div ref={region} popover="manual" className={styles.toasts} role="status" aria-live="polite" data-testid="toasts">
          {extra}
          {toasts.map((t) => (
            <Toast key={t.id} toast={t} onDismiss={() => dismiss(t.id)} />
          ))}
        </div>
      </RaiseContext.Provider>
    </ToastContext.Provider>
  );
}

export function Toast({ toast, onDismiss }: { toast: ToastMessage; onDismiss: () => void }): React.JSX.Element {
  const [hovered, setHovered] = useState(false);
  const duration = toast.durationMs ?? (toast.tone === 'error' ? VISIBLE_MS * 2 : VISIBLE_MS);
  useEffect(() => {
    if (hovered) return;
    const timer = setTimeout(onDismiss, duration);
    return () => clearTimeout(timer);
  }, [hovered, onDismiss, duration]);
  return (
    <ToastCard
      tone={toast.tone}
      title={toast.title}
      detail={toast.detail}
      onDismiss={onDismiss}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      actions={
        toast.action && (
          <button
            type="button"
            className={styles.action}
            onClick={() => {
              onDismiss();
              toast.action!.run();
            }}
          >
            {toast.action.label}
          </button>
        )
      }
    />
  );
}

interface CardProps extends Omit<React.HTMLAttributes<HTMLDivElement>, 'title'> {
  tone?: 'ok' | 'error' | 'busy';
  title: React.ReactNode;
  detail?: React.ReactNode;
  /** Buttons beside the text (Undo). */
  actions?: React.ReactNode;
  /** Under the text (a progress bar). */
  footer?: React.ReactNode;
  onDismiss?: () => void;
}

/** How a toast looks: a mark, a title and a detail line, optional buttons, Dismiss. Also for toasts that live elsewhere (held deletes, batch progress). */
export function ToastCard({ tone, title, detail, actions, footer, onDismiss, className, ...rest }: CardProps): React.JSX.Element {
  return (
    <div className={clsx(styles.toast, tone === 'error' && styles.error, tone === 'busy' && styles.busy, className)} {...rest}>
      <span className={styles.icon} aria-hidden>
        {tone === 'error' ? '!' : tone === 'busy' ? '…' : '✓'}
      </span>
      <div className={styles.text}>
        <strong>{title}</strong>
        {detail && <span className={styles.detail}>{detail}</span>}
        {footer}
      </div>
      {actions}
      {onDismiss && (
        <button type="button" className={styles.close} aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}

/** The class of a toast's own button (Undo), for toasts built elsewhere. */
export const toastActionClass = styles.action;
