import { useQuery } from '@tanstack/react-query';
import type { OfflinePinView } from '../../../shared/downloads';
import { profileQuery } from '../data/queries';
import { formatBytes } from '../format';

/** A post, or (post null) a whole model. */
export interface PinScope {
  model: string;
  post: string | null;
}

/** The active profile's pins (kept current by offline:changed). */
export function usePins(profileId: string | null): OfflinePinView[] {
  return useQuery(profileQuery(profileId, 'offline:pins')).data ?? [];
}

/** The pin that keeps `scope` offline: its own, or its model's for a post. */
export function pinFor(pins: readonly OfflinePinView[], scope: PinScope): { pin: OfflinePinView; viaModel: boolean } | null {
  const own = pins.find((p) => p.model === scope.model && p.post === scope.post);
  if (own) return { pin: own, viaModel: false };
  const model = scope.post !== null ? pins.find((p) => p.model === scope.model && p.post === null) : undefined;
  return model ? { pin: model, viaModel: true } : null;
}

/** "Queued", "3 of 12 files", "Offline", "Cancelled", or what went wrong. */
export function pinStateText(pin: OfflinePinView): string {
  switch (pin.state) {
    case 'queued':
      return 'Queued';
    case 'downloading':
      return `${pin.filesDone} of ${pin.files} files · ${formatBytes(pin.bytesDone)} of ${formatBytes(pin.bytes)}`;
    case 'done':
      return `Offline · ${pin.files} file${pin.files === 1 ? '' : 's'}, ${formatBytes(pin.bytes)}`;
    case 'error':
      return pin.message ?? 'Could not keep everything offline';
    case 'cancelled':
      return `Cancelled · ${pin.filesDone} of ${pin.files} file${pin.files === 1 ? '' : 's'} offline`;
  }
}
