import { useQuery } from '@tanstack/react-query';
import clsx from 'clsx';
import { profileQuery, useActiveProfileId } from '../../data/queries';
import { formatBytes } from '../../format';
import { Button } from '../../ui/Button';
import { ModalDialog } from '../../ui/ModalDialog';
import styles from './Sync.module.css';

/** The keys the last sync could not place in the layout: counted and shown, never dropped. */
export function UnclassifiedDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const items = useQuery(profileQuery(useActiveProfileId(), 'sync:unclassified', { limit: 1000 }));
  return (
    <ModalDialog className={clsx(styles.dialog, styles.wide)} aria-labelledby="unclassified-title" onClose={onClose} data-testid="unclassified">
      <h2 id="unclassified-title">Unclassified keys</h2>
      <p className={styles.muted}>
        These objects do not fit the layout MODEL/POST/FILE (or a model’s thumbnail and profile/ folder). They stay in the bucket and are counted; move them
        into a model’s post to see them in the library.
      </p>
      {items.isPending && <p className={styles.muted}>Loading…</p>}
      {items.isError && <p className={styles.error}>{items.error.message}</p>}
      {items.isSuccess && (
        <ul className={styles.list}>
          {items.data.map((item) => (
            <li key={item.key}>
              <code>{item.key}</code>
              <span className={styles.muted}>{formatBytes(item.size)}</span>
            </li>
          ))}
          {items.data.length === 0 && <li className={styles.muted}>None.</li>}
        </ul>
      )}
      <div className={styles.actions}>
        <Button autoFocus onClick={onClose}>
          Close
        </Button>
      </div>
    </ModalDialog>
  );
}
