import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { KindFilter, MediaItem, MediaSort } from '../../../shared/domain';
import { formatBytes, formatCount } from '../format';
import { useEvent } from '../ipc';
import { emptySelection, extend, selectAll, selectOne, toggle, type Selection } from '../library/selection';
import { Thumb } from '../library/Thumb';
import { EmptyState, FilterInput, SortSelect } from '../library/Toolbar';
import { usePagedMedia } from '../library/usePagedMedia';
import { thumbUrl } from '../library/urls';
import { VirtualGrid, type VirtualGridHandle } from '../library/VirtualGrid';
import { useCopyLinkShortcut } from '../links/useCopyLinks';
import { SelectionLinkButtons, useShareKeys } from '../links/useShareKeys';
import { Viewer } from './Viewer';

/** What other features get to act on a selection (copy links, delete, …). */
export interface SelectionContext {
  model: string;
  post: string;
  count: number;
  /** The selected items (fetches pages not loaded yet). */
  items(): Promise<MediaItem[]>;
}

interface Props {
  profileId: string;
  model: string;
  post: string;
  online: boolean | null;
  /** Open the viewer on this key once the post is loaded (from search). */
  focusKey?: string;
  /** Slot for actions on the selection (share links add "Copy link" here). */
  selectionActions?: (selection: SelectionContext) => React.ReactNode;
}

const KINDS: [KindFilter, string][] = [
  ['all', 'All'],
  ['image', 'Images'],
  ['video', 'Videos'],
  ['other', 'Other'],
];

