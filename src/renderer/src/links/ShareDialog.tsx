import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { EXPIRY_PRESETS, fileNameOf, MAX_PRESIGN_REASON, MAX_PRESIGN_SECONDS, type CopiedLinks, type ObjectAccess } from '../../../shared/links';
import { objectUrl } from '../../../shared/object-urls';
import { useApiMutation } from '../data/mutations';
import { profileQuery, useActiveProfileId } from '../data/queries';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';
import { Notice } from '../ui/Notice';
import { formatDuration, formatWhen, rememberedExpiry, rememberExpiry, useNow } from './expiry';
import { AccessUnknown } from './AccessUnknown';
import styles from './ShareDialog.module.css';
import { useCopyLinks } from './useCopyLinks';

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
  const titleId = useId();
  const [tab, setTab] = useState<Tab>(initialTab);
  const [copied, setCopied] = useState<CopiedLinks | null>(null);
  const single = keys.length === 1 ? keys[0] : undefined;
  const title = single !== undefined ? `Share “${fileNameOf(single)}”` : `Share ${keys.length} files`;
  const choose = (next: Tab) => {
    setTab(next);
    setCopied(null);
  };

  return (
    <ModalDialog className={styles.dialog} aria-labelledby={titleId} onClose={onClose} data-testid="share-dialog">
      <header className={styles.header}>
        <div className={styles.title}>
          <h2 id={titleId}>{title}</h2>
          <p className={styles.keys} title={keys.join('\n')}>
            {single ?? `${keys.slice(0, 2).map(fileNameOf).join(', ')}${keys.length > 2 ? ` and ${keys.length - 2} more` : ''}`}
          </p>
        </div>
        <Button variant="icon" aria-label="Close" onClick={onClose}>
          ×
        </Button>
      </header>

      <div
        className={styles.tabs}
        role="tablist"
        aria-label="Kind of link"
        onKeyDown={(e) => {
          // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
          if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
          const next: Tab = tab === 'presigned' ? 'public' : 'presigned';
          choose(next);
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
            className={styles.tab}
            data-tab={value}
            aria-selected={tab === value}
            tabIndex={tab === value ? 0 : -1}
            onClick={() => choose(value)}
          >
            {label}
          </button>
        ))}
      </div>

      <div role="tabpanel" className={styles.panel}>
        {tab === 'presigned' ? <PresignedPanel keys={keys} onCopied={setCopied} /> : <PublicPanel keys={keys} onCopied={setCopied} />}
      </div>

      {copied && (
        <section className={styles.result} aria-label="Copied links">
          <label htmlFor={`${titleId}-links`}>Copied to the clipboard</label>
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
    </ModalDialog>
  );
}

function PresignedPanel({ keys, onCopied }: { keys: string[]; onCopied: (c: CopiedLinks) => void }): React.JSX.Element {
  const [initial] = useState(rememberedExpiry);
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
      className={styles.form}
      onSubmit={(e) => {
        e.preventDefault();
        void onCopy();
      }}
    >
      <fieldset className={styles.expiry}>
        <legend>Link expires after</legend>
        <div className={styles.presets}>
          {EXPIRY_PRESETS.map((p) => (
            <label key={p.seconds} className={styles.preset}>
              <input type="radio" name={`${nameId}-expiry`} checked={preset === p.seconds} onChange={() => setPreset(p.seconds)} />
              {p.label}
            </label>
          ))}
          <label className={styles.preset}>
            <input type="radio" name={`${nameId}-expiry`} checked={preset === 'custom'} onChange={() => setPreset('custom')} />
            Custom
          </label>
        </div>
        {preset === 'custom' && (
          <div className={styles.custom}>
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
          <Notice as="p" tone="warn" small role="note" data-testid="expiry-capped">
            Capped at 7 days. {MAX_PRESIGN_REASON}
          </Notice>
        )}
        {!valid && (
          <Notice as="p" tone="error" small>
            Enter a number greater than zero.
          </Notice>
        )}
        {valid && (
          <p className={styles.summary} data-testid="expiry-summary">
            Works for {formatDuration(seconds)}, until {formatWhen(now + seconds * 1000)}.
          </p>
        )}
      </fieldset>

      <label className={styles.check}>
        <input type="checkbox" checked={download} onChange={(e) => setDownload(e.target.checked)} />
        <span>
          Download with the original file name
          <span className={styles.hint}>Otherwise the link opens the file in the browser.</span>
        </span>
      </label>

      <footer className={styles.actions}>
        <span className={styles.actionsNote}>Anyone with the link can open it until it expires.</span>
        <Button type="submit" variant="primary" disabled={busy || !valid}>
          {busy ? 'Copying…' : keys.length === 1 ? 'Copy link' : `Copy ${keys.length} links`}
        </Button>
      </footer>
    </form>
  );
}

