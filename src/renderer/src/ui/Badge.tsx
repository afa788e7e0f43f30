import clsx from 'clsx';
import styles from './Badge.module.css';

export type BadgeTone = 'neutral' | 'ok' | 'warn' | 'danger';

/** A small pill: Public / Private, Active, Expired… */
export function Badge({ tone = 'neutral', className, ...rest }: React.HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }): React.JSX.Element {
  return <span className={clsx(styles.badge, tone !== 'neutral' && styles[tone], className)} {...rest} />;
}
