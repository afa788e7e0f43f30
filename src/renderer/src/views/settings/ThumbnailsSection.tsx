import { useQuery } from '@tanstack/react-query';
import clsx from 'clsx';
import { useState } from 'react';
import { useApiMutation } from '../../data/mutations';
import { sessionQuery } from '../../data/queries';
import { formatBytes } from '../../format';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { ClearThumbnailsDialog } from './ClearThumbnailsDialog';
import styles from './Settings.module.css';

const GB = 1_000_000_000;
const LIMITS = [250_000_000, 500_000_000, GB, 2 * GB, 5 * GB, 10 * GB, 20 * GB];

/** Settings › Thumbnails: how much disk the cache may use (least recently used go first), and clearing it. */
export function ThumbnailsSection(): React.JSX.Element {
  const status = useQuery(sessionQuery('thumbs:status')).data;
  const setLimit = useApiMutation('thumbs:setCacheLimit');
  const [clearing, setClearing] = useState(false);
  const limit = status?.cacheLimitBytes ?? 500_000_000;
  const options = LIMITS.includes(limit) ? LIMITS : [...LIMITS, limit].sort((a, b) => a - b);
  return (
    <section className={clsx(styles.section, styles.updates)} aria-labelledby="thumbnails-title">
      <div className={styles.sectionHeader}>
        <h2 id="thumbnails-title">Thumbnails</h2>
        <Button onClick={() => setClearing(true)} disabled={!status || status.cacheBytes === 0}>
          Clear cache…
        </Button>
      </div>
      <div className={styles.inline}>
        <label htmlFor="thumb-limit">Keep at most</label>
        <select id="thumb-limit" value={limit} onChange={(e) => setLimit.mutate({ bytes: Number(e.target.value) })} disabled={setLimit.isPending}>
          {options.map((bytes) => (
            <option key={bytes} value={bytes}>
              {formatBytes(bytes)}
            </option>
          ))}
        </select>
        <span className={clsx(styles.muted, styles.small)} data-testid="thumb-cache-used">
          {status ? `${formatBytes(status.cacheBytes)} used now` : ''}
        </span>
      </div>
      <p className={clsx(styles.muted, styles.small)}>
        Thumbnails, video posters and converted previews make the library browsable offline. Past the limit, the least recently seen are deleted first.
      </p>
      {setLimit.isError && (
        <Notice as="p" tone="error" role="alert">
          {setLimit.error.message}
        </Notice>
      )}
      {clearing && <ClearThumbnailsDialog onClose={() => setClearing(false)} />}
    </section>
  );
}
