import { useQuery } from '@tanstack/react-query';
import clsx from 'clsx';
import { MAX_OFFLINE_LIMIT, MIN_OFFLINE_LIMIT } from '../../../../shared/downloads';
import { useApiMutation } from '../../data/mutations';
import { profileQuery, useActiveProfileId } from '../../data/queries';
import { formatBytes } from '../../format';
import { pinStateText } from '../../offline/pins';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import styles from './Settings.module.css';

const GiB = 1024 ** 3;
/** Limits are whole GiB (the default is 20 GiB): named so, not as 21.5 GB. */
const limitLabel = (bytes: number) => (bytes % GiB === 0 ? `${bytes / GiB} GiB` : formatBytes(bytes));
const PRESETS = [1, 5, 10, 20, 50, 100, 250, 500].map((n) => n * GiB).filter((b) => b >= MIN_OFFLINE_LIMIT && b <= MAX_OFFLINE_LIMIT);

/** Settings › Offline storage: how much the kept-offline originals use, the limit, and each pin's share (unpin frees it). */
export function OfflineStorageSection(): React.JSX.Element | null {
  const profileId = useActiveProfileId();
  const usage = useQuery(profileQuery(profileId, 'offline:usage'));
  const setLimit = useApiMutation('offline:setLimit');
  const unpin = useApiMutation('offline:unpin');
  if (profileId === null) return null;
  const u = usage.data;
  const limits = u && !PRESETS.includes(u.limitBytes) ? [...PRESETS, u.limitBytes].sort((a, b) => a - b) : PRESETS;
  const failure = setLimit.error ?? unpin.error ?? usage.error;
  return (
    <section className={clsx(styles.section, styles.updates)} aria-labelledby="offline-storage-title" data-testid="offline-storage">
      <div className={styles.sectionHeader}>
        <h2 id="offline-storage-title">Offline storage</h2>
        {u && (
          <label className={styles.small}>
            Limit{' '}
            <select value={u.limitBytes} onChange={(e) => setLimit.mutate({ bytes: Number(e.target.value) })} disabled={setLimit.isPending} aria-label="Offline storage limit">
              {limits.map((b) => (
                <option key={b} value={b}>
                  {limitLabel(b)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {failure && (
        <Notice as="p" tone="error" role="alert" className={styles.notice}>
          {failure.message}
        </Notice>
      )}
      {u && (
        <>
          <progress className={styles.usage} value={u.usedBytes} max={Math.max(1, u.limitBytes)} aria-label="Offline storage used" />
          <p className={clsx(styles.muted, styles.small)} data-testid="offline-usage">
            {formatBytes(u.usedBytes)} of {limitLabel(u.limitBytes)} used by originals kept offline
            {u.wantedBytes > u.usedBytes ? ` · ${formatBytes(u.wantedBytes - u.usedBytes)} more to fetch` : ''}
            {u.wantedBytes > u.limitBytes ? ' — more than the limit: raise it or unpin something.' : ''}
          </p>
          {u.pins.length === 0 ? (
            <p className={clsx(styles.muted, styles.small)}>Nothing is kept offline. “Keep offline” on a post or a model downloads its originals so they open without a connection.</p>
          ) : (
            <ul className={styles.profiles}>
              {[...u.pins]
                .sort((a, b) => b.bytes - a.bytes)
                .map((pin) => (
                  <li key={`${pin.model}/${pin.post ?? ''}`} className={styles.profile} data-testid="offline-pin">
                    <div className={styles.profileMain}>
                      <div className={styles.profileName}>{pin.post === null ? `${pin.model} (whole model)` : `${pin.model} / ${pin.post}`}</div>
                      <div className={styles.profileMeta}>
                        {pin.state === 'queued' ? `${formatBytes(pin.bytes)} · ` : ''}
                        {pinStateText(pin)}
                      </div>
                    </div>
                    <Button
                      size="sm"
                      disabled={unpin.isPending}
                      onClick={() => unpin.mutate({ model: pin.model, ...(pin.post !== null ? { post: pin.post } : {}) })}
                      aria-label={`Unpin ${pin.post === null ? pin.model : `${pin.model} / ${pin.post}`}`}
                    >
                      Unpin
                    </Button>
                  </li>
                ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
