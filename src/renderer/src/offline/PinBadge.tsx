import type { OfflinePinView } from '../../../shared/downloads';
import { Badge, type BadgeTone } from '../ui/Badge';
import { pinStateText } from './pins';

const TONE: Record<OfflinePinView['state'], BadgeTone> = { queued: 'neutral', downloading: 'neutral', done: 'ok', error: 'danger', cancelled: 'warn' };
const SHORT: Record<OfflinePinView['state'], (p: OfflinePinView) => string> = {
  queued: () => 'Offline · queued',
  downloading: (p) => `Offline · ${p.filesDone}/${p.files}`,
  done: () => '✓ Offline',
  error: () => 'Offline · error',
  cancelled: () => 'Offline · cancelled',
};

/** The small "kept offline" pill on a pinned post's or model's card (its title says the whole state). */
export function PinBadge({ pin }: { pin: OfflinePinView }): React.JSX.Element {
  return (
    <Badge tone={TONE[pin.state]} title={pinStateText(pin)} data-testid="pin-badge" data-state={pin.state}>
      {SHORT[pin.state](pin)}
    </Badge>
  );
}
