import clsx from 'clsx';
import styles from './Spinner.module.css';

/** Work under way whose length is unknown (a sync's listing, a connection check). Decorative: the text beside it says what runs. */
export function Spinner({ size = 'md' }: { size?: 'md' | 'sm' }): React.JSX.Element {
  return <span className={clsx(styles.spinner, size === 'sm' && styles.sm)} aria-hidden />;
}
