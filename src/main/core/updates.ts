import type { UpdateCheck } from '../../shared/updates';

/** The host's way to look for a newer release (Electron's wraps electron-updater: src/main/updates.ts). */
export interface UpdateChecker {
  check(): Promise<UpdateCheck>;
}

/** A checker that only says why updates are off here. */
export function noUpdates(message: string): UpdateChecker {
  return { check: async () => ({ state: 'disabled', message }) };
}
