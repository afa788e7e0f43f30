import { lstat, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { isHiddenOrSystem } from '../../../shared/upload-keys';

export interface LocalFile {
  localPath: string;
  /** `/`-separated path inside the post. */
  relPath: string;
  size: number;
  mtimeMs: number;
}

export interface Skipped {
  path: string;
  reason: string;
}

/**
 * Files to upload from dropped/picked paths. A folder keeps its sub-folders
 * as relative paths: with `keepFolderName` (a drop) under the folder's own
 * name, without it (the CLI, like `rclone copy DIR`) its contents directly.
 * Hidden and system files are skipped and reported; symlinks are not followed.
 */
export async function scanPaths(paths: string[], options: { keepFolderName: boolean }): Promise<{ files: LocalFile[]; skipped: Skipped[] }> {
  const files: LocalFile[] = [];
  const skipped: Skipped[] = [];
  async function walk(path: string, rel: string): Promise<void> {
    const name = basename(path);
    if (rel !== '' && isHiddenOrSystem(name)) {
      skipped.push({ path, reason: 'hidden or system file' });
      return;
    }
    let info;
    try {
      info = await lstat(path);
    } catch {
      skipped.push({ path, reason: 'not found or not readable' });
      return;
    }
    if (info.isSymbolicLink()) {
      skipped.push({ path, reason: 'symbolic link (not followed)' });
    } else if (info.isDirectory()) {
      const entries = await readdir(path);
      entries.sort();
      for (const entry of entries) await walk(join(path, entry), rel === '' ? entry : `${rel}/${entry}`);
    } else if (info.isFile()) {
      files.push({ localPath: path, relPath: rel === '' ? name : rel, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) });
    } else {
      skipped.push({ path, reason: 'not a regular file' });
    }
  }
  for (const given of paths) {
    const path = resolve(given);
    const name = basename(path);
    if (isHiddenOrSystem(name)) {
      skipped.push({ path, reason: 'hidden or system file' });
      continue;
    }
    const info = await lstat(path).catch(() => null);
    if (info?.isDirectory()) await walk(path, options.keepFolderName ? name : '');
    else await walk(path, name).catch(() => undefined);
  }
  return { files, skipped };
}
