import { useCallback, useEffect, useState } from 'react';
import type { UploadBatchFinished, UploadBatchProgress, UploadItemView } from '../../../shared/domain';
import { formatBytes } from '../format';
import { useEvent } from '../ipc';
import './uploads.css';

const STATE_LABEL: Record<UploadItemView['state'], string> = {
  queued: 'Waiting',
  uploading: 'Uploading',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min left`;
  return `${(seconds / 3600).toFixed(1)} h left`;
}

function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/**
 * Every upload: per-file progress, batch totals (bytes, rate, time left),
 * pause/resume/cancel/retry one or all, and an offer to resume what a crash
 * or quit interrupted. Notifies when a batch finishes or fails.
 */
export function TransfersPanel(): React.JSX.Element {
  const [items, setItems] = useState<Map<number, UploadItemView>>(new Map());
  const [batches, setBatches] = useState<Map<string, UploadBatchProgress>>(new Map());
  const [interrupted, setInterrupted] = useState<UploadItemView[]>([]);
  const [notice, setNotice] = useState<{ text: string; failed: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const [loads, setLoads] = useState(0);
  const load = useCallback(() => setLoads((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    void Promise.all([window.api.uploads.list(), window.api.uploads.interrupted()]).then(([list, left]) => {
      if (!live) return;
      if (list.ok) setItems(new Map(list.data.map((i) => [i.id, i])));
      else setError(list.error.message);
      if (left.ok) setInterrupted(left.data);
    });
    return () => {
      live = false;
    };
  }, [loads]);

  useEvent(
    'uploads:progress',
    useCallback((p: UploadBatchProgress) => {
      setBatches((prev) => new Map(prev).set(p.batchId, p));
      setItems((prev) => {
        const next = new Map(prev);
        for (const item of p.items) next.set(item.id, item);
        return next;
      });
    }, []),
  );
  useEvent(
    'uploads:finished',
    useCallback((f: UploadBatchFinished) => {
      const failed = f.failed > 0;
      const text = failed
        ? `${f.failed} upload${f.failed === 1 ? '' : 's'} failed${f.done ? `, ${f.done} done` : ''}: ${f.firstError ?? ''}`
        : `${f.done} file${f.done === 1 ? '' : 's'} uploaded (${formatBytes(f.bytes)})${f.cancelled ? `, ${f.cancelled} cancelled` : ''}`;
      setNotice({ text, failed });
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.hidden) {
        new Notification(failed ? 'Upload failed' : 'Upload finished', { body: text });
      }
    }, []),
  );

  const act = useCallback(async (run: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    const res = await run();
    if (!res.ok) setError(res.error?.message ?? 'That did not work.');
    else setError(null);
  }, []);

  const list = [...items.values()].sort((a, b) => b.id - a.id);
  const active = list.filter((i) => i.state === 'queued' || i.state === 'uploading');
  const failed = list.filter((i) => i.state === 'failed');
  const paused = list.filter((i) => i.state === 'paused');
  const finished = list.filter((i) => i.state === 'done' || i.state === 'cancelled');
  const running = [...batches.values()].filter((b) => b.items.some((i) => i.state === 'queued' || i.state === 'uploading'));
  const totals = running.reduce(
    (t, b) => ({ done: t.done + b.bytesDone, total: t.total + b.bytesTotal, rate: t.rate + b.rateBps }),
    { done: 0, total: 0, rate: 0 },
  );

  return (
    <section className="transfers" aria-label="Transfers">
      <header className="transfers-head">
        <h2>Transfers</h2>
        <div className="transfers-actions">
          {active.length > 0 && (
            <button type="button" onClick={() => void act(() => window.api.uploads.pause({}))}>
              Pause all
            </button>
          )}
          {paused.length > 0 && (
            <button type="button" onClick={() => void act(() => window.api.uploads.resume({}))}>
              Resume all
            </button>
          )}
          {failed.length > 0 && (
            <button type="button" onClick={() => void act(() => window.api.uploads.retry({}))}>
              Retry failed ({failed.length})
            </button>
          )}
          {active.length + paused.length > 0 && (
            <button type="button" className="danger" onClick={() => void act(() => window.api.uploads.cancel({}))}>
              Cancel all
            </button>
          )}
          {finished.length > 0 && (
            <button type="button" onClick={() => void act(async () => (await window.api.uploads.clearFinished()).ok ? (load(), { ok: true }) : { ok: false })}>
              Clear finished
            </button>
          )}
        </div>
      </header>

      {interrupted.length > 0 && (
        <div className="transfers-banner" role="alert">
          <span>
            {interrupted.length} upload{interrupted.length === 1 ? ' was' : 's were'} interrupted when the app last closed. Parts already sent are kept.
          </span>
          <button
            type="button"
            className="primary"
            onClick={() =>
              void act(async () => {
                const res = await window.api.uploads.resumeInterrupted();
                setInterrupted([]);
                return res;
              })
            }
          >
            Resume
          </button>
        </div>
      )}
      {notice && (
        <div className={`transfers-notice ${notice.failed ? 'failed' : ''}`} role="status">
          <span>{notice.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      )}
      {error && (
        <p className="transfers-error" role="alert">
          {error}
        </p>
      )}

      {totals.total > 0 && (
        <div className="transfers-overall" aria-label="Overall progress">
          <progress value={totals.done} max={totals.total} />
          <span className="small">
            {formatBytes(totals.done)} of {formatBytes(totals.total)} · {formatBytes(totals.rate)}/s ·{' '}
            {formatDuration(totals.rate > 0 ? (totals.total - totals.done) / totals.rate : null)}
          </span>
        </div>
      )}

      {list.length === 0 ? (
        <p className="muted transfers-empty">No uploads yet. Drop photos or videos onto a post, or onto a model to start a new post.</p>
      ) : (
        <ul className="transfers-list">
          {list.map((item) => (
            <li key={item.id} className={`transfer state-${item.state}`} data-testid="transfer-row">
              <div className="transfer-main">
                <span className="transfer-name" title={item.key}>
                  {nameOf(item.key)}
                </span>
                <span className="small muted transfer-key">{item.key}</span>
                <progress value={item.bytesDone} max={Math.max(1, item.size)} aria-label={`${nameOf(item.key)} progress`} />
                <span className="small muted">
                  {STATE_LABEL[item.state]} · {formatBytes(item.bytesDone)} / {formatBytes(item.size)}
                  {item.errorMessage && item.state === 'failed' ? ` — ${item.errorMessage}` : ''}
                </span>
              </div>
              <div className="transfer-buttons">
                {(item.state === 'queued' || item.state === 'uploading') && (
                  <button type="button" onClick={() => void act(() => window.api.uploads.pause({ id: item.id }))} aria-label={`Pause ${nameOf(item.key)}`}>
                    Pause
                  </button>
                )}
                {item.state === 'paused' && (
                  <button type="button" onClick={() => void act(() => window.api.uploads.resume({ id: item.id }))} aria-label={`Resume ${nameOf(item.key)}`}>
                    Resume
                  </button>
                )}
                {item.state === 'failed' && (
                  <button type="button" onClick={() => void act(() => window.api.uploads.retry({ id: item.id }))} aria-label={`Retry ${nameOf(item.key)}`}>
                    Retry
                  </button>
                )}
                {(item.state === 'queued' || item.state === 'uploading' || item.state === 'paused' || item.state === 'failed') && (
                  <button type="button" className="danger" onClick={() => void act(() => window.api.uploads.cancel({ id: item.id }))} aria-label={`Cancel ${nameOf(item.key)}`}>
                    Cancel
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
