/**
 * The native dialogs only main can show, as far as the core needs them: the
 * file dialog that grants paths for upload, and the confirmation that makes
 * objects public. In the app the core runs in a worker and asks main for
 * them (host-rpc); the e2e harness gives a scripted stand-in; the CLI has
 * none (its user names paths and flags at the terminal).
 */
import type { PickKind } from '../../shared/file-grants';
import { AppError } from './errors';

export interface ConfirmPrompt {
  /** One sentence, the question. */
  message: string;
  /** What follows from it, and the items concerned. */
  detail: string;
  /** The confirming button's label ("Make public"). */
  confirm: string;
}

export interface Dialogs {
  /** Main's open dialog; [] when cancelled. */
  pick(kind: PickKind): Promise<string[]>;
  /** Main's message box; true only when the person chose `confirm`. */
  confirm(prompt: ConfirmPrompt): Promise<boolean>;
}

export const noDialogs: Dialogs = {
  pick() {
    throw new AppError('FORBIDDEN', 'There is no file dialog here: name the files on the command line.');
  },
  confirm() {
    throw new AppError('FORBIDDEN', 'There is nobody here to confirm that; nothing was changed.');
  },
};

/** Asks; CANCELLED when the person declines. */
export async function requireConfirmation(dialogs: Dialogs, prompt: ConfirmPrompt): Promise<void> {
  if (!(await dialogs.confirm(prompt))) throw new AppError('CANCELLED', `${prompt.confirm}: cancelled, nothing was changed.`);
}

/** "a.jpg, b.jpg and 3 more" for a dialog's detail. */
export function someNames(names: readonly string[], shown = 5): string {
  const list = names.slice(0, shown).map((n) => `• ${n.length > 120 ? `${n.slice(0, 117)}…` : n}`);
  if (names.length > shown) list.push(`…and ${names.length - shown} more`);
  return list.join('\n');
}