/** A post: its media as a grid of thumbnails with selection, keyboard and a viewer. */
export function PostView({ profileId, model, post, online, focusKey, selectionActions }: Props): React.JSX.Element {
  const [query, setQuery] = useState<{ kind: KindFilter; sort: MediaSort; filter: string }>({ kind: 'all', sort: 'name', filter: '' });
  const { kind, sort, filter } = query;
  const [reload, setReload] = useState(0);
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [active, setActive] = useState(0);
  const [viewing, setViewing] = useState<number | null>(null);
  const grid = useRef<VirtualGridHandle>(null);
  // Search → post: open the viewer on the item the person picked, once.
  const [locate] = useState(() => {
    if (!focusKey) return undefined;
    let done = false;
    return {
      key: focusKey,
      onLocated: (index: number) => {
        // Only the first answer: later queries (kind, sort) must not reopen the viewer.
        if (done || index < 0) return;
        done = true;
        setActive(index);
        setSelection(selectOne(index));
        requestAnimationFrame(() => grid.current?.scrollToIndex(index));
        setViewing(index);
      },
    };
  });
  const media = usePagedMedia({ model, post, kind, sort, filter }, reload, locate);
  // Cache the whole post for offline use while it is open (visible tiles still jump the queue).
  useEffect(() => void window.api.thumbs.prefetch({ model, post }), [model, post]);
  // A new query: indices mean other items now.
  const change = (next: Partial<typeof query>) => {
    setQuery((q) => ({ ...q, ...next }));
    setSelection(emptySelection);
    setActive(0);
  };
  const setKind = (k: KindFilter) => change({ kind: k });
  const setSort = (s: MediaSort) => change({ sort: s });
  const setFilter = (f: string) => change({ filter: f });
  useEvent(
    'library:changed',
    useCallback(() => setReload((r) => r + 1), []),
  );


  const total = media.total;
  const moveTo = (index: number, e: { shiftKey: boolean }) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    grid.current?.scrollToIndex(next);
    setSelection((s) => (e.shiftKey ? extend(s, next) : selectOne(next)));
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (total === 0) return;
    const cols = grid.current?.columns() ?? 1;
    const mod = e.ctrlKey || e.metaKey;
    const page = cols * 4;
    const moves: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowLeft: active - 1,
      ArrowDown: active + cols,
      ArrowUp: active - cols,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: total - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!, e);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      setViewing(active);
    } else if (e.key === ' ') {
      e.preventDefault();
      setSelection((s) => toggle(s, active));
    } else if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      setSelection(selectAll(total));
    } else if (e.key === 'Escape') {
      setSelection(emptySelection);
    }
  };

  const onItemClick = useCallback((index: number, e: React.MouseEvent) => {
    setActive(index);
    if (e.shiftKey) setSelection((s) => extend(s, index, e.ctrlKey || e.metaKey));
    else if (e.ctrlKey || e.metaKey) setSelection((s) => toggle(s, index));
    else setSelection(selectOne(index));
    grid.current?.element()?.focus({ preventScroll: true });
  }, []);

  const selectedCount = selection.selected.size;
  const context: SelectionContext = {
    model,
    post,
    count: selectedCount,
    items: () => media.resolve([...selection.selected].sort((a, b) => a - b)),
  };
  // Share links: the selection, or the focused item when nothing is selected.
  const links = useShareKeys();
  const selectedKeys = async () => (await context.items()).map((m) => m.key);
  const shortcutKeys = async () => {
    if (selectedCount > 0) return selectedKeys();
    const focused = grid.current?.element()?.contains(document.activeElement);
    return focused ? (await media.resolve([active])).map((m) => m.key) : [];
  };
  useCopyLinkShortcut(() => void links.copy(shortcutKeys), total > 0 && viewing === null && !links.sharing);

  return (
    <section className="view view-grid" aria-labelledby="post-title">
      <header className="view-header">
        <h1 id="post-title">{post}</h1>
        {media.state === 'ready' && <span className="muted">{formatCount(total, 'item')}</span>}
        <div className="toolbar">
          <div className="segmented" role="radiogroup" aria-label="Kind">
            {KINDS.map(([k, label]) => (
              <button key={k} role="radio" aria-checked={kind === k} className={kind === k ? 'on' : ''} onClick={() => setKind(k)}>
                {label}
              </button>
            ))}
          </div>
          <FilterInput value={filter} onChange={setFilter} placeholder="Filter files" />
          <SortSelect
            value={sort}
            onChange={setSort}
            options={[['name', 'Name'], ['newest', 'Newest'], ['oldest', 'Oldest'], ['size', 'Size']]}
          />
        </div>
      </header>
      <div className={`selection-bar ${selectedCount > 0 ? 'shown' : ''}`} aria-live="polite">
        {selectedCount > 0 ? (
          <>
            <strong data-testid="selection-count">{formatCount(selectedCount, 'item')} selected</strong>
            <button className="link-button" onClick={() => setSelection(selectAll(total))}>
              Select all
            </button>
            <button className="link-button" onClick={() => setSelection(emptySelection)}>
              Clear
            </button>
            <span className="selection-actions">
              <SelectionLinkButtons
                count={selectedCount}
                busy={links.busy}
                onCopy={() => void links.copy(selectedKeys)}
                onShare={() => void links.share(selectedKeys)}
              />
              {selectionActions?.(context)}
            </span>
          </>
        ) : (
          <span className="muted small">
            Click to select · Shift-click for a range · {navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl'}-click to add · Enter opens · Space toggles
          </span>
        )}
      </div>
      {media.state === 'error' && <div className="notice error view-pad" role="alert">{media.error?.message}</div>}
      {media.state === 'ready' && total === 0 && (
        <EmptyState title={filter || kind !== 'all' ? 'Nothing matches these filters' : 'This post is empty'}>
          {filter || kind !== 'all' ? 'Show all kinds or clear the filter.' : 'Drop photos or videos here to upload them into this post.'}
        </EmptyState>
      )}
      {total > 0 && (
        <div className="post-drop-zone" data-model={model} data-post={post}>
          <VirtualGrid
            ref={grid}
            label={`Media of ${post}`}
            testId="media-grid"
            role="listbox"
            ariaMultiselectable
            tabIndex={0}
            onKeyDown={onKeyDown}
            activeDescendant={`media-${active}`}
            count={total}
            minColumnWidth={168}
            gap={10}
            rowHeight={(w) => w}
            onRange={media.ensure}
            renderItem={(i) => (
              <MediaTile
                key={i}
                index={i}
                item={media.get(i)}
                profileId={profileId}
                selected={selection.selected.has(i)}
                active={i === active}
                onClick={onItemClick}
                onOpen={setViewing}
              />
            )}
          />
        </div>
      )}
      {viewing !== null && total > 0 && (
        <Viewer
          profileId={profileId}
          media={media}
          index={viewing}
          online={online}
          onIndex={(i) => {
            setViewing(i);
            setActive(i);
            setSelection(selectOne(i));
            grid.current?.scrollToIndex(i);
          }}
          onClose={() => {
            setViewing(null);
            grid.current?.element()?.focus({ preventScroll: true });
          }}
        />
      )}
      {links.dialog}
    </section>
  );
}

interface TileProps {
  index: number;
  item: MediaItem | undefined;
  profileId: string;
  selected: boolean;
  active: boolean;
  onClick: (index: number, e: React.MouseEvent) => void;
  onOpen: (index: number) => void;
}

/** One grid cell; memoized so scrolling re-renders only the rows that enter. */
const MediaTile = memo(function MediaTile({ index, item, profileId, selected, active, onClick, onOpen }: TileProps): React.JSX.Element {
  return (
    <div
      id={`media-${index}`}
      role="option"
      aria-selected={selected}
      aria-label={item?.name ?? 'Loading'}
      className={`tile ${selected ? 'selected' : ''} ${active ? 'active' : ''}`}
      onClick={(e) => onClick(index, e)}
      onDoubleClick={() => onOpen(index)}
    >
      {item ? (
        <>
          <Thumb src={thumbUrl(profileId, item.key, item.etag)} kind={item.kind} name={item.name} />
          {item.kind === 'video' && <span className="badge badge-video">▶ Video</span>}
          <span className="tile-info">
            <span className="tile-name">{item.name}</span>
            <span className="tile-size">{formatBytes(item.size)}</span>
          </span>
          <span className="tile-check" aria-hidden>
            ✓
          </span>
        </>
      ) : (
        <div className="thumb skeleton" />
      )}
    </div>
  );
});
