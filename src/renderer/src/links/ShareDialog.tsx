import { useEffect, useId, useRef, useState } from 'react';
import { EXPIRY_PRESETS, fileNameOf, MAX_PRESIGN_REASON, MAX_PRESIGN_SECONDS, type CopiedLinks, type ObjectAccess } from '../../../shared/links';
import { objectUrl } from '../../../shared/object-urls';
import { useCall, type Loadable } from '../ipc';
import { formatDuration, formatWhen, rememberedExpiry, rememberExpiry, useNow } from './expiry';
import { AccessUnknown } from './AccessUnknown';
import { useCopyLinks } from './useCopyLinks';
import './links.css';

interface Props {
  /** Object keys to share (exact keys from the index). */
  keys: string[];
  onClose: () => void;
  initialTab?: Tab;
}

type Tab = 'presigned' | 'public';
type Unit = 60 | 3_600 | 86_400;
const UNITS: { value: Unit; label: string }[] = [
  { value: 60, label: 'minutes' },
  { value: 3_600, label: 'hours' },
  { value: 86_400, label: 'days' },
];

/**
 * The share dialog: a presigned link with a chosen expiry (optionally
 * downloading with the file's name), or the public/CDN link once the server
 * says the files are public — with the action to change that, confirmed.
 */
export function ShareDialog({ keys, onClose, initialTab = 'presigned' }: Props): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [tab, setTab] = useState<Tab>(initialTab);
  const [copied, setCopied] = useState<CopiedLinks | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    // No close() on cleanup: it would fire onClose during StrictMode's re-run; unmounting removes the modal anyway.
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const single = keys.length === 1 ? keys[0] : undefined;
  const title = single !== undefined ? `Share “${fileNameOf(single)}”` : `Share ${keys.length} files`;

  return (
    <dialog ref={ref} className="share-dialog" aria-labelledby={titleId} onClose={onClose} data-testid="share-dialog">
      <header className="share-header">
        <div className="share-title">
          <h2 id={titleId}>{title}</h2>
          <p className="muted small share-keys" title={keys.join('\n')}>
            {single ?? `${keys.slice(0, 2).map(fileNameOf).join(', ')}${keys.length > 2 ? ` and ${keys.length - 2} more` : ''}`}
          </p>
        </div>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => ref.current?.close()}>
          ×
        </button>
      </header>

      <div
        className="share-tabs"
        role="tablist"
        aria-label="Kind of link"
        onKeyDown={(e) => {
          // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
          if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
          const next: Tab = tab === 'presigned' ? 'public' : 'presigned';
          setTab(next);
          setCopied(null);
          e.currentTarget.querySelector<HTMLButtonElement>(`[data-tab="${next}"]`)?.focus();
        }}
      >
        {(
          [
            ['presigned', 'Expiring link'],
            ['public', 'Public link'],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="tab"
            data-tab={value}
            aria-selected={tab === value}
            tabIndex={tab === value ? 0 : -1}
            className={tab === value ? 'active' : ''}
            onClick={() => {
              setTab(value);
              setCopied(null);
            }}
          >
            {label}
          </button>
        ))}
      </div>

      <div role="tabpanel" className="share-panel">
        {tab === 'presigned' ? <PresignedPanel keys={keys} onCopied={setCopied} /> : <PublicPanel keys={keys} onCopied={setCopied} />}
      </div>

      {copied && (
        <section className="share-result" aria-label="Copied links">
          <label className="small muted" htmlFor={`${titleId}-links`}>
            Copied to the clipboard
          </label>
          <textarea
            id={`${titleId}-links`}
            readOnly
            rows={Math.min(4, copied.links.length) + 1}
            wrap="off"
            value={copied.text}
            onFocus={(e) => e.currentTarget.select()}
            data-testid="share-links"
          />
        </section>
      )}
    </dialog>
  );
}

