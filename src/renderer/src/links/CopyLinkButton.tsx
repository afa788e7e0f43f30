import { useCopyLinks, type CopyOptions } from './useCopyLinks';

interface Props {
  keys: string[];
  options?: CopyOptions;
  /** Called with the result, e.g. to refresh a list. */
  onCopied?: () => void;
  className?: string;
}

/**
 * "Copy link" for one item or a selection, ready for the media grid and the
 * viewer: an expiring link with the expiry chosen last, one link a line; the
 * toast says what was copied and until when.
 */
export function CopyLinkButton({ keys, options, onCopied, className }: Props): React.JSX.Element {
  const { copy, busy } = useCopyLinks();
  const label = keys.length > 1 ? `Copy ${keys.length} links` : 'Copy link';
  return (
    <button
      type="button"
      className={className}
      disabled={keys.length === 0 || busy}
      title={`${label} (Ctrl+Shift+C)`}
      onClick={async () => {
        if (await copy(keys, options)) onCopied?.();
      }}
    >
      {busy ? 'Copying…' : label} <kbd>Ctrl+Shift+C</kbd>
    </button>
  );
}
