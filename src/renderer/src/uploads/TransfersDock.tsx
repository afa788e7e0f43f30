import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { UploadBatchFinished, UploadBatchProgress } from '../../../shared/domain';
import { useEvent } from '../ipc';
import { TransfersPanel } from './TransfersPanel';
import './uploads.css';

/**
 * The transfers panel docked at the bottom of the main area: a one-line
 * summary that expands into the full panel. It opens by itself when a batch
 * starts and when uploads were interrupted by the last quit, so progress and
 * the resume offer are never hidden; opened by an upload, it folds away once
 * all went up (failures keep it open). The panel stays mounted while
 * collapsed, keeping its notices and totals.
 */
export function TransfersDock(): React.JSX.Element {
  const [open, setOpenState] = useState(false);
  // Opened by an upload (not by the person): folds away again once everything went up.
  const autoOpened = useRef(false);
  const setOpen = useCallback((next: boolean, auto = false) => {
    autoOpened.current = next && auto;
    setOpenState(next);
  }, []);
  const [running, setRunning] = useState<Map<string, UploadBatchProgress>>(new Map());
  const [last, setLast] = useState<string | null>(null);
  const seen = useRef(new Set<string>());
  const bodyId = useId();

  useEffect(() => {
    let live = true;
    void window.api.uploads.interrupted().then((res) => live && res.ok && res.data.length > 0 && setOpen(true));
    return () => {
      live = false;
    };
  }, [setOpen]);
  useEvent(
    'uploads:progress',
    useCallback((p: UploadBatchProgress) => {
      if (!seen.current.has(p.batchId)) {
        seen.current.add(p.batchId);
        if (!open) setOpen(true, true);
      }
      setRunning((prev) => new Map(prev).set(p.batchId, p));
    }, [open, setOpen]),
  );
  useEvent(
    'uploads:finished',
    useCallback((f: UploadBatchFinished) => {
      setRunning((prev) => {
        const next = new Map(prev);
        next.delete(f.batchId);
        return next;
      });
      setLast(f.failed > 0 ? `${f.failed} failed, ${f.done} uploaded` : `${f.done} file${f.done === 1 ? '' : 's'} uploaded`);
      if (f.failed > 0) autoOpened.current = false; // failures stay in view until dealt with
    }, []),
  );
  const idle = running.size === 0;
  useEffect(() => {
    if (!idle || !open || !autoOpened.current) return;
    // A moment to see "done", then the grid gets its room back; the bar keeps the summary.
    const timer = setTimeout(() => setOpen(false), 2500);
    return () => clearTimeout(timer);
  }, [idle, open, setOpen]);

  const batches = [...running.values()];
  const bytesDone = batches.reduce((n, b) => n + b.bytesDone, 0);
  const bytesTotal = batches.reduce((n, b) => n + b.bytesTotal, 0);
  const files = batches.reduce((n, b) => n + b.total, 0);
  const filesDone = batches.reduce((n, b) => n + b.done + b.failed + b.cancelled, 0);
  const percent = bytesTotal > 0 ? Math.floor((bytesDone / bytesTotal) * 100) : 0;
  const summary = batches.length > 0 ? `Uploading ${filesDone} of ${files} file${files === 1 ? '' : 's'} · ${percent}%` : (last ?? 'No uploads in progress');

  return (
    <div className={`transfers-dock ${open ? 'open' : ''}`}>
      <button type="button" className="transfers-dock-bar" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
        <span className="transfers-dock-title">Transfers</span>
        <span className="small muted transfers-dock-summary" data-testid="transfers-summary">
          {summary}
        </span>
        {batches.length > 0 && <progress value={bytesDone} max={Math.max(1, bytesTotal)} aria-hidden="true" />}
        <span className="small muted transfers-dock-toggle" aria-hidden="true">
          {open ? 'Hide ▾' : 'Show ▴'}
        </span>
      </button>
      <div id={bodyId} className="transfers-dock-body" hidden={!open}>
        <TransfersPanel />
      </div>
    </div>
  );
}
