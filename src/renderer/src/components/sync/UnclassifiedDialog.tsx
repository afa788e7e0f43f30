import { useEffect, useRef } from 'react';
import { formatBytes } from '../../format';
import { useCall } from '../../ipc';

/** The keys the last sync could not place in the layout: counted and shown, never dropped. */
export function UnclassifiedDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const items = useCall(() => window.api.sync.unclassified({ limit: 1000 }), []);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="sync-dialog wide" aria-labelledby="unclassified-title" onClose={onClose} data-testid="unclassified">
      <h2 id="unclassified-title">Unclassified keys</h2>
      <p className="muted">
        These objects do not fit the layout MODEL/POST/FILE (or a model’s thumbnail and profile/ folder). They stay in the bucket and are
        counted; move them into a model’s post to see them in the library.
      </p>
      {items.state === 'loading' && <p className="muted">Loading…</p>}
      {items.state === 'error' && <p className="sync-error">{items.error.message}</p>}
      {items.state === 'ready' && (
        <ul className="unclassified-list">
          {items.data.map((item) => (
            <li key={item.key}>
              <code>{item.key}</code>
              <span className="muted">{formatBytes(item.size)}</span>
            </li>
          ))}
          {items.data.length === 0 && <li className="muted">None.</li>}
        </ul>
      )}
      <div className="sync-dialog-actions">
        <button type="button" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
