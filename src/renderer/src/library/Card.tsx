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
  /** A pill over the cover's top corner (kept offline). */
  badge?: React.ReactNode;
}

/** A focusable card that opens on click, Enter or Space (arrow keys move between cards: VirtualGrid). */
export function Card({ name, onOpen, cover, icon, count, meta, note, badge }: Props): React.JSX.Element {
  return (
    <div
      role="listitem"
      className={styles.card}
      tabIndex={0}
      aria-label={name}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen();
        }
      }}
    >
      <div className={styles.cover}>
        {cover}
        {icon && <span className={styles.icon}>{icon}</span>}
        {count && <span className={styles.count}>{count}</span>}
        {badge && <span className={styles.badge}>{badge}</span>}
      </div>
      <div className={styles.body}>
        <h3 className={styles.title}>{name}</h3>
        {meta && <p className={styles.meta}>{meta}</p>}
        {note && <p className={clsx(styles.meta, styles.muted)}>{note}</p>}
      </div>
    </div>
  );
}

/** The cover picture's class: fills the cover. */
export const coverClass = styles.coverImage;
