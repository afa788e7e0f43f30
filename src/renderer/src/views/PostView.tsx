import clsx from 'clsx';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { KindFilter, MediaItem, MediaSort } from '../../../shared/domain';
import { formatBytes, formatCount } from '../format';
import { emptySelection, extend, selectAll, selectOne, toggle, type Selection } from '../library/selection';
import { Thumb } from '../library/Thumb';
import { FilterInput, SortSelect } from '../library/Toolbar';
import { useLocate, useMediaPages, type MediaQuery } from '../library/useMediaPages';
import { usePrefetchThumbnails } from '../library/usePrefetchThumbnails';
import { thumbUrl } from '../library/urls';
import view from '../library/view.module.css';
import { VirtualGrid, type VirtualGridHandle } from '../library/VirtualGrid';
import { useCopyLinkShortcut } from '../links/useCopyLinks';
import { SelectionLinkButtons, useShareKeys } from '../links/useShareKeys';
import { useDragOut } from '../downloads/useDragOut';
import { DownloadButton, useExport } from '../downloads/useExport';
import { KeepOfflineButton } from '../offline/KeepOfflineButton';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { Notice } from '../ui/Notice';
import styles from './PostView.module.css';
import { Viewer } from './Viewer';

export interface PostFilters {
  kind: KindFilter;
  sort: MediaSort;
  filter: string;
}

/** What a post shows when the URL names no kind, sort or filter. */
export const DEFAULT_FILTERS: PostFilters = { kind: 'all', sort: 'name', filter: '' };

/** The viewer's place in the URL: which item it shows (`undefined`: closed), and how to move it. */
export interface ViewerRoute {
  item: string | undefined;
  /** Opens the viewer on a key (a new history entry). */
  open(key: string): void;
  /** Shows another item (the same history entry). */
  move(key: string): void;
  close(): void;
}

interface Props {
  profileId: string;
  model: string;
  post: string;
  online: boolean | null;
  filters: PostFilters;
  onFilters: (next: Partial<PostFilters>) => void;
  viewer: ViewerRoute;
}

const KINDS: [KindFilter, string][] = [
  ['all', 'All'],
  ['image', 'Images'],
  ['video', 'Videos'],
  ['other', 'Other'],
];

