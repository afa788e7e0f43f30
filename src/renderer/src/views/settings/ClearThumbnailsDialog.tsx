import { useQuery } from '@tanstack/react-query';
import { useApiMutation } from '../../data/mutations';
import { sessionQuery } from '../../data/queries';
import { formatBytes } from '../../format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';

/** Clearing the thumbnail cache asks first: offline, nothing has a preview until it is made again. */
export function ClearThumbnailsDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const status = useQuery(sessionQuery('thumbs:status')).data;
  const clear = useApiMutation('thumbs:clearCache', { onSuccess: onClose });
  return (
    <ConfirmDialog
      title="Clear the thumbnail cache?"
      confirmLabel={clear.isPending ? 'Clearing…' : `Delete ${formatBytes(status?.cacheBytes ?? 0)}`}
      danger
      onConfirm={() => clear.mutate(undefined)}
      onClose={onClose}
      testId="clear-thumbnails"
    >
      <p>Every cached thumbnail, video poster and converted preview is deleted from this computer.</p>
      <p>They are made again as you browse while online; offline, items show no preview until then.</p>
      {clear.isError && <p role="alert">{clear.error.message}</p>}
    </ConfirmDialog>
  );
}
