import clsx from 'clsx';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { KindFilter, MediaSort, Orientation } from '../../../shared/domain';
import { ActionButtons } from '../actions/ActionButtons';
import { runShortcut, useActions } from '../actions/registry';
import type { Action, ActionTarget } from '../actions/types';
import { TILE_WIDTH, setPreferences, usePreferences, type Density } from '../app/preferences';
import { formatCount } from '../format';
import { MediaList } from '../library/MediaList';
import { CAPTION_HEIGHT, MediaTile } from '../library/MediaTile';
import { SIZE_PRESETS, factFilterCount, mediaQueryOf, type PostFilters, type SizePreset } from '../library/post-filters';
import { emptySelection, extend, selectAll, selectOne, toggle, type Selection } from '../library/selection';
import { FilterInput, SortSelect } from '../library/Toolbar';
import { useLocate, useMediaPages } from '../library/useMediaPages';
import { usePrefetchThumbnails } from '../library/usePrefetchThumbnails';
import view from '../library/view.module.css';
import { VirtualGrid, type VirtualGridHandle } from '../library/VirtualGrid';
import { useCopyLinkShortcut } from '../links/useCopyLinks';
import { SelectionLinkButtons, useShareKeys } from '../links/useShareKeys';
import { useDragOut } from '../downloads/useDragOut';
import { DownloadButton, useExport } from '../downloads/useExport';
import { KeepOfflineButton } from '../offline/KeepOfflineButton';
import { endDrag, startDrag } from '../organise/drag';
import { useOrganise } from '../organise/useOrganise';
import { Button } from '../ui/Button';
import { InlineRename } from '../ui/InlineRename';
import { anchorOf, isMenuKey, useContextMenu } from '../ui/ContextMenu';
import { EmptyState } from '../ui/EmptyState';
import { Notice } from '../ui/Notice';
import styles from './PostView.module.css';
import { Viewer } from './Viewer';

export { DEFAULT_FILTERS, type PostFilters } from '../library/post-filters';

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

const SORTS: [MediaSort, string][] = [
  ['name', 'Name'],
  ['taken', 'Date taken'],
  ['newest', 'Newest upload'],
  ['oldest', 'Oldest upload'],
  ['size', 'Size'],
  ['dimensions', 'Dimensions'],
  ['duration', 'Duration'],
  ['kind', 'Kind'],
  ['access', 'Access'],
];

const DENSITIES: [Density, string][] = [
  ['compact', 'Small tiles'],
  ['comfortable', 'Medium tiles'],
  ['large', 'Large tiles'],
];