function PresignedPanel({ keys, onCopied }: { keys: string[]; onCopied: (c: CopiedLinks) => void }): React.JSX.Element {
  const initial = rememberedExpiry();
  const isPreset = EXPIRY_PRESETS.some((p) => p.seconds === initial);
  const [preset, setPreset] = useState<number | 'custom'>(isPreset ? initial : 'custom');
  const [customAmount, setCustomAmount] = useState(isPreset ? '2' : String(Math.max(1, Math.round(initial / 3_600))));
  const [customUnit, setCustomUnit] = useState<Unit>(3_600);
  const [download, setDownload] = useState(false);
  const { copy, busy } = useCopyLinks();
  const now = useNow(30_000);
  const nameId = useId();

  const amount = Number(customAmount);
  const customValid = customAmount.trim() !== '' && Number.isFinite(amount) && amount > 0;
  const requested = preset === 'custom' ? Math.round(amount * customUnit) : preset;
  const capped = preset === 'custom' && customValid && requested > MAX_PRESIGN_SECONDS;
  const seconds = Math.max(1, Math.min(requested, MAX_PRESIGN_SECONDS));
  const valid = preset !== 'custom' || customValid;

  async function onCopy() {
    if (!valid) return;
    rememberExpiry(seconds);
    const result = await copy(keys, { kind: 'presigned', expiresIn: seconds, download });
    if (result) onCopied(result);
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void onCopy();
      }}
    >
      <fieldset className="expiry">
        <legend>Link expires after</legend>
        <div className="segmented">
          {EXPIRY_PRESETS.map((p) => (
            <label key={p.seconds} className={preset === p.seconds ? 'checked' : ''}>
              <input type="radio" name={`${nameId}-expiry`} checked={preset === p.seconds} onChange={() => setPreset(p.seconds)} />
              {p.label}
            </label>
          ))}
          <label className={preset === 'custom' ? 'checked' : ''}>
            <input type="radio" name={`${nameId}-expiry`} checked={preset === 'custom'} onChange={() => setPreset('custom')} />
            Custom
          </label>
        </div>
        {preset === 'custom' && (
          <div className="custom-expiry">
            <input
              type="number"
              min={1}
              step="any"
              aria-label="Custom expiry amount"
              value={customAmount}
              onChange={(e) => setCustomAmount(e.target.value)}
              aria-invalid={!customValid}
            />
            <select aria-label="Custom expiry unit" value={customUnit} onChange={(e) => setCustomUnit(Number(e.target.value) as Unit)}>
              {UNITS.map((u) => (
                <option key={u.value} value={u.value}>
                  {u.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {capped && (
          <p className="notice warn small" role="note" data-testid="expiry-capped">
            Capped at 7 days. {MAX_PRESIGN_REASON}
          </p>
        )}
        {!valid && <p className="notice error small">Enter a number greater than zero.</p>}
        {valid && (
          <p className="small muted" data-testid="expiry-summary">
            Works for {formatDuration(seconds)}, until {formatWhen(now + seconds * 1000)}.
          </p>
        )}
      </fieldset>

      <label className="check">
        <input type="checkbox" checked={download} onChange={(e) => setDownload(e.target.checked)} />
        <span>
          Download with the original file name
          <span className="small muted block">Otherwise the link opens the file in the browser.</span>
        </span>
      </label>

      <footer className="share-actions">
        <span className="small muted">Anyone with the link can open it until it expires.</span>
        <button type="submit" className="primary" disabled={busy || !valid}>
          {busy ? 'Copying…' : keys.length === 1 ? 'Copy link' : `Copy ${keys.length} links`}
        </button>
      </footer>
    </form>
  );
}

function PublicPanel({ keys, onCopied }: { keys: string[]; onCopied: (c: CopiedLinks) => void }): React.JSX.Element {
  const options = useCall(() => window.api.links.options(), []);
  const [tick, setTick] = useState(0);
  // Asking the server is the point of opening this tab: the ACL is read, not guessed from the index.
  const access = useCall(() => window.api.links.getAcl({ keys }), [keys, tick]);
  const [confirming, setConfirming] = useState<null | boolean>(null);
  const [changing, setChanging] = useState(false);
  const [changeError, setChangeError] = useState<string | null>(null);
  const { copy, busy } = useCopyLinks();

  async function change(makePublic: boolean) {
    setChanging(true);
    setChangeError(null);
    const res = await window.api.links.setAcl({ keys, public: makePublic, confirmed: true });
    setChanging(false);
    setConfirming(null);
    if (!res.ok) setChangeError(res.error.message);
    else if (res.data.some((a) => a.isPublic === null)) setChangeError('Nothing changed: this key cannot change access (ACLs). Share with an expiring link instead.');
    setTick((t) => t + 1);
  }

  if (access.state === 'loading') return <p className="muted" aria-busy="true">Asking the server who can see {keys.length === 1 ? 'this file' : 'these files'}…</p>;
  if (access.state === 'error') {
    return (
      <div className="notice error" role="alert">
        {access.error.message}{' '}
        <button type="button" className="link-button" onClick={() => setTick((t) => t + 1)}>
          Try again
        </button>
      </div>
    );
  }

  const publicCount = access.data.filter((a) => a.isPublic).length;
  const unknown = access.data.filter((a) => a.isPublic === null);
  const allPublic = publicCount === keys.length;
  const nonePublic = publicCount === 0;
  const cdn = options.state === 'ready' ? options.data.cdnBase : null;
  const origin = options.state === 'ready' ? options.data.originBase : null;
  const single = keys.length === 1 ? keys[0] : undefined;

  return (
    <div className="public-panel">
      {unknown.length > 0 ? (
        <AccessUnknown count={unknown.length} total={keys.length} reason={unknown[0]?.reason} />
      ) : (
      <p className={`access-summary ${allPublic ? 'is-public' : 'is-private'}`} data-testid="access-summary">
        <span className="badge">{allPublic ? 'Public' : nonePublic ? 'Private' : 'Mixed'}</span>
        {allPublic
          ? keys.length === 1
            ? 'Anyone with the link can open this file.'
            : 'Anyone with the link can open these files.'
          : nonePublic
            ? `${keys.length === 1 ? 'This file is' : 'These files are'} private: public links answer “403 Access Denied”. Use an expiring link, or make ${keys.length === 1 ? 'it' : 'them'} public.`
            : `${publicCount} of ${keys.length} files are public; the others answer public links with “403 Access Denied”.`}
      </p>
      )}
      {keys.length > 1 && <AccessList access={access} />}

      {(allPublic || unknown.length > 0) && (
        <div className="public-links">
          {cdn && (
            <LinkRow label="CDN link" hint="cached at the edge: fastest for viewers" url={single ? objectUrl(cdn, single) : null}>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={async () => {
                  const result = await copy(keys, { kind: 'cdn' });
                  if (result) onCopied(result);
                }}
              >
                Copy CDN link{keys.length > 1 ? 's' : ''}
              </button>
            </LinkRow>
          )}
          <LinkRow label="Origin link" hint={cdn ? 'straight from the bucket, never cached' : (options.state === 'ready' && options.data.cdnNote) || 'this profile has no CDN'} url={single && origin ? objectUrl(origin, single) : null}>
            <button
              type="button"
              className={cdn ? '' : 'primary'}
              disabled={busy}
              onClick={async () => {
                const result = await copy(keys, { kind: 'public' });
                if (result) onCopied(result);
              }}
            >
              Copy origin link{keys.length > 1 ? 's' : ''}
            </button>
          </LinkRow>
        </div>
      )}

      {changeError && (
        <p className="notice error small" role="alert">
          {changeError}
        </p>
      )}

      {confirming === null ? (
        <footer className="share-actions">
          <span className="small muted">Changing who can see a file changes it in the bucket.</span>
          <span className="row-gap">
            {publicCount > 0 && (
              <button type="button" onClick={() => setConfirming(false)}>
                Make private…
              </button>
            )}
            {!allPublic && (
              <button type="button" className="primary" onClick={() => setConfirming(true)}>
                Make public…
              </button>
            )}
          </span>
        </footer>
      ) : (
        <div className="confirm" role="alertdialog" aria-label={confirming ? 'Confirm making public' : 'Confirm making private'}>
          <p>
            {confirming
              ? `Make ${count(keys.length - publicCount)} public? Anyone who has or guesses the link will be able to open ${keys.length - publicCount === 1 ? 'it' : 'them'}.`
              : `Make ${count(publicCount)} private? Public and CDN links stop working (the CDN may serve a cached copy for a while).`}
          </p>
          <div className="row-gap">
            <button type="button" onClick={() => setConfirming(null)} disabled={changing}>
              Cancel
            </button>
            <button type="button" className={confirming ? 'primary' : 'danger'} onClick={() => void change(confirming)} disabled={changing} autoFocus>
              {changing ? 'Changing…' : confirming ? 'Make public' : 'Make private'}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function count(n: number): string {
  return n === 1 ? '1 file' : `${n} files`;
}

function AccessList({ access }: { access: Loadable<ObjectAccess[]> }): React.JSX.Element | null {
  if (access.state !== 'ready') return null;
  const shown = access.data.slice(0, 6);
  return (
    <ul className="access-list">
      {shown.map((a) => (
        <li key={a.key}>
          <span className="access-name">{fileNameOf(a.key)}</span>
          <span className={`badge ${a.isPublic ? 'is-public' : a.isPublic === false ? 'is-private' : ''}`}>{a.isPublic ? 'Public' : a.isPublic === false ? 'Private' : 'Unknown'}</span>
        </li>
      ))}
      {access.data.length > shown.length && <li className="muted small">and {access.data.length - shown.length} more</li>}
    </ul>
  );
}

function LinkRow({ label, hint, url, children }: { label: string; hint: string; url: string | null; children: React.ReactNode }): React.JSX.Element {
  return (
    <div className="link-row">
      <div className="link-row-text">
        <strong>{label}</strong> <span className="small muted">— {hint}</span>
        {url && (
          <code className="link-preview" title={url}>
            {url}
          </code>
        )}
      </div>
      {children}
    </div>
  );
}
