/**
 * What "Check for updates" answers. Updates come from the GitHub release feed
 * through electron-updater, only in an installed app: from source, in tests
 * and in smoke runs the check says why it is off.
 */
export type UpdateCheck =
  | { state: 'disabled'; message: string }
  | { state: 'up-to-date'; version: string }
  /** Downloading in the background; installed when the app quits. */
  | { state: 'available'; version: string; current: string };
