/**
 * What main's confirmation says before anything becomes public: a share
 * dialog's "Make public", an upload as public, a profile whose new uploads
 * are public. The renderer cannot answer these (docs/SECURITY.md).
 */
import type { Core } from '../core/core';
import { someNames, type ConfirmPrompt } from '../core/dialogs';

export function makePublicPrompt(keys: readonly string[]): ConfirmPrompt {
  const what = keys.length === 1 ? 'this file' : `these ${keys.length} files`;
  return {
    message: `Make ${what} public?`,
    detail: `Anyone with the link will be able to open ${what}, without signing in:\n${someNames(keys)}`,
    confirm: 'Make public',
  };
}

export function uploadPublicPrompt(profileName: string, target: { model: string; post: string }, count: number): ConfirmPrompt {
  return {
    message: `Upload ${count === 1 ? 'this item' : `these ${count} items`} as public?`,
    detail: `Everything uploaded to ${target.model} › ${target.post} in “${profileName}” will be readable by anyone with its link.`,
    confirm: 'Upload as public',
  };
}

export function defaultPublicPrompt(profileName: string, bucket: string): ConfirmPrompt {
  return {
    message: `Make new uploads to “${profileName}” public?`,
    detail: `Every file uploaded to the bucket “${bucket}” from now on will be readable by anyone with its link.`,
    confirm: 'Make uploads public',
  };
}

/** The stored profile's upload access, or null for a new profile. */
export function profileDefaultAcl(core: Pick<Core, 'profiles'>, id: string | undefined): string | null {
  if (id === undefined) return null;
  try {
    return core.profiles.profile(id).defaultAcl;
  } catch {
    return null;
  }
}
