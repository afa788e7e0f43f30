import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import clsx from 'clsx';
import { useEffect, useRef, useState } from 'react';
import type { MediaItem } from '../../../shared/domain';
import { profileQuery } from '../data/queries';
import { formatBytes } from '../format';
import { Thumb } from '../library/Thumb';
import { thumbUrl } from '../library/urls';
import view from '../library/view.module.css';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { Notice } from '../ui/Notice';
import styles from './SearchView.module.css';

interface Props {
  profileId: string;
  query: string;
  onOpenModel: (model: string) => void;
  onOpenPost: (model: string, post: string, key?: string) => void;
}

const MIN_TERM = 3;

/** The index answers in milliseconds: a tiny pause only coalesces fast typing. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** As-you-type search over the index, hits grouped by model › post (virtualized list of groups). */
export function SearchView({ profileId, query, onOpenModel, onOpenPost }: Props): React.JSX.Element {
  const settled = useSettled(query, 60);
  const tooShort = query.trim().split(/\s+/).every((t) => [...t].length < MIN_TERM);
  // The last answer stays while the next one comes (no flash of "nothing found" between keystrokes).
  const search = useQuery({
    ...profileQuery(profileId, 'library:search', { query: settled, limit: 300 }),
    placeholderData: keepPreviousData,
    enabled: !tooShort,
  });
  const result = search.data;
  const scroll = useRef<HTMLDivElement>(null);
  const groups = result?.groups ?? [];
  const virtualizer = useVirtualizer({
    count: groups.length,
    getScrollElement: () => scroll.current,
    estimateSize: () => 190,
    overscan: 4,
  });

  return (
    <section className={view.view} aria-labelledby="search-title">
      <header className={view.header}>
        <h1 id="search-title">Search</h1>
        {result && !tooShort && (
          <span className={styles.summary} data-testid="search-summary">
            {result.more ? `${result.count}+` : result.count} {result.count === 1 ? 'file' : 'files'} for “{result.query}” · {result.tookMs.toFixed(1)} ms
          </span>
        )}
      </header>
      {search.isError && (
        <Notice tone="error" className={view.pad} role="alert">
          {search.error.message}
        </Notice>
      )}
      {tooShort && <EmptyState title="Type at least 3 characters">Search matches any part of model, post and file names — “beach” finds IMG_beach_02.jpg.</EmptyState>}
      {!tooShort && result && result.count === 0 && result.models.length === 0 && (
        <EmptyState title={`Nothing matches “${result.query}”`}>Search covers the synced index. Sync to include the newest files.</EmptyState>
      )}
      {!tooShort && result && result.models.length > 0 && (
        <div className={styles.models}>
          {result.models.map((m) => (
            <button key={m.name} type="button" className={styles.chip} onClick={() => onOpenModel(m.name)}>
              Model <strong>{m.name}</strong> · {m.mediaCount.toLocaleString()} items
            </button>
          ))}
        </div>
      )}
      {!tooShort && groups.length > 0 && (
        <div className={styles.results} ref={scroll} data-testid="search-results">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((row) => {
              const g = groups[row.index]!;
              return (
                <div
                  key={row.key}
                  data-index={row.index}
                  ref={virtualizer.measureElement}
                  className={styles.group}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}
                >
                  <h2 className={styles.groupTitle} data-testid="search-group-title">
                    <Button variant="link" onClick={() => onOpenModel(g.model)}>
                      {g.model}
                    </Button>
                    <span className={styles.muted}>›</span>
                    <Button variant="link" onClick={() => onOpenPost(g.model, g.post)}>
                      {g.post}
                    </Button>
                    <span className={clsx(styles.muted, styles.small)}>
                      {g.items.length} {g.items.length === 1 ? 'match' : 'matches'}
                    </span>
                  </h2>
                  <ul className={styles.hits}>
                    {g.items.map((m: MediaItem) => (
                      <li key={m.id}>
                        <button type="button" className={styles.hit} onClick={() => onOpenPost(m.model, m.post, m.key)} title={`${m.name} · ${formatBytes(m.size)}`}>
                          <Thumb src={thumbUrl(profileId, m.key, m.etag)} kind={m.kind} name={m.name} className={styles.hitThumb} />
                          <span className={styles.hitName} data-testid="search-hit-name">
                            {m.name}
                          </span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
