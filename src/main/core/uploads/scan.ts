import { constants } from 'node:fs';
import { access, lstat, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { printable } from '../../../shared/printable';
import type { SkippedFile } from '../../../shared/domain';
import { isHiddenOrSystem } from '../../../shared/upload-keys';

export interface LocalFile {
  localPath: string;
  /** `/`-separated path inside the post. */
  relPath: string;
  size: number;
  mtimeMs: number;
}

export type Skipped = SkippedFile;

/** Why a path cannot be read, as a skip reason with its problem code. */
function unreadable(path: string, error: unknown, what = 'file'): Skipped {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { path, reason: 'not found', problem: 'NOT_FOUND' };
  if (code === 'EACCES' || code === 'EPERM') return { path, reason: `${what} not readable (permission denied)`, problem: 'FORBIDDEN' };
  return { path, reason: `${what} not readable (${code ?? String(error)})`, problem: 'FORBIDDEN' };
}

/**
 * Files to upload from dropped/picked paths. A folder keeps its sub-folders
 * as relative paths: with `keepFolderName` (a drop) under the folder's own
 * name, without it (the CLI, like `rclone copy DIR`) its contents directly.
 * Hidden and system files are skipped and reported; symlinks are not followed.
 * Files that cannot be uploaded — missing, unreadable, empty (a 0-byte
 * "photo" is a failed copy or a cloud placeholder, never media) — are
 * skipped with a `problem`, so the CLI can end non-zero and say which.
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
    } catch (error) {
      skipped.push(unreadable(path, error));
      return;
    }
    if (info.isSymbolicLink()) {
      skipped.push({ path, reason: 'symbolic link (not followed)' });
    } else if (info.isDirectory()) {
      let entries: string[];
      try {
        entries = await readdir(path);
      } catch (error) {
        skipped.push(unreadable(path, error, 'folder'));
        return;
      }
      entries.sort();
      for (const entry of entries) await walk(join(path, entry), rel === '' ? entry : `${rel}/${entry}`);
    } else if (info.isFile()) {
      if (info.size === 0) {
        skipped.push({ path, reason: 'empty (0 bytes)', problem: 'INVALID_INPUT' });
        return;
      }
      try {
        await access(path, constants.R_OK);
      } catch (error) {
        skipped.push(unreadable(path, error));
        return;
      }
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
    else await walk(path, name);
  }
  return { files, skipped };
}

/** The files that could not be uploaded, in one line: `“a.jpg”: empty (0 bytes); “b.jpg”: not found and 3 more`. */
export function describeProblems(problems: Skipped[], shown = 3): string {
  const named = problems.slice(0, shown).map((s) => `“${printable(basename(s.path))}”: ${s.reason}`);
  return `${named.join('; ')}${problems.length > shown ? ` and ${problems.length - shown} more` : ''}`;
}