/** A post: its media as a grid of thumbnails or a sortable list, with selection, keyboard and a viewer. */
export function PostView({ profileId, model, post, online, filters, onFilters, viewer }: Props): React.JSX.Element {
  const { kind, sort, reverse, filter } = filters;
  const query = mediaQueryOf(model, post, filters);
  const queryId = JSON.stringify(query);
  const { layout, captions, density } = usePreferences();
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [active, setActive] = useState(0);
  const [showFilters, setShowFilters] = useState(() => factFilterCount(filters) > 0);
  const filtersId = useId();
  // Where keys this view has shown sit in the ordering, so the viewer's own moves need no lookup.
  const [known, setKnown] = useState<{ queryId: string; at: ReadonlyMap<string, number> }>({ queryId, at: new Map() });
  // Another kind, sort or filter: indices mean other items now.
  if (known.queryId !== queryId) {
    setKnown({ queryId, at: new Map() });
    setSelection(emptySelection);
    setActive(0);
  }
  const grid = useRef<VirtualGridHandle>(null);
  // The tile renamed in place (F2), by index.
  const [renaming, setRenaming] = useState<number | null>(null);
  const organise = useOrganise();

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
  // Items moved, deleted or synced in or out: indices mean other items now, so the selection goes (it would name the wrong files).
  const [selectedOf, setSelectedOf] = useState(total);
  if (selectedOf !== total) {
    setSelectedOf(total);
    // (From 0 it is the first page answering, which a selection made by a link from search waits for.)
    if (selectedOf > 0 && selection.selected.size > 0) setSelection(emptySelection);
  }
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
    if (isMenuKey(e)) {
      e.preventDefault();
      if (!selection.selected.has(active)) setSelection(selectOne(active));
      menu.open(anchorOf(document.getElementById(`media-${active}`)));
      return;
    }
    if (runShortcut(actions, e)) {
      e.preventDefault();
      return;
    }
    const cols = grid.current?.columns() ?? 1;
    const mod = e.ctrlKey || e.metaKey;
    const page = cols === 1 ? 10 : cols * 4;
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
  const menu = useContextMenu();
  const openMenu = useRef(menu.open);
  useEffect(() => {
    openMenu.current = menu.open;
  });
  // Right-click on an item outside the selection acts on that item alone (as file managers do).
  const onItemMenu = useCallback((index: number, e: React.MouseEvent) => {
    e.preventDefault();
    setActive(index);
    setSelection((s) => (s.selected.has(index) ? s : selectOne(index)));
    grid.current?.element()?.focus({ preventScroll: true });
    openMenu.current({ x: e.clientX, y: e.clientY });
  }, []);

  // A tile in the selection drags the selection; another drags itself alone (and becomes the selection).
  const dragState = useRef({ selection, media, model, post });
  useEffect(() => {
    dragState.current = { selection, media, model, post };
  });
  const onItemDrag = useCallback((index: number, e: React.DragEvent) => {
    const { selection: s, media: m, model: fromModel, post: fromPost } = dragState.current;
    const indices = s.selected.has(index) ? [...s.selected].sort((a, b) => a - b) : [index];
    if (!s.selected.has(index)) setSelection(selectOne(index));
    startDrag(e, { kind: 'media', model: fromModel, post: fromPost, count: indices.length, items: () => m.resolve(indices) });
  }, []);

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
  const extraFilters = factFilterCount(filters);
  const filtered = filter !== '' || kind !== 'all' || extraFilters > 0;
  const selectionExport = useExport();
  // Alt/⌥-drag copies the originals out of the window (main's OS drag); a plain drag moves tiles within the library (organise).
  const { onDragStart: startDragOut, status: dragStatus } = useDragOut();
  // Stable (its inputs read from refs at drag time): a new one each render would re-render every mounted tile
  // whenever the view renders — each page the scroll loads.
  const dragOut = useRef(startDragOut);
  useEffect(() => {
    dragOut.current = startDragOut;
  });
  const onTileDrag = useCallback(
    (index: number, e: React.DragEvent) => {
      if (!e.altKey) return onItemDrag(index, e);
      const { selection: s, media: m } = dragState.current;
      const indices = s.selected.has(index) ? [...s.selected].sort((a, b) => a - b) : [index];
      dragOut.current(e, async () => (await m.resolve(indices)).map((item) => item.key));
    },
    [onItemDrag],
  );

  // What the context menu and the grid's shortcuts act on: the selection, or the active item.
  const targetIndices = () => (selectedCount > 0 ? [...selection.selected].sort((a, b) => a - b) : [active]);
  const target: ActionTarget | null =
    total > 0
      ? {
          kind: 'media',
          profileId,
          model,
          post,
          origin: 'grid',
          count: selectedCount > 0 ? selectedCount : 1,
          first: media.get(targetIndices()[0]!),
          items: () => media.resolve(targetIndices()),
          // One loaded item in the grid renames where its name is shown.
          beginRename: targetIndices().length === 1 && media.get(targetIndices()[0]!) ? () => setRenaming(targetIndices()[0]!) : undefined,
        }
      : null;
  const endRename = () => {
    setRenaming(null);
    requestAnimationFrame(() => grid.current?.element()?.focus({ preventScroll: true }));
  };
  const own: Action[] =
    target && target.count === 1 ? [{ id: 'open', label: 'Open', group: 'open', key: 'Enter', run: () => void openViewer(targetIndices()[0]!) }] : [];
  const actions = useActions(viewing === null ? target : null, own);

  return (
    <section className={view.view} aria-labelledby="post-title">
      <header className={view.header}>
        <h1 id="post-title">{post}</h1>
        {media.status === 'success' && <span className={view.count}>{formatCount(total, 'item')}</span>}
        <div className={clsx(view.toolbar, styles.toolbar)}>
          <div className={styles.segmented} role="radiogroup" aria-label="Kind">
            {KINDS.map(([k, label]) => (
              <button key={k} type="button" role="radio" aria-checked={kind === k} onClick={() => onFilters({ kind: k })}>
                {label}
              </button>
            ))}
          </div>
          <FilterInput value={filter} onChange={(f) => onFilters({ filter: f })} placeholder="Filter files" />
          <Button aria-expanded={showFilters} aria-controls={filtersId} onClick={() => setShowFilters((s) => !s)} data-testid="more-filters">
            Filters{extraFilters > 0 ? ` (${extraFilters})` : ''}
          </Button>
          <SortSelect value={sort} onChange={(s) => onFilters({ sort: s, reverse: false })} options={SORTS} />
          <Button
            variant="quiet"
            className={styles.reverse}
            aria-pressed={reverse}
            aria-label="Reverse the order"
            title="Reverse the order"
            onClick={() => onFilters({ reverse: !reverse })}
          >
            ⇅
          </Button>
        </div>
      </header>
      <div className={styles.offlineBar}>
        <KeepOfflineButton profileId={profileId} scope={{ model, post }} />
        <DownloadButton target={{ model, post }} />
        {dragStatus}
      </div>
      {showFilters && <FactFilters id={filtersId} filters={filters} onFilters={onFilters} />}
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
              <ActionButtons actions={actions} groups={['organise', 'danger']} />
            </span>
          </>
        ) : (
          <span className={styles.hint}>
            Click to select · Shift-click for a range · {navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl'}-click to add · Enter opens · Space toggles · {navigator.platform.startsWith('Mac') ? '⌥' : 'Alt'}-drag out copies to the desktop
          </span>
        )}
        <ViewOptions layout={layout} captions={captions} density={density} />
      </div>
      {media.status === 'error' && (
        <Notice tone="error" className={view.pad} role="alert">
          {media.error?.message}
        </Notice>
      )}
      {media.status === 'success' && total === 0 && (
        <EmptyState title={filtered ? 'Nothing matches these filters' : 'This post is empty'}>
          {filtered ? 'Show all kinds, clear the filter or widen the filters.' : 'Drop photos or videos here to upload them into this post.'}
        </EmptyState>
      )}
      {total > 0 && layout === 'list' && (
        <MediaList
          ref={grid}
          profileId={profileId}
          label={`Media of ${post}`}
          count={total}
          get={media.get}
          sort={sort}
          reverse={reverse}
          onSort={(s, r) => onFilters({ sort: s, reverse: r })}
          isSelected={(i) => selection.selected.has(i)}
          active={active}
          onKeyDown={onKeyDown}
          onRange={media.showRange}
          onItemClick={onItemClick}
          onItemOpen={onItemOpen}
        />
      )}
      {total > 0 && layout === 'grid' && (
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
            minColumnWidth={TILE_WIDTH[density]}
            gap={density === 'compact' ? 6 : 10}
            rowHeight={(w) => (captions ? w + CAPTION_HEIGHT : w)}
            onRange={media.showRange}
            renderItem={(i) => (
              <MediaTile
                key={i}
                index={i}
                item={media.get(i)}
                profileId={profileId}
                selected={selection.selected.has(i)}
                active={i === active}
                captions={captions}
                onClick={onItemClick}
                onOpen={onItemOpen}
                onContextMenu={onItemMenu}
                onDragStart={onTileDrag}
                onDragEnd={endDrag}
                nameEditor={
                  renaming === i && media.get(i) ? (
                    <InlineRename
                      value={media.get(i)!.name}
                      label={`New name for ${media.get(i)!.name}`}
                      selectStem
                      onCancel={endRename}
                      onCommit={(name) => {
                        endRename();
                        void organise.rename({ kind: 'media', key: media.get(i)!.key }, name);
                      }}
                    />
                  ) : undefined
                }
              />
            )}
          />
        </div>
      )}
      {viewing !== null && total > 0 && (
        <Viewer profileId={profileId} model={model} post={post} media={media} index={viewing} online={online} onIndex={(i) => void moveViewer(i)} onClose={closeViewer} />
      )}
      {links.dialog}
      {selectionExport.dialog}
      {menu.render(actions, target && target.count > 1 ? `Actions for ${target.count.toLocaleString()} items` : `Actions for ${target?.first?.name ?? 'the item'}`)}
    </section>
  );
}