/** A post: its media as a grid of thumbnails with selection, keyboard and a viewer. */
export function PostView({ profileId, model, post, online, filters, onFilters, viewer }: Props): React.JSX.Element {
  const { kind, sort, filter } = filters;
  const query: MediaQuery = { model, post, kind, sort, filter };
  const queryId = `${kind}\n${sort}\n${filter}`;
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [active, setActive] = useState(0);
  // Where keys this view has shown sit in the ordering, so the viewer's own moves need no lookup.
  const [known, setKnown] = useState<{ queryId: string; at: ReadonlyMap<string, number> }>({ queryId, at: new Map() });
  // Another kind, sort or filter: indices mean other items now.
  if (known.queryId !== queryId) {
    setKnown({ queryId, at: new Map() });
    setSelection(emptySelection);
    setActive(0);
  }
  const grid = useRef<VirtualGridHandle>(null);

  // The viewer shows the URL's item: at an index this view knows, or where main says it is (a link from search, Back/Forward).
  const item = viewer.item;
  const knownIndex = item === undefined ? undefined : known.at.get(item);
  const located = useLocate(profileId, query, item !== undefined && knownIndex === undefined ? item : undefined);
  const viewing = item === undefined ? null : (knownIndex ?? (located !== undefined && located >= 0 ? located : null));
  const media = useMediaPages(profileId, query, viewing);
  usePrefetchThumbnails(model, post);

  // Found by main: the grid's cursor and selection follow (once per answer).
  const [followed, setFollowed] = useState<number | undefined>(undefined);
  if (located !== undefined && located >= 0 && located !== followed) {
    setFollowed(located);
    setActive(located);
    setSelection(selectOne(located));
  }
  useEffect(() => {
    if (followed !== undefined) requestAnimationFrame(() => grid.current?.scrollToIndex(followed));
  }, [followed]);

  const total = media.total;
  const remember = (index: number, key: string) => setKnown((k) => ({ ...k, at: new Map(k.at).set(key, index) }));
  const openViewer = async (index: number) => {
    const [m] = await media.resolve([index]);
    if (!m) return;
    remember(index, m.key);
    viewer.open(m.key);
  };
  const moveViewer = async (index: number) => {
    setActive(index);
    setSelection(selectOne(index));
    grid.current?.scrollToIndex(index);
    const [m] = await media.resolve([index]);
    if (!m) return;
    remember(index, m.key);
    viewer.move(m.key);
  };
  const closeViewer = () => {
    viewer.close();
    grid.current?.element()?.focus({ preventScroll: true });
  };

  const moveTo = (index: number, e: { shiftKey: boolean }) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    grid.current?.scrollToIndex(next);
    setSelection((s) => (e.shiftKey ? extend(s, next) : selectOne(next)));
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    // Alt+arrows belong to history (back, forward, up).
    if (total === 0 || e.altKey) return;
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
      void openViewer(active);
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
  const open = useRef(openViewer);
  useEffect(() => {
    open.current = openViewer;
  });
  const onItemOpen = useCallback((index: number) => void open.current(index), []);

  const selectedCount = selection.selected.size;
  // Share links: the selection, or the focused item when nothing is selected.
  const links = useShareKeys();
  const selectedKeys = async () => (await media.resolve([...selection.selected].sort((a, b) => a - b))).map((m) => m.key);
  const shortcutKeys = async () => {
    if (selectedCount > 0) return selectedKeys();
    const focused = grid.current?.element()?.contains(document.activeElement);
    return focused ? (await media.resolve([active])).map((m) => m.key) : [];
  };
  useCopyLinkShortcut(() => void links.copy(shortcutKeys), total > 0 && viewing === null && !links.sharing);
  const filtered = filter !== '' || kind !== 'all';
  const selectionExport = useExport();
  // Dragging a tile drags the selection when it is part of it, else that tile alone.
  const { onDragStart: startDragOut, status: dragStatus } = useDragOut();
  const onItemDrag = useCallback(
    (index: number, e: React.DragEvent) => {
      const indices = selection.selected.has(index) ? [...selection.selected].sort((a, b) => a - b) : [index];
      startDragOut(e, async () => (await media.resolve(indices)).map((m) => m.key));
    },
    [selection, media, startDragOut],
  );

  return (
    <section className={view.view} aria-labelledby="post-title">
      <header className={view.header}>
        <h1 id="post-title">{post}</h1>
        {media.status === 'success' && <span className={view.count}>{formatCount(total, 'item')}</span>}
        <div className={view.toolbar}>
          <div className={styles.kinds} role="radiogroup" aria-label="Kind">
            {KINDS.map(([k, label]) => (
              <button key={k} type="button" role="radio" aria-checked={kind === k} onClick={() => onFilters({ kind: k })}>
                {label}
              </button>
            ))}
          </div>
          <FilterInput value={filter} onChange={(f) => onFilters({ filter: f })} placeholder="Filter files" />
          <SortSelect value={sort} onChange={(s) => onFilters({ sort: s })} options={[['name', 'Name'], ['newest', 'Newest'], ['oldest', 'Oldest'], ['size', 'Size']]} />
        </div>
      </header>
      <div className={styles.offlineBar}>
        <KeepOfflineButton profileId={profileId} scope={{ model, post }} />
        <DownloadButton target={{ model, post }} />
        {dragStatus}
      </div>
      <div className={styles.selectionBar} aria-live="polite">
        {selectedCount > 0 ? (
          <>
            <strong data-testid="selection-count">{formatCount(selectedCount, 'item')} selected</strong>
            <Button variant="link" onClick={() => setSelection(selectAll(total))}>
              Select all
            </Button>
            <Button variant="link" onClick={() => setSelection(emptySelection)}>
              Clear
            </Button>
            <span className={styles.selectionActions}>
              {selectionExport.status}
              <Button size="sm" onClick={() => selectionExport.start(async () => ({ keys: await selectedKeys() }))} disabled={selectionExport.busy}>
                Download…
              </Button>
              <SelectionLinkButtons count={selectedCount} busy={links.busy} onCopy={() => void links.copy(selectedKeys)} onShare={() => void links.share(selectedKeys)} />
            </span>
          </>
        ) : (
          <span className={styles.hint}>
            Click to select · Shift-click for a range · {navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl'}-click to add · Enter opens · Space toggles
          </span>
        )}
      </div>
      {media.status === 'error' && (
        <Notice tone="error" className={view.pad} role="alert">
          {media.error?.message}
        </Notice>
      )}
      {media.status === 'success' && total === 0 && (
        <EmptyState title={filtered ? 'Nothing matches these filters' : 'This post is empty'}>
          {filtered ? 'Show all kinds or clear the filter.' : 'Drop photos or videos here to upload them into this post.'}
        </EmptyState>
      )}
      {total > 0 && (
        <div className={styles.gridArea}>
          <VirtualGrid
            ref={grid}
            className={styles.grid}
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
            onRange={media.showRange}
            renderItem={(i) => (
              <MediaTile
                key={i}
                index={i}
                item={media.get(i)}
                profileId={profileId}
                selected={selection.selected.has(i)}
                active={i === active}
                onClick={onItemClick}
                onOpen={onItemOpen}
                onDragStart={onItemDrag}
              />
            )}
          />
        </div>
      )}
      {viewing !== null && total > 0 && (
        <Viewer profileId={profileId} media={media} index={viewing} online={online} onIndex={(i) => void moveViewer(i)} onClose={closeViewer} />
      )}
      {links.dialog}
      {selectionExport.dialog}
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
  /** Dragging the tile out of the window copies the originals there (issue 16). */
  onDragStart: (index: number, e: React.DragEvent) => void;
}

/** One grid cell; memoized so scrolling re-renders only the rows that enter. */
const MediaTile = memo(function MediaTile({ index, item, profileId, selected, active, onClick, onOpen, onDragStart }: TileProps): React.JSX.Element {
  return (
    <div
      id={`media-${index}`}
      role="option"
      aria-selected={selected}
      aria-label={item?.name ?? 'Loading'}
      className={clsx(styles.tile, active && styles.active)}
      onClick={(e) => onClick(index, e)}
      onDoubleClick={() => onOpen(index)}
      draggable={item !== undefined}
      onDragStart={(e) => onDragStart(index, e)}
    >
      {item ? (
        <>
          <Thumb src={thumbUrl(profileId, item.key, item.etag)} kind={item.kind} name={item.name} className={styles.tileThumb} />
          {item.kind === 'video' && (
            <span className={styles.videoBadge} data-testid="video-badge">
              ▶ Video
            </span>
          )}
          <span className={styles.info}>
            <span className={styles.name}>{item.name}</span>
            <span className={styles.size}>{formatBytes(item.size)}</span>
          </span>
          <span className={styles.check} aria-hidden>
            ✓
          </span>
        </>
      ) : (
        <div className={styles.skeleton} />
      )}
    </div>
  );
});
