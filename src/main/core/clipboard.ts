import { AppError } from './errors';

/**
 * The system clipboard, as far as the core needs it. In the app the core
 * runs in a worker and asks main to write it (host-rpc); tests pass a
 * recording one; the CLI has none.
 */
export interface Clipboard {
  writeText(text: string): void | Promise<void>;
}

/** For hosts without a clipboard (the CLI, servers): copying says so instead of failing silently. */
export const noClipboard: Clipboard = {
  writeText() {
    throw new AppError('INVALID_INPUT', 'There is no clipboard here: print the link instead (spaces-media link KEY).');
  },
};

/** Keeps what was written, newest last (tests, the e2e harness). */
export function recordingClipboard(): Clipboard & { writes: string[] } {
  const writes: string[] = [];
  return { writes, writeText: (text) => void writes.push(text) };
}
