/**
 * The registry of local paths the user chose (main's file dialog, a drop the
 * preload resolved): the only way a path reaches the upload queue from the
 * app. Each grant is an unguessable id for one path, good for GRANT_TTL_MS or
 * until an upload takes it. The CLI names paths itself and never uses this.
 */
import { randomUUID } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { GRANT_TTL_MS, MAX_GRANT_PATHS, type FileGrant } from '../../../shared/file-grants';
import { AppError } from '../errors';

/** More than a person drops in a day; keeps a renderer from filling memory with grants. */
const MAX_LIVE_GRANTS = 50_000;
const MAX_PATH_LENGTH = 4096;

export type GrantSource = 'dialog' | 'drop';

interface Entry {
  path: string;
  expires: number;
}

export class PathGrants {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers paths the host vouches for (absolute, from its dialog or a preload-resolved drop). */
  async grant(paths: readonly unknown[], _source: GrantSource): Promise<FileGrant[]> {
    if (!Array.isArray(paths) || paths.length > MAX_GRANT_PATHS) {
      throw new AppError('INVALID_INPUT', `At most ${MAX_GRANT_PATHS.toLocaleString('en')} files or folders at once: drop their folder instead.`);
    }
    this.sweep();
    if (this.entries.size + paths.length > MAX_LIVE_GRANTS) throw new AppError('BUSY', 'Too many files are waiting to be uploaded: start or cancel those first.');
    const grants: FileGrant[] = [];
    for (const path of paths) {
      if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH_LENGTH || path.includes('\0') || !isAbsolute(path)) {
        throw new AppError('INVALID_INPUT', 'A dropped item is not a file on this computer.');
      }
      const info = await lstat(path).catch(() => null);
      const id = randomUUID();
      this.entries.set(id, { path: resolve(path), expires: this.now() + GRANT_TTL_MS });
      grants.push({ id, name: basename(path), folder: info?.isDirectory() ?? false });
    }
    return grants;
  }

  /** The paths of these grants, in order; INVALID_INPUT when any is unknown or expired. */
  paths(ids: readonly string[]): string[] {
    this.sweep();
    return ids.map((id) => {
      const entry = this.entries.get(id);
      if (!entry) throw new AppError('INVALID_INPUT', 'Those files are no longer available to upload (the choice expired): add them again.');
      return entry.path;
    });
  }

  /** Forgets grants an upload has taken. */
  release(ids: readonly string[]): void {
    for (const id of ids) this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) if (entry.expires <= now) this.entries.delete(id);
  }
}
