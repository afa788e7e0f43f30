import { Button, type ButtonVariant } from '../ui/Button';
import { useCopyLinks, type CopyOptions } from './useCopyLinks';

interface Props {
  keys: string[];
  options?: CopyOptions;
  /** Called once links were copied, e.g. to refresh a list. */
  onCopied?: () => void;
  variant?: ButtonVariant;
  /** Show Ctrl+Shift+C on the button (off where the shortcut is listed nearby). */
  showShortcut?: boolean;
}

/**
 * "Copy link" for one item or a selection, ready for the media grid and the
 * viewer: an expiring link with the expiry chosen last, one link a line; the
 * toast says what was copied and until when.
 */
export function CopyLinkButton({ keys, options, onCopied, variant, showShortcut = true }: Props): React.JSX.Element {
  const { copy, busy } = useCopyLinks();
  const label = keys.length > 1 ? `Copy ${keys.length} links` : 'Copy link';
  return (
    <Button
      variant={variant}
      disabled={keys.length === 0 || busy}
      title={`${label} (Ctrl+Shift+C)`}
      onClick={async () => {
        if (await copy(keys, options)) onCopied?.();
      }}
    >
      {busy ? 'Copying…' : label}
      {showShortcut && <kbd>Ctrl+Shift+C</kbd>}
    </Button>
  );
}