/** Grid or list, and for the grid its tile size and captions (this window's preferences). */
function ViewOptions({ layout, captions, density }: { layout: 'grid' | 'list'; captions: boolean; density: Density }): React.JSX.Element {
  return (
    <div className={styles.viewOptions}>
      {layout === 'grid' && (
        <>
          <label className={styles.option}>
            <input type="checkbox" checked={captions} onChange={(e) => setPreferences({ captions: e.target.checked })} />
            Captions
          </label>
          <label className={styles.option}>
            <span className={styles.optionLabel}>Size</span>
            <select value={density} onChange={(e) => setPreferences({ density: e.target.value as Density })} aria-label="Tile size">
              {DENSITIES.map(([d, label]) => (
                <option key={d} value={d}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <div className={styles.segmented} role="radiogroup" aria-label="Layout">
        <button type="button" role="radio" aria-checked={layout === 'grid'} onClick={() => setPreferences({ layout: 'grid' })} data-testid="layout-grid">
          Grid
        </button>
        <button type="button" role="radio" aria-checked={layout === 'list'} onClick={() => setPreferences({ layout: 'list' })} data-testid="layout-list">
          List
        </button>
      </div>
    </div>
  );
}

/** Date range (taken, else uploaded), orientation and size. */
function FactFilters({ id, filters, onFilters }: { id: string; filters: PostFilters; onFilters: (next: Partial<PostFilters>) => void }): React.JSX.Element {
  return (
    <div id={id} className={styles.filters} role="group" aria-label="Filters" data-testid="fact-filters">
      <label className={styles.option}>
        <span className={styles.optionLabel}>From</span>
        <input type="date" value={filters.from ?? ''} onChange={(e) => onFilters({ from: e.target.value || null })} />
      </label>
      <label className={styles.option}>
        <span className={styles.optionLabel}>To</span>
        <input type="date" value={filters.to ?? ''} onChange={(e) => onFilters({ to: e.target.value || null })} />
      </label>
      <label className={styles.option}>
        <span className={styles.optionLabel}>Orientation</span>
        <select value={filters.orientation ?? ''} onChange={(e) => onFilters({ orientation: (e.target.value || null) as Orientation | null })}>
          <option value="">Any</option>
          <option value="landscape">Landscape</option>
          <option value="portrait">Portrait</option>
          <option value="square">Square</option>
        </select>
      </label>
      <label className={styles.option}>
        <span className={styles.optionLabel}>Size</span>
        <select value={filters.size ?? ''} onChange={(e) => onFilters({ size: (e.target.value || null) as SizePreset | null })}>
          <option value="">Any</option>
          {SIZE_PRESETS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <span className={styles.filtersNote}>Dates are when a photo was taken, else when the file was uploaded.</span>
      {factFilterCount(filters) > 0 && (
        <Button variant="link" onClick={() => onFilters({ from: null, to: null, orientation: null, size: null })}>
          Clear filters
        </Button>
      )}
    </div>
  );
}
