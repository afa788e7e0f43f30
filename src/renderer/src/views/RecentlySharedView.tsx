import { useQuery } from '@tanstack/react-query';
import clsx from 'clsx';
import { useState } from 'react';
import { fileNameOf, type SharedLinkRecord } from '../../../shared/links';
import { useApiMutation } from '../data/mutations';
import { profileQuery, useActiveProfileId } from '../data/queries';
import { CopyLinkButton } from '../links/CopyLinkButton';
import { formatAgo, formatCountdown, formatWhen, useNow } from '../links/expiry';
import { ShareDialog } from '../links/ShareDialog';
import { useCopyLinks, useCopyLinkShortcut } from '../links/useCopyLinks';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Notice } from '../ui/Notice';
import styles from './RecentlySharedView.module.css';

const KIND_LABEL = { presigned: 'Expiring', public: 'Public', cdn: 'CDN' } as const;

/**
 * Links made in the last 7 days with their countdown (expired ones marked),
 * copying them again, new links for a selection, and sharing a pasted key or URL.
 * Copies refresh the list through the cache (links:copy invalidates links:recent).
 */
export function RecentlySharedView(): React.JSX.Element {
  const profileId = useActiveProfileId();
  const recent = useQuery(profileQuery(profileId, 'links:recent'));
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [sharing, setSharing] = useState<string[] | null>(null);
  const { copy, copyRecent, busy } = useCopyLinks();
  const now = useNow(10_000);

  const rows = recent.data ?? [];
  const chosen = rows.filter((r) => selected.has(r.id));
  const chosenKeys = [...new Set(chosen.map((r) => r.key))];

  useCopyLinkShortcut(() => void (chosenKeys.length > 0 && copy(chosenKeys)), chosenKeys.length > 0 && sharing === null);

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const allSelected = rows.length > 0 && chosen.length === rows.length;

  return (
    <section className={styles.view} aria-labelledby="recent-title">
      <header className={styles.header}>
        <h1 id="recent-title">Recently shared</h1>
        <span className={clsx(styles.muted, styles.small)}>Links made in the last 7 days</span>
      </header>

      <ShareByKey onShare={setSharing} />

      {recent.isLoading && <p className={styles.muted}>Loading…</p>}
      {recent.isError && (
        <Notice tone="error" role="alert">
          {recent.error.message}
        </Notice>
      )}
      {recent.isSuccess && rows.length === 0 && (
        <div className={styles.empty}>
          <h2>Nothing shared in the last 7 days</h2>
          <p className={styles.muted}>Paste a key or a link above to make one; links you copy anywhere in the app show up here with their expiry.</p>
        </div>
      )}
      {rows.length > 0 && (
        <>
          <div className={styles.selectionBar} aria-live="polite">
            <label className={styles.check}>
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
            <span className={styles.buttons}>
              <CopyLinkButton keys={chosenKeys} />
              <Button variant="primary" disabled={chosenKeys.length === 0} onClick={() => setSharing(chosenKeys)}>
                Share…
              </Button>
            </span>
          </div>
          <ul className={styles.list} data-testid="recent-links">
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

      {sharing && <ShareDialog keys={sharing} onClose={() => setSharing(null)} />}
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
    <li className={clsx(styles.row, expired && styles.expired, props.checked && styles.selected)} aria-label={name}>
      <input type="checkbox" aria-label={`Select ${name}`} checked={props.checked} onChange={props.onToggle} />
      <div className={styles.file}>
        <span className={styles.name}>{name}</span>
        <span className={clsx(styles.small, styles.muted, styles.key)} title={row.url}>
          {row.key}
        </span>
      </div>
      <Badge tone={row.kind === 'presigned' ? 'neutral' : 'ok'}>{KIND_LABEL[row.kind]}</Badge>
      <span className={clsx(styles.small, styles.muted)} title={new Date(row.createdAt).toISOString()}>
        Shared {formatAgo(row.createdAt, now)}
      </span>
      <span className={styles.small} data-testid="expiry">
        {row.expiresAt === null ? (
          <span className={styles.muted}>No expiry</span>
        ) : expired ? (
          <Badge tone="danger" title={formatWhen(row.expiresAt)}>
            Expired {formatCountdown(row.expiresAt, now)}
          </Badge>
        ) : (
          <span title={formatWhen(row.expiresAt)}>Expires {formatCountdown(row.expiresAt, now)}</span>
        )}
      </span>
      <span className={styles.buttons}>
        <Button onClick={props.onCopy} disabled={expired || props.busy} aria-label={`Copy link to ${name}`}>
          Copy
        </Button>
        <Button onClick={props.onShare} aria-label={`Share ${name} again`}>
          Share…
        </Button>
      </span>
    </li>
  );
}

/** Paste keys or links (one a line): each is resolved by main against the active profile. */
function ShareByKey({ onShare }: { onShare: (keys: string[]) => void }): React.JSX.Element {
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const resolveOne = useApiMutation('links:resolve');
  const [resolving, setResolving] = useState(false);

  async function submit() {
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    if (lines.length === 0) {
      setErrors(['Paste a key or a link first.']);
      return;
    }
    setResolving(true);
    const results = await Promise.allSettled(lines.map((input) => resolveOne.mutateAsync({ input })));
    setResolving(false);
    const problems = results.flatMap((r, i) => (r.status === 'fulfilled' ? [] : [`${lines.length > 1 ? `Line ${i + 1}: ` : ''}${(r.reason as Error).message}`]));
    setErrors(problems);
    if (problems.length === 0) {
      onShare([...new Set(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])))]);
      setText('');
    }
  }

  return (
    <form
      className={styles.shareByKey}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor="share-input" className={clsx(styles.small, styles.muted)}>
        Share a file by its key or any link to it (origin, CDN, presigned) — one a line
      </label>
      <div className={styles.shareByKeyRow}>
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
        <Button type="submit" variant="primary" className={styles.submit} disabled={resolving}>
          {resolving ? 'Checking…' : 'Share…'}
        </Button>
      </div>
      {errors.length > 0 && (
        <Notice as="ul" id="share-input-errors" tone="error" small className={styles.inputErrors} role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </Notice>
      )}
    </form>
  );
}