function PublicPanel({ keys, onCopied }: { keys: string[]; onCopied: (c: CopiedLinks) => void }): React.JSX.Element {
  const profileId = useActiveProfileId();
  const options = useQuery(profileQuery(profileId, 'links:options')).data;
  // Asking the server is the point of opening this tab: the ACL is read, not guessed from the index.
  const access = useQuery({ ...profileQuery(profileId, 'links:getAcl', { keys }), staleTime: 0 });
  /** Making private asks here; making public is confirmed by main's own dialog. */
  const [confirming, setConfirming] = useState<null | false>(null);
  const setAcl = useApiMutation('links:setAcl', { onSettled: () => setConfirming(null) });
  const { copy, busy } = useCopyLinks();

  if (access.isPending) return <p className={styles.summary} aria-busy="true">Asking the server who can see {keys.length === 1 ? 'this file' : 'these files'}…</p>;
  if (access.isError) {
    return (
      <Notice tone="error" role="alert">
        {access.error.message}{' '}
        <Button variant="link" onClick={() => void access.refetch()}>
          Try again
        </Button>
      </Notice>
    );
  }

  const publicCount = access.data.filter((a) => a.isPublic).length;
  const unknown = access.data.filter((a) => a.isPublic === null);
  const allPublic = publicCount === keys.length;
  const nonePublic = publicCount === 0;
  const cdn = options?.cdnBase ?? null;
  const origin = options?.originBase ?? null;
  const single = keys.length === 1 ? keys[0] : undefined;
  const copyAs = async (kind: 'cdn' | 'public') => {
    const result = await copy(keys, { kind });
    if (result) onCopied(result);
  };

  return (
    <div className={styles.public}>
      {unknown.length > 0 ? (
        <AccessUnknown count={unknown.length} total={keys.length} reason={unknown[0]?.reason} />
      ) : (
        <p className={styles.access} data-testid="access-summary">
          <Badge tone={allPublic ? 'ok' : 'warn'}>{allPublic ? 'Public' : nonePublic ? 'Private' : 'Mixed'}</Badge>
          {allPublic
            ? keys.length === 1
              ? 'Anyone with the link can open this file.'
              : 'Anyone with the link can open these files.'
            : nonePublic
              ? `${keys.length === 1 ? 'This file is' : 'These files are'} private: public links answer “403 Access Denied”. Use an expiring link, or make ${keys.length === 1 ? 'it' : 'them'} public.`
              : `${publicCount} of ${keys.length} files are public; the others answer public links with “403 Access Denied”.`}
        </p>
      )}
      {keys.length > 1 && <AccessList access={access.data} />}

      {(allPublic || unknown.length > 0) && (
        <div className={styles.links}>
          {cdn && (
            <LinkRow label="CDN link" hint="cached at the edge: fastest for viewers" url={single ? objectUrl(cdn, single) : null}>
              <Button variant="primary" disabled={busy} onClick={() => void copyAs('cdn')}>
                Copy CDN link{keys.length > 1 ? 's' : ''}
              </Button>
            </LinkRow>
          )}
          <LinkRow label="Origin link" hint={cdn ? 'straight from the bucket, never cached' : options?.cdnNote || 'this profile has no CDN'} url={single && origin ? objectUrl(origin, single) : null}>
            <Button variant={cdn ? 'default' : 'primary'} disabled={busy} onClick={() => void copyAs('public')}>
              Copy origin link{keys.length > 1 ? 's' : ''}
            </Button>
          </LinkRow>
        </div>
      )}

      {/* Declining main's confirmation is no error. */}
      {setAcl.isError && setAcl.error.code !== 'CANCELLED' && (
        <Notice as="p" tone="error" small role="alert">
          {setAcl.error.message}
        </Notice>
      )}
      {setAcl.isSuccess && setAcl.data.some((a) => a.isPublic === null) && (
        <Notice as="p" tone="error" small role="alert">
          Nothing changed: this key cannot change access (ACLs). Share with an expiring link instead.
        </Notice>
      )}

      {confirming === null ? (
        <footer className={styles.actions}>
          <span className={styles.actionsNote}>Changing who can see a file changes it in the bucket.</span>
          <span className={styles.buttons}>
            {publicCount > 0 && <Button onClick={() => setConfirming(false)}>Make private…</Button>}
            {!allPublic && (
              // Main asks in a dialog of its own (the page cannot answer it for the person).
              <Button variant="primary" onClick={() => setAcl.mutate({ keys, public: true })} disabled={setAcl.isPending}>
                {setAcl.isPending ? 'Changing…' : 'Make public…'}
              </Button>
            )}
          </span>
        </footer>
      ) : (
        <div className={styles.confirm} role="alertdialog" aria-label="Confirm making private">
          <p>{`Make ${count(publicCount)} private? Public and CDN links stop working (the CDN may serve a cached copy for a while).`}</p>
          <div className={styles.buttons}>
            <Button onClick={() => setConfirming(null)} disabled={setAcl.isPending}>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => setAcl.mutate({ keys, public: false })} disabled={setAcl.isPending} autoFocus>
              {setAcl.isPending ? 'Changing…' : 'Make private'}
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}

function count(n: number): string {
  return n === 1 ? '1 file' : `${n} files`;
}

function AccessList({ access }: { access: ObjectAccess[] }): React.JSX.Element {
  const shown = access.slice(0, 6);
  return (
    <ul className={styles.accessList}>
      {shown.map((a) => (
        <li key={a.key}>
          <span className={styles.accessName}>{fileNameOf(a.key)}</span>
          <Badge tone={a.isPublic ? 'ok' : a.isPublic === false ? 'warn' : 'neutral'}>{a.isPublic ? 'Public' : a.isPublic === false ? 'Private' : 'Unknown'}</Badge>
        </li>
      ))}
      {access.length > shown.length && <li className={styles.more}>and {access.length - shown.length} more</li>}
    </ul>
  );
}

function LinkRow({ label, hint, url, children }: { label: string; hint: string; url: string | null; children: React.ReactNode }): React.JSX.Element {
  return (
    <div className={styles.linkRow}>
      <div className={styles.linkText}>
        <strong>{label}</strong> <span className={styles.linkHint}>— {hint}</span>
        {url && (
          <code className={styles.preview} title={url}>
            {url}
          </code>
        )}
      </div>
      {children}
    </div>
  );
}
