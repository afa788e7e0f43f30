import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { MediaItem } from '../../../shared/domain';
import { profileQuery } from '../data/queries';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Notice } from '../ui/Notice';
import styles from './AccessBadge.module.css';

/**
 * Public or private as the index knows it; unknown until asked, and then
 * asked of the server (GetObjectAcl). The index's value, refreshed on
 * library:changed (a sync, an ACL change), wins over an earlier answer.
 */
export function AccessBadge({ profileId, item }: { profileId: string; item: MediaItem }): React.JSX.Element {
  const [asked, setAsked] = useState(false);
  const acl = useQuery({ ...profileQuery(profileId, 'links:getAcl', { keys: [item.key] }), enabled: asked && item.isPublic === null });
  const answer = acl.data?.[0];
  const isPublic = item.isPublic ?? answer?.isPublic ?? null;

  if (isPublic !== null) {
    return (
      <Badge tone={isPublic ? 'ok' : 'warn'} data-testid="viewer-access">
        {isPublic ? 'Public' : 'Private'}
      </Badge>
    );
  }
  // A key that may not read ACLs (bucket-scoped): say so rather than offer "check" forever.
  if (answer && answer.isPublic === null) {
    const reason = answer.reason ?? 'unknown';
    return (
      <span className={styles.unknown} data-testid="viewer-access">
        {reason.charAt(0).toUpperCase() + reason.slice(1)}
      </span>
    );
  }
  return (
    <span className={styles.unknown} data-testid="viewer-access">
      Unknown —{' '}
      <Button variant="link" onClick={() => (asked ? void acl.refetch() : setAsked(true))} disabled={acl.isFetching} title="Ask the server whether this file is public">
        {acl.isFetching ? 'Checking…' : 'check'}
      </Button>
      {acl.isError && (
        <Notice as="p" tone="error" small className={styles.error} role="alert">
          {acl.error.message}
        </Notice>
      )}
    </span>
  );
}
