import clsx from 'clsx';
import styles from './Card.module.css';

interface Props {
  name: string;
  onOpen: () => void;
  /** The picture filling the cover (a Thumb or an Avatar). */
  cover: React.ReactNode;
  /** A round icon over the cover's corner (a model's). */
  icon?: React.ReactNode;
  /** A count over the cover's other corner (a post's items). */
  count?: string;
  meta?: React.ReactNode;
  /** A quieter second line. */
  note?: React.ReactNode;
  /** Part of the grid's multi-selection. */
  selected?: boolean;
  /** Sees a click first; a handled one (selecting with a modifier) does not open the card. */
  onSelectClick?: (e: React.MouseEvent) => boolean;
  /** Sees keys first (selection, the menu key, F2, Delete); a handled key does not open the card. */
  onKeys?: (e: React.KeyboardEvent<HTMLDivElement>) => boolean;
  onFocus?: () => void;
  onContextMenu?: (e: React.MouseEvent) => void;
  /** Replaces the title while the card is renamed in place. */
  titleEditor?: React.ReactNode;
  /** Drop target props (moving media onto a post card). */
  dropProps?: React.HTMLAttributes<HTMLDivElement> & { 'data-drop-active'?: boolean };
  dragProps?: React.HTMLAttributes<HTMLDivElement> & { draggable?: boolean };
  /** A pill over the cover's top corner (kept offline). */
  badge?: React.ReactNode;
}

/** A focusable card that opens on click, Enter or Space (arrow keys move between cards: VirtualGrid). */
export function Card({ name, onOpen, cover, icon, count, meta, note, selected, onSelectClick, onKeys, onFocus, onContextMenu, titleEditor, dropProps, dragProps, badge }: Props): React.JSX.Element {
  return (
    <div
      role="listitem"
      className={clsx(styles.card, selected && styles.selected)}
      tabIndex={0}
      aria-label={name}
      aria-description={selected ? 'selected' : undefined}
      data-selected={selected || undefined}
      onClick={(e) => {
        if (titleEditor || onSelectClick?.(e)) return;
        onOpen();
      }}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onFocus?.();
      }}
      onContextMenu={onContextMenu}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (onKeys?.(e)) {
          e.preventDefault();
          return;
        }
        if (e.key === 'Enter' || (e.key === ' ' && !onSelectClick)) {
          e.preventDefault();
          onOpen();
        }
      }}
      {...dragProps}
      {...dropProps}
    >
      <div className={styles.cover}>
        {cover}
        {icon && <span className={styles.icon}>{icon}</span>}
        {count && <span className={styles.count}>{count}</span>}
        {badge && <span className={styles.badge}>{badge}</span>}
        {selected && (
          <span className={styles.check} aria-hidden>
            ✓
          </span>
        )}
      </div>
      <div className={styles.body}>
        {titleEditor ?? <h3 className={styles.title}>{name}</h3>}
        {meta && <p className={styles.meta}>{meta}</p>}
        {note && <p className={clsx(styles.meta, styles.muted)}>{note}</p>}
      </div>
    </div>
  );
}

/** The cover picture's class: fills the cover. */
export const coverClass = styles.coverImage;
