import { useApiMutation } from '../data/mutations';
import { Button } from '../ui/Button';
import styles from './KeepOffline.module.css';
import { pinFor, pinStateText, usePins, type PinScope } from './pins';

/**
 * "Keep offline" for a post or a model: pins it (its originals are fetched
 * into the offline store and kept in step on each sync) or unpins it (the
 * space is freed), with the pin's progress beside it. A post kept offline by
 * its model says so; unpinning is the model's.
 */
export function KeepOfflineButton({ profileId, scope }: { profileId: string; scope: PinScope }): React.JSX.Element {
  const found = pinFor(usePins(profileId), scope);
  const pin = useApiMutation('offline:pin');
  const unpin = useApiMutation('offline:unpin');
  const request = { model: scope.model, ...(scope.post !== null ? { post: scope.post } : {}) };
  const busy = pin.isPending || unpin.isPending;
  const failure = pin.error ?? unpin.error;
  const what = scope.post === null ? 'model' : 'post';
  return (
    <span className={styles.keep} data-testid="keep-offline">
      {found?.viaModel ? (
        <Button size="sm" disabled title="The whole model is kept offline: unpin it on the model's page.">
          ✓ Kept offline with the model
        </Button>
      ) : found?.pin.state === 'cancelled' ? (
        // Cancelled in the dock: what was fetched stays; fetch the rest again, or unpin to free the space.
        <>
          <Button size="sm" variant="primary" disabled={busy} onClick={() => pin.mutate(request)} title={`Fetch the rest of this ${what}'s originals and keep them in step again`}>
            Keep offline again
          </Button>
          <Button size="sm" disabled={busy} onClick={() => unpin.mutate(request)} title={`Stop keeping this ${what} offline and free its space`}>
            Unpin
          </Button>
        </>
      ) : (
        <Button
          size="sm"
          aria-pressed={found !== null}
          disabled={busy}
          onClick={() => (found ? unpin.mutate(request) : pin.mutate(request))}
          title={found ? `Stop keeping this ${what} offline and free its space` : `Download this ${what}'s originals and keep them in step on each sync`}
        >
          {found ? '✓ Kept offline' : 'Keep offline'}
        </Button>
      )}
      {found && found.pin.state === 'downloading' && <progress className={styles.progress} value={found.pin.bytesDone} max={Math.max(1, found.pin.bytes)} aria-hidden />}
      {found && (
        <span className={found.pin.state === 'error' ? styles.error : styles.state} role="status" data-testid="pin-state" data-state={found.pin.state}>
          {pinStateText(found.pin)}
        </span>
      )}
      {failure && (
        <span className={styles.error} role="alert">
          {failure.message}
        </span>
      )}
    </span>
  );
}
