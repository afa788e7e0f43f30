import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { modelDeletePhrase, type OrganiseSource } from '../../../shared/organise';
import { profileQuery } from '../data/queries';
import { formatBytes, formatCount } from '../format';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';
import { Spinner } from '../ui/Spinner';
import styles from './Organise.module.css';
import { versioningNote } from './versioning';

interface Props {
  profileId: string;
  sources: OrganiseSource[];
  /** "the post “beach”", "2 models". */
  subject: string;
  onConfirm: (confirm: { confirmed: true; confirmName?: string }) => void;
  onClose: () => void;
}

/**
 * Deleting posts or models: the count and size from the index, whether the
 * bucket keeps versions, and for models their name typed. Cancel is the
 * default; the delete itself is still held for Undo afterwards.
 */
export function ConfirmDeleteDialog({ profileId, sources, subject, onConfirm, onClose }: Props): React.JSX.Element {
  const id = useId();
  // Asked afresh each time: the index changes with every organise batch.
  const preview = useQuery({ ...profileQuery(profileId, 'organise:preview', { sources }), gcTime: 0, staleTime: 0 });
  const models = sources.flatMap((s) => (s.kind === 'model' ? [s.model] : []));
  const phrase = models.length > 0 ? modelDeletePhrase(models) : null;
  const [typed, setTyped] = useState('');
  const p = preview.data;
  const ready = p !== undefined && (phrase === null || typed === phrase);
  return (
    <ModalDialog className={styles.dialog} aria-labelledby={id} onClose={onClose} data-testid="confirm-delete">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) onConfirm(phrase === null ? { confirmed: true } : { confirmed: true, confirmName: typed });
        }}
      >
        <h2 id={id}>Delete {subject}?</h2>
        {preview.isPending && (
          <p className={styles.muted}>
            <Spinner /> Counting what is in {subject}…
          </p>
        )}
        {preview.isError && <p className={styles.error}>{preview.error.message}</p>}
        {p && (
          <>
            <p>
              This deletes <span className={styles.facts} data-testid="delete-facts">{formatCount(p.objects, 'file')} ({formatBytes(p.bytes)})</span>
              {p.posts > 0 && models.length > 0 && <> in {formatCount(p.posts, 'post')}</>} from the bucket. You can undo it for 10 seconds.
            </p>
            <p className={styles.muted} data-testid="versioning-note">
              {versioningNote(p.versioning)}
            </p>
          </>
        )}
        {phrase !== null && (
          <label className={styles.field}>
            <span>
              Type <strong>{phrase}</strong> to confirm
            </span>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} spellCheck={false} autoComplete="off" data-testid="confirm-name" />
          </label>
        )}
        <div className={styles.actions}>
          <Button onClick={onClose} autoFocus={phrase === null}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={!ready}>
            Delete
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
