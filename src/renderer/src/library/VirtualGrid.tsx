import { useVirtualizer } from '@tanstack/react-virtual';
import clsx from 'clsx';
import { forwardRef, memo, useEffect, useImperativeHandle, useRef } from 'react';
import styles from './VirtualGrid.module.css';
import { useElementWidth } from './useElementWidth';

export interface VirtualGridHandle {
  scrollToIndex(index: number): void;
  columns(): number;
  element(): HTMLDivElement | null;
}

interface Props {
  count: number;
  minColumnWidth: number;
  gap?: number;
  /** Row height for a given column width (cards keep their aspect). */
  rowHeight: (columnWidth: number) => number;
  renderItem: (index: number, columnWidth: number) => React.ReactNode;
  /** Visible item range, for paged loading. */
  onRange?: (start: number, end: number) => void;
  className?: string;
  label: string;
  testId?: string;
  role?: string;
  tabIndex?: number;
  onKeyDown?: (e: React.KeyboardEvent<HTMLDivElement>) => void;
  activeDescendant?: string;
  ariaMultiselectable?: boolean;
  /** Arrow keys move focus between items (cards that are focusable themselves). */
  cardNavigation?: boolean;
}

/**
 * A virtualized grid: only the visible rows (plus a few) are in the DOM, so
 * 100,000 items scroll like 100. Columns follow the width; rows are fixed
 * height, which keeps the virtualizer's arithmetic exact.
 */
export const VirtualGrid = forwardRef<VirtualGridHandle, Props>(function VirtualGrid(props, ref) {
  const { count, minColumnWidth, gap = 14, rowHeight, renderItem, onRange } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scrollRef);

  const padding = 24;
  const inner = Math.max(0, width - padding * 2);
  const columns = Math.max(1, Math.floor((inner + gap) / (minColumnWidth + gap)));
  const columnWidth = columns > 0 ? (inner - gap * (columns - 1)) / columns : minColumnWidth;
  const height = Math.round(rowHeight(columnWidth));
  const rows = Math.ceil(count / columns);

  const virtualizer = useVirtualizer({
    // No rows until the width is known: at width 0 it is one column, and the virtualizer would lay out a row
    // per item (100,000 measurements, tens of ms) only to throw them away a render later for the real columns.
    count: width > 0 ? rows : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => height + gap,
    overscan: 3,
    paddingStart: 4,
    paddingEnd: padding,
    // Let React batch scroll updates with the frame instead of rendering synchronously in the scroll handler.
    useFlushSync: false,
  });
  useEffect(() => virtualizer.measure(), [height, columns, virtualizer]);

  useImperativeHandle(
    ref,
    () => ({
      scrollToIndex: (index) => virtualizer.scrollToIndex(Math.floor(index / columns), { align: 'auto' }),
      columns: () => columns,
      element: () => scrollRef.current,
    }),
    [virtualizer, columns],
  );

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (last >= 0) onRange?.(first * columns, Math.min(count, (last + 1) * columns));
  }, [first, last, columns, count, onRange]);

  const onCardKeys = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const from = Number((e.target as HTMLElement).closest('[data-index]')?.getAttribute('data-index'));
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
    // Alt+arrows belong to history (back, forward, up).
    if (e.altKey || !(e.key in moves) || !Number.isFinite(from)) return;
    e.preventDefault();
    const to = Math.max(0, Math.min(count - 1, from + moves[e.key]!));
    virtualizer.scrollToIndex(Math.floor(to / columns), { align: 'auto' });
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${to}"] > *`)?.focus());
  };

  return (
    <div
      ref={scrollRef}
      className={clsx(styles.grid, props.className)}
      aria-label={props.label}
      data-testid={props.testId}
      role={props.role ?? 'list'}
      tabIndex={props.tabIndex}
      onKeyDown={props.cardNavigation ? onCardKeys : props.onKeyDown}
      aria-activedescendant={props.activeDescendant}
      aria-multiselectable={props.ariaMultiselectable}
    >
      {/* While it scrolls, the content takes no pointer: no hit tests and hover restyles for the mouse the content slides under. */}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} className={clsx(virtualizer.isScrolling && styles.scrolling)}>
        {width > 0 &&
          items.map((row) => (
            <GridRow key={row.key} row={row.index} start={row.start} left={padding} height={height} columns={columns} columnWidth={columnWidth} gap={gap} count={count} renderItem={renderItem} />
          ))}
      </div>
    </div>
  );
});

interface RowProps {
  row: number;
  start: number;
  left: number;
  height: number;
  columns: number;
  columnWidth: number;
  gap: number;
  count: number;
  renderItem: (index: number, columnWidth: number) => React.ReactNode;
}

/**
 * One row of cells. Memoised: a scroll re-renders the grid for the rows that came and went, and the rows that stay
 * (same props; `renderItem` changes only when the owner re-renders) are skipped instead of re-rendering every cell.
 */
const GridRow = memo(function GridRow({ row, start, left, height, columns, columnWidth, gap, count, renderItem }: RowProps): React.JSX.Element {
  return (
    <div
      className={styles.row}
      role="presentation"
      style={{
        position: 'absolute',
        top: 0,
        left,
        right: left,
        height,
        transform: `translateY(${start}px)`,
        display: 'grid',
        gridTemplateColumns: `repeat(${columns}, ${columnWidth}px)`,
        gap,
      }}
    >
      {Array.from({ length: columns }, (_, c) => {
        const index = row * columns + c;
        return index < count ? (
          <div key={index} data-index={index} style={{ display: 'contents' }}>
            {renderItem(index, columnWidth)}
          </div>
        ) : null;
      })}
    </div>
  );
});
