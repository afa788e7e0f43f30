import styles from './EmptyState.module.css';

/** What an empty view says: what is missing and what to do about it. */
export function EmptyState({ title, children, action }: { title: string; children?: React.ReactNode; action?: React.ReactNode }): React.JSX.Element {
  return (
    <div className={styles.empty} role="status">
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}
