/**
 * Upload grants for dropped Files. The page never learns or names a path:
 * the preload's `window.files.grant` resolves each File with webUtils and
 * main registers what it resolved (docs/SECURITY.md). In the Chromium e2e
 * harness a stand-in registers grants through main's same handler. Without
 * the bridge (a plain browser) nothing can be granted: say so.
 */
import type { DropGrants, FilesBridge } from '../../../shared/file-grants';

declare global {
  interface Window {
    readonly files?: FilesBridge;
  }
}

export async function grantsFor(files: readonly File[]): Promise<DropGrants> {
  if (!window.files) return { grants: [], missing: files.map((f) => f.name) };
  return window.files.grant(files);
}
