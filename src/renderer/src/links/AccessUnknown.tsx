import { Badge } from '../ui/Badge';
import { Notice } from '../ui/Notice';
import styles from './AccessUnknown.module.css';

/**
 * A bucket-scoped key may not read ACLs (spaces.md): the store would not say
 * whether the files are public. Says so, and what still works.
 */
export function AccessUnknown({ count, total, reason }: { count: number; total: number; reason: string | undefined }): React.JSX.Element {
  const which = count === total ? (total === 1 ? 'this file' : 'these files') : `${count} of ${total} files`;
  return (
    <Notice as="p" className={styles.note} data-testid="access-summary">
      <Badge className={styles.badge}>Unknown</Badge>
      Access to {which} is {reason ?? 'unknown'}. Expiring links work whatever the access; a public or CDN link works only if the file is public.
    </Notice>
  );
}
