import clsx from 'clsx';
import styles from './Notice.module.css';

type Props = React.HTMLAttributes<HTMLElement> & { tone?: 'info' | 'ok' | 'error' | 'warn'; small?: boolean; as?: 'div' | 'p' | 'ul' };

/** A boxed message: an error from main, a warning, a note, a check that passed. */
export function Notice({ tone = 'info', small, as: Tag = 'div', className, ...rest }: Props): React.JSX.Element {
  return <Tag className={clsx(styles.notice, tone !== 'info' && styles[tone], small && styles.small, className)} {...rest} />;
}
