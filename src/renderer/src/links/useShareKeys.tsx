import { useCallback, useState } from 'react';
import { useToast } from '../components/Toast';
import { Button } from '../ui/Button';
import { ShareDialog } from './ShareDialog';
import { useCopyLinks } from './useCopyLinks';

/** One links call takes at most this many keys (the contract's limit). */
export const MAX_KEYS_PER_CALL = 1000;

/** Keys chosen elsewhere (a grid selection, the viewer's item), resolved when acted on. */
export type KeySource = () => Promise<string[]>;

/**
 * Copy links and the Share dialog for keys a view picks: the media grid's
 * selection and the viewer use it. `dialog` is to be rendered by the view
 * (outside any element that handles keys, so the dialog's Escape and arrows
 * stay the dialog's).
 */
export function useShareKeys(): {
  copy: (source: KeySource) => Promise<void>;
  share: (source: KeySource) => Promise<void>;
  busy: boolean;
  /** True while the Share dialog is open (shortcuts of the view behind it pause). */
  sharing: boolean;
  dialog: React.ReactNode;
} {
  const { copy: copyKeys, busy: copying } = useCopyLinks();
  const toast = useToast();
  const [resolving, setResolving] = useState(false);
  const [shareKeys, setShareKeys] = useState<string[] | null>(null);

  const resolve = useCallback(
    async (source: KeySource): Promise<string[] | null> => {
      setResolving(true);
      try {
        const keys = await source();
        if (keys.length === 0) {
          toast({ title: 'Nothing was copied', detail: 'Select one or more files first.', tone: 'error' });
          return null;
        }
        if (keys.length > MAX_KEYS_PER_CALL) {
          toast({
            title: 'Too many files for one go',
            detail: `Links can be made for up to ${MAX_KEYS_PER_CALL.toLocaleString()} files at a time; ${keys.length.toLocaleString()} are selected.`,
            tone: 'error',
          });
          return null;
        }
        return keys;
      } finally {
        setResolving(false);
      }
    },
    [toast],
  );

  const copy = useCallback(
    async (source: KeySource) => {
      const keys = await resolve(source);
      if (keys) await copyKeys(keys);
    },
    [resolve, copyKeys],
  );
  const share = useCallback(
    async (source: KeySource) => {
      const keys = await resolve(source);
      if (keys) setShareKeys(keys);
    },
    [resolve],
  );

  return {
    copy,
    share,
    busy: copying || resolving,
    sharing: shareKeys !== null,
    dialog: shareKeys && <ShareDialog keys={shareKeys} onClose={() => setShareKeys(null)} />,
  };
}

/** "Copy link" / "Copy N links" and "Share…" for a selection of `count` items. */
export function SelectionLinkButtons({ count, busy, onCopy, onShare }: { count: number; busy: boolean; onCopy: () => void; onShare: () => void }): React.JSX.Element {
  const label = count === 1 ? 'Copy link' : `Copy ${count.toLocaleString()} links`;
  return (
    <>
      <Button onClick={onCopy} disabled={busy} title={`${label}: expiring, with the expiry chosen last (Ctrl+Shift+C)`}>
        {busy ? 'Copying…' : label} <kbd>Ctrl+Shift+C</kbd>
      </Button>
      <Button onClick={onShare} disabled={busy}>
        Share…
      </Button>
    </>
  );
}
