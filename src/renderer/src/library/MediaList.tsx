import { useVirtualizer } from '@tanstack/react-virtual';
import clsx from 'clsx';
import { forwardRef, memo, useEffect, useImperativeHandle, useRef } from 'react';
import type { MediaItem, MediaSort } from '../../../shared/domain';
import { formatDuration } from '../../../shared/media-facts';
import { formatBytes, formatDate, formatDimensions, formatTaken } from '../format';
import styles from './MediaList.module.css';
import { Thumb } from './Thumb';
import { badgesOf, renderBadges } from './tile-badges';
import { thumbUrl } from './urls';
import type { VirtualGridHandle } from './VirtualGrid';

/** The list's columns: each sorts by one MediaSort (clicking the sorted column again reverses it). */
export const LIST_COLUMNS: { id: string; label: string; sort: MediaSort; numeric?: boolean }[] = [
  { id: 'name', label: 'Name', sort: 'name' },
  { id: 'kind', label: 'Kind', sort: 'kind' },
  { id: 'size', label: 'Size', sort: 'size', numeric: true },
  { id: 'dimensions', label: 'Dimensions', sort: 'dimensions', numeric: true },
  { id: 'duration', label: 'Duration', sort: 'duration', numeric: true },
  { id: 'date', label: 'Date', sort: 'taken' },
  { id: 'access', label: 'Access', sort: 'access' },
];

/** Which way a sort runs when not reversed (the core's natural direction: MediaPager). */
const DESCENDING: ReadonlySet<MediaSort> = new Set(['size', 'dimensions', 'duration', 'taken', 'newest', 'access']);

export function sortDirection(sort: MediaSort, reverse: boolean): 'ascending' | 'descending' {
  return DESCENDING.has(sort) !== reverse ? 'descending' : 'ascending';
}

const ROW_HEIGHT = 44;
/** The sticky header's height: rows start below it, and scrolling to a row keeps it out from under it. */
const HEAD_HEIGHT = 36;

interface Props {
  profileId: string;
  count: number;
  get: (index: number) => MediaItem | undefined;
  label: string;
  sort: MediaSort;
  reverse: boolean;
  onSort: (sort: MediaSort, reverse: boolean) => void;
  isSelected: (index: number) => boolean;
  active: number;
  onKeyDown: (e: React.KeyboardEvent<HTMLDivElement>) => void;
  onRange: (start: number, end: number) => void;
  onItemClick: (index: number, e: React.MouseEvent) => void;
  onItemOpen: (index: number) => void;
}

/**
 * The details view of a post: one row per item (name, kind, size,
 * dimensions, duration, date, access), sortable by column, virtualized like
 * the grid. An ARIA grid: the body holds the focus and names the active row
 * (arrows, Enter, Space as in the grid); the column headers are buttons.
 */
export const MediaList = forwardRef<VirtualGridHandle, Props>(function MediaList(props, ref) {
  const { count, get, onRange } = props;
  const scroll = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroll.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    useFlushSync: false,
  });
  useImperativeHandle(
    ref,
    () => ({
      scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
      columns: () => 1,
      element: () => scroll.current,
    }),
    [virtualizer],
  );
  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (last >= 0) onRange(first, last + 1);
  }, [first, last, onRange]);

  return (
    <div
      className={styles.table}
      role="grid"
      aria-label={props.label}
      aria-rowcount={count + 1}
      aria-multiselectable
      data-testid="media-list"
      tabIndex={0}
      ref={scroll}
      onKeyDown={props.onKeyDown}
      aria-activedescendant={count > 0 ? `media-row-${props.active}` : undefined}
    >
      <div role="rowgroup" className={styles.head}>
        <div role="row" aria-rowindex={1} className={styles.row}>
          {LIST_COLUMNS.map((c) => {
            const sorted = props.sort === c.sort || (c.id === 'date' && (props.sort === 'newest' || props.sort === 'oldest'));
            const direction = sorted ? sortDirection(props.sort, props.reverse) : undefined;
            return (
              <div key={c.id} role="columnheader" aria-sort={direction ?? 'none'} className={clsx(styles.cell, styles[c.id], c.numeric && styles.numeric)}>
                <button
                  type="button"
                  className={styles.sortButton}
                  // Keys in the header belong to it: the body's arrows must not move the cursor meanwhile.
                  onKeyDown={(e) => e.stopPropagation()}
                  onClick={() => props.onSort(c.sort, props.sort === c.sort ? !props.reverse : false)}
                >
                  {c.label}
                  <span aria-hidden className={styles.arrow}>
                    {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className={styles.body} style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => (
          <ListRow
            key={row.key}
            index={row.index}
            top={row.start - HEAD_HEIGHT}
            item={get(row.index)}
            profileId={props.profileId}
            selected={props.isSelected(row.index)}
            active={row.index === props.active}
            onClick={props.onItemClick}
            onOpen={props.onItemOpen}
          />
        ))}
      </div>
    </div>
  );
});

interface RowProps {
  index: number;
  top: number;
  item: MediaItem | undefined;
  profileId: string;
  selected: boolean;
  active: boolean;
  onClick: (index: number, e: React.MouseEvent) => void;
  onOpen: (index: number) => void;
}

const ListRow = memo(function ListRow({ index, top, item, profileId, selected, active, onClick, onOpen }: RowProps): React.JSX.Element {
  const facts = item?.facts ?? null;
  const taken = facts?.takenAt ?? null;
  return (
    <div
      id={`media-row-${index}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={clsx(styles.row, styles.item, active && styles.active)}
      style={{ transform: `translateY(${top}px)` }}
      onClick={(e) => onClick(index, e)}
      onDoubleClick={() => onOpen(index)}
      data-testid="media-row"
    >
      {item ? (
        <>
          <div role="gridcell" className={clsx(styles.cell, styles.name)}>
            <Thumb src={thumbUrl(profileId, item.key, item.etag)} kind={item.kind} name={item.name} className={styles.thumb} />
            <span className={styles.nameText}>{item.name}</span>
            {renderBadges(badgesOf(item))}
          </div>
          <div role="gridcell" className={clsx(styles.cell, styles.kind)}>
            {facts?.codec ? `${item.kind} · ${facts.codec}` : item.kind}
          </div>
          <div role="gridcell" className={clsx(styles.cell, styles.size, styles.numeric)}>
            {formatBytes(item.size)}
          </div>
          <div role="gridcell" className={clsx(styles.cell, styles.dimensions, styles.numeric)}>
            {formatDimensions(facts?.width ?? null, facts?.height ?? null)}
          </div>
          <div role="gridcell" className={clsx(styles.cell, styles.duration, styles.numeric)}>
            {facts?.durationMs ? formatDuration(facts.durationMs) : '—'}
          </div>
          <div role="gridcell" className={clsx(styles.cell, styles.date)} title={taken !== null ? 'Date taken' : 'Date modified (no date taken)'}>
            {taken !== null ? formatTaken(taken, false) : <span className={styles.muted}>{formatDate(item.lastModified)}</span>}
          </div>
          <div role="gridcell" className={clsx(styles.cell, styles.access)}>
            {item.isPublic === null ? <span className={styles.muted}>Unknown</span> : item.isPublic ? 'Public' : 'Private'}
          </div>
        </>
      ) : (
        <div role="gridcell" className={clsx(styles.cell, styles.loading)}>
          Loading…
        </div>
      )}
    </div>
  );
});
