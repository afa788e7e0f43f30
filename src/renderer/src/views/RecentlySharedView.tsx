import { useState } from 'react';
import { fileNameOf, type SharedLinkRecord } from '../../../shared/links';
import { useCall } from '../ipc';
import { formatAgo, formatCountdown, formatWhen, useNow } from '../links/expiry';
import { CopyLinkButton } from '../links/CopyLinkButton';
import { ShareDialog } from '../links/ShareDialog';
import { useCopyLinks, useCopyLinkShortcut } from '../links/useCopyLinks';
import '../links/links.css';

const KIND_LABEL = { presigned: 'Expiring', public: 'Public', cdn: 'CDN' } as const;

/**
 * Links made in the last 7 days with their countdown (expired ones marked),
 * copying them again, new links for a selection, and sharing a pasted key or URL.
 */
export function RecentlySharedView(): React.JSX.Element {
  const [tick, setTick] = useState(0);
  const recent = useCall(() => window.api.links.recent(), [tick]);
  const reload = () => setTick((t) => t + 1);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [sharing, setSharing] = useState<string[] | null>(null);
  const { copy, copyRecent, busy } = useCopyLinks();
  const now = useNow(10_000);

  const rows = recent.state === 'ready' ? recent.data : [];
  const chosen = rows.filter((r) => selected.has(r.id));
  const chosenKeys = [...new Set(chosen.map((r) => r.key))];

  async function copyNew() {
    if (chosenKeys.length === 0) return;
    if (await copy(chosenKeys)) reload();
  }
  useCopyLinkShortcut(() => void copyNew(), chosenKeys.length > 0 && sharing === null);

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const allSelected = rows.length > 0 && chosen.length === rows.length;

  return (
    <section className="view" aria-labelledby="recent-title">
      <header className="view-header">
        <h1 id="recent-title">Recently shared</h1>
        <span className="muted small">Links made in the last 7 days</span>
      </header>

      <ShareByKey onShare={setSharing} />

      {recent.state === 'loading' && <p className="muted">Loading…</p>}
      {recent.state === 'error' && (
        <div className="notice error" role="alert">
          {recent.error.message}
        </div>
      )}
      {recent.state === 'ready' && rows.length === 0 && (
        <div className="empty">
          <h2>Nothing shared in the last 7 days</h2>
          <p className="muted">Paste a key or a link above to make one; links you copy anywhere in the app show up here with their expiry.</p>
        </div>
      )}
      {rows.length > 0 && (
        <>
          <div className="selection-bar recent-selection-bar" aria-live="polite">
            <label className="check">
              <input
                type="checkbox"
                checked={allSelected}
                ref={(el) => {
                  if (el) el.indeterminate = chosen.length > 0 && !allSelected;
                }}
                onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
              />
              <span>{chosen.length > 0 ? `${chosen.length} selected` : 'Select all'}</span>
            </label>
            <span className="row-gap">
              <CopyLinkButton keys={chosenKeys} onCopied={reload} />
              <button type="button" className="primary" disabled={chosenKeys.length === 0} onClick={() => setSharing(chosenKeys)}>
                Share…
              </button>
            </span>
          </div>
          <ul className="recent-list" data-testid="recent-links">
            {rows.map((row) => (
              <RecentRow
                key={row.id}
                row={row}
                now={now}
                checked={selected.has(row.id)}
                onToggle={() => toggle(row.id)}
                onCopy={() => void copyRecent([row.id])}
                onShare={() => setSharing([row.key])}
                busy={busy}
              />
            ))}
          </ul>
        </>
      )}

      {sharing && (
        <ShareDialog
          keys={sharing}
          onClose={() => {
            setSharing(null);
            reload();
          }}
        />
      )}
    </section>
  );
}

function RecentRow(props: {
  row: SharedLinkRecord;
  now: number;
  checked: boolean;
  onToggle: () => void;
  onCopy: () => void;
  onShare: () => void;
  busy: boolean;
}): React.JSX.Element {
  const { row, now } = props;
  const expired = row.expiresAt !== null && row.expiresAt <= now;
  const name = fileNameOf(row.key);
  return (
    <li className={`recent-row${expired ? ' expired' : ''}${props.checked ? ' selected' : ''}`} aria-label={name}>
      <input type="checkbox" aria-label={`Select ${name}`} checked={props.checked} onChange={props.onToggle} />
      <div className="recent-file">
        <span className="recent-name">{name}</span>
        <span className="small muted recent-key" title={row.url}>
          {row.key}
        </span>
      </div>
      <span className={`badge kind-${row.kind}`}>{KIND_LABEL[row.kind]}</span>
      <span className="recent-when small muted" title={new Date(row.createdAt).toISOString()}>
        Shared {formatAgo(row.createdAt, now)}
      </span>
      <span className="recent-expiry small" data-testid="expiry">
        {row.expiresAt === null ? (
          <span className="muted">No expiry</span>
        ) : expired ? (
          <span className="badge expired-badge" title={formatWhen(row.expiresAt)}>
            Expired {formatCountdown(row.expiresAt, now)}
          </span>
        ) : (
          <span title={formatWhen(row.expiresAt)}>Expires {formatCountdown(row.expiresAt, now)}</span>
        )}
      </span>
      <span className="row-gap">
        <button type="button" onClick={props.onCopy} disabled={expired || props.busy} aria-label={`Copy link to ${name}`}>
          Copy
        </button>
        <button type="button" onClick={props.onShare} aria-label={`Share ${name} again`}>
          Share…
        </button>
      </span>
    </li>
  );
}

/** Paste keys or links (one a line): each is resolved by main against the active profile. */
function ShareByKey({ onShare }: { onShare: (keys: string[]) => void }): React.JSX.Element {
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [resolving, setResolving] = useState(false);

  async function submit() {
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (lines.length === 0) {
      setErrors(['Paste a key or a link first.']);
      return;
    }
    setResolving(true);
    const results = await Promise.all(lines.map((input) => window.api.links.resolve({ input })));
    setResolving(false);
    const problems = results.flatMap((r, i) => (r.ok ? [] : [`${lines.length > 1 ? `Line ${i + 1}: ` : ''}${r.error.message}`]));
    setErrors(problems);
    if (problems.length === 0) {
      onShare([...new Set(results.flatMap((r) => (r.ok ? [r.data] : [])))]);
      setText('');
    }
  }

  return (
    <form
      className="share-by-key"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor="share-input" className="small muted">
        Share a file by its key or any link to it (origin, CDN, presigned) — one a line
      </label>
      <div className="share-by-key-row">
        <textarea
          id="share-input"
          rows={1}
          placeholder="e.g. alice/beach day/IMG 1.jpg, or a link to it"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void submit();
            }
          }}
          aria-invalid={errors.length > 0}
          aria-describedby={errors.length > 0 ? 'share-input-errors' : undefined}
        />
        <button type="submit" className="primary" disabled={resolving}>
          {resolving ? 'Checking…' : 'Share…'}
        </button>
      </div>
      {errors.length > 0 && (
        <ul id="share-input-errors" className="notice error small input-errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
