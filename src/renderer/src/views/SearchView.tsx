import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { MediaItem, SearchResult } from '../../../shared/domain';
import { formatBytes } from '../format';
import { Thumb } from '../library/Thumb';
import { EmptyState } from '../library/Toolbar';
import { thumbUrl } from '../library/urls';

interface Props {
  profileId: string;
  query: string;
  onOpenModel: (model: string) => void;
  onOpenPost: (model: string, post: string, key?: string) => void;
}

const MIN_TERM = 3;

/** As-you-type search over the index, hits grouped by model › post (virtualized list of groups). */
export function SearchView({ profileId, query, onOpenModel, onOpenPost }: Props): React.JSX.Element {
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scroll = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    // The index answers in milliseconds: a tiny debounce only coalesces fast typing.
    const timer = setTimeout(() => {
      void window.api.library.search({ query, limit: 300 }).then((res) => {
        if (!live) return;
        if (res.ok) {
          setResult(res.data);
          setError(null);
        } else setError(res.error.message);
      });
    }, 60);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query]);

  const groups = result?.groups ?? [];
  const virtualizer = useVirtualizer({
    count: groups.length,
    getScrollElement: () => scroll.current,
    estimateSize: () => 190,
    overscan: 4,
  });

  const tooShort = query.trim().split(/\s+/).every((t) => [...t].length < MIN_TERM);
  return (
    <section className="view view-grid" aria-labelledby="search-title">
      <header className="view-header">
        <h1 id="search-title">Search</h1>
        {result && !tooShort && (
          <span className="muted" data-testid="search-summary">
            {result.more ? `${result.count}+` : result.count} {result.count === 1 ? 'file' : 'files'} for “{result.query}” · {result.tookMs.toFixed(1)} ms
          </span>
        )}
      </header>
      {error && <div className="notice error view-pad" role="alert">{error}</div>}
      {tooShort && <EmptyState title="Type at least 3 characters">Search matches any part of model, post and file names — “beach” finds IMG_beach_02.jpg.</EmptyState>}
      {!tooShort && result && result.count === 0 && result.models.length === 0 && (
        <EmptyState title={`Nothing matches “${result.query}”`}>Search covers the synced index. Sync to include the newest files.</EmptyState>
      )}
      {!tooShort && result && result.models.length > 0 && (
        <div className="search-models view-pad">
          {result.models.map((m) => (
            <button key={m.name} className="chip" onClick={() => onOpenModel(m.name)}>
              Model <strong>{m.name}</strong> · {m.mediaCount.toLocaleString()} items
            </button>
          ))}
        </div>
      )}
      {!tooShort && groups.length > 0 && (
        <div className="search-results" ref={scroll} data-testid="search-results">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((row) => {
              const g = groups[row.index]!;
              return (
                <div key={row.key} data-index={row.index} ref={virtualizer.measureElement} className="search-group" style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}>
                  <h2 className="search-group-title">
                    <button className="link-button" onClick={() => onOpenModel(g.model)}>{g.model}</button>
                    <span className="muted">›</span>
                    <button className="link-button" onClick={() => onOpenPost(g.model, g.post)}>{g.post}</button>
                    <span className="muted small">{g.items.length} {g.items.length === 1 ? 'match' : 'matches'}</span>
                  </h2>
                  <ul className="search-hits">
                    {g.items.map((m: MediaItem) => (
                      <li key={m.id}>
                        <button className="search-hit" onClick={() => onOpenPost(m.model, m.post, m.key)} title={`${m.name} · ${formatBytes(m.size)}`}>
                          <Thumb src={thumbUrl(profileId, m.key, m.etag)} kind={m.kind} name={m.name} />
                          <span className="search-hit-name">{m.name}</span>
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
