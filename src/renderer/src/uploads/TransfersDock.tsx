import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { sessionQuery } from '../data/queries';
import { useUploadActivity } from '../data/upload-activity';
import { useDownloads } from '../downloads/DownloadsList';
import styles from './Transfers.module.css';
import { TransfersPanel } from './TransfersPanel';

/**
 * The transfers panel docked at the bottom of the main area: a one-line
 * summary that expands into the full panel. It opens by itself when a batch
 * starts and when uploads were interrupted by the last quit, so progress and
 * the resume offer are never hidden; opened by an upload, it folds away once
 * all went up (failures keep it open). The panel stays mounted while
 * collapsed, keeping its notices.
 */
export function TransfersDock(): React.JSX.Element {
  const [open, setOpen] = useState(false);
  // Opened by an upload (not by the person): folds away again once everything went up.
  const [autoOpened, setAutoOpened] = useState(false);
  const activity = useUploadActivity();
  const interrupted = useQuery(sessionQuery('uploads:interrupted')).data ?? [];
  const bodyId = useId();
  const dock = useRef<HTMLDivElement>(null);
  useDockInset(dock);

  // Render-time reactions to the store (a new batch, a failure) and to the resume offer, each once.
  const finished = activity.finished;
  const [seen, setSeen] = useState({ started: activity.started, interrupted: false, finished: finished?.seq ?? 0 });
  const newBatch = activity.started > seen.started;
  const newOffer = !seen.interrupted && interrupted.length > 0;
  const newFinish = finished !== null && finished.seq !== seen.finished;
  if (newBatch || newOffer || newFinish) {
    setSeen({ started: activity.started, interrupted: seen.interrupted || newOffer, finished: finished?.seq ?? 0 });
    if ((newBatch && !open) || newOffer) {
      setOpen(true);
      setAutoOpened(newBatch && !open);
    }
    // Failures stay in view until dealt with.
    if (newFinish && finished.summary.failed > 0) setAutoOpened(false);
  }

  const downloads = useDownloads();
  // Downloads starting open the dock too (unless the person closed it meanwhile).
  const [downloadsSeen, setDownloadsSeen] = useState(false);
  if (downloads.active > 0 !== downloadsSeen) {
    setDownloadsSeen(downloads.active > 0);
    if (downloads.active > 0 && !open) {
      setOpen(true);
      setAutoOpened(true);
    }
  }

  const idle = activity.running.size === 0 && downloads.active === 0;
  useEffect(() => {
    if (!idle || !open || !autoOpened) return;
    // A moment to see "done", then the grid gets its room back; the bar keeps the summary.
    const timer = setTimeout(() => {
      setOpen(false);
      setAutoOpened(false);
    }, 2500);
    return () => clearTimeout(timer);
  }, [idle, open, autoOpened]);

  const batches = [...activity.running.values()];
  const bytesDone = batches.reduce((n, b) => n + b.bytesDone, 0);
  const bytesTotal = batches.reduce((n, b) => n + b.bytesTotal, 0);
  const files = batches.reduce((n, b) => n + b.total, 0);
  const filesDone = batches.reduce((n, b) => n + b.done + b.failed + b.cancelled, 0);
  const percent = bytesTotal > 0 ? Math.floor((bytesDone / bytesTotal) * 100) : 0;
  const last = finished?.summary;
  const downloading =
    downloads.active > 0
      ? `Downloading ${downloads.active} file${downloads.active === 1 ? '' : 's'} · ${downloads.bytesTotal > 0 ? Math.floor((downloads.bytesDone / downloads.bytesTotal) * 100) : 0}%`
      : downloads.paused > 0
        ? `${downloads.paused} download${downloads.paused === 1 ? '' : 's'} paused`
        : null;
  const uploading =
    batches.length > 0
      ? `Uploading ${filesDone} of ${files} file${files === 1 ? '' : 's'} · ${percent}%`
      : last
        ? last.failed > 0
          ? `${last.failed} failed, ${last.done} uploaded`
          : `${last.done} file${last.done === 1 ? '' : 's'} uploaded`
        : interrupted.length > 0
          ? `${interrupted.length} upload${interrupted.length === 1 ? ' was' : 's were'} interrupted · resume them here`
          : null;
  const summary = [uploading, downloading].filter(Boolean).join(' · ') || 'No transfers in progress';

  return (
    <div className={styles.dock} ref={dock} data-testid="transfers-dock">
      <button
        type="button"
        className={styles.bar}
        aria-expanded={open}
        aria-controls={bodyId}
        onClick={() => {
          setOpen(!open);
          setAutoOpened(false);
        }}
      >
        <span className={styles.barTitle}>Transfers</span>
        <span className={styles.summary} data-testid="transfers-summary">
          {summary}
        </span>
        {(batches.length > 0 || downloads.active > 0) && (
          <progress value={bytesDone + downloads.bytesDone} max={Math.max(1, bytesTotal + downloads.bytesTotal)} aria-hidden="true" />
        )}
        <span className={styles.toggle} aria-hidden="true">
          {open ? 'Hide ▾' : 'Show ▴'}
        </span>
      </button>
      <div id={bodyId} className={styles.body} hidden={!open}>
        <TransfersPanel />
      </div>
    </div>
  );
}

/**
 * The dock's height as `--dock-inset` on the document, for what floats over
 * the bottom of the window (the toasts sit above the dock, never over its
 * Show button), kept as the dock folds out or the window resizes.
 */
function useDockInset(dock: React.RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const el = dock.current;
    if (!el) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--dock-inset', `${el.getBoundingClientRect().height}px`));
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--dock-inset');
    };
  }, [dock]);
}
