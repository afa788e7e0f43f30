/**
 * Local files the user chose: the renderer never names a path. Main's own
 * file dialog (`uploads:pick`) or a drop resolved in the preload
 * (`webUtils.getPathForFile`, then the FILE_GRANT_CHANNEL below) registers
 * each path as a short-lived grant in the core; `uploads:start` takes grant
 * ids. The renderer sees only an id and a name.
 */

/** The preload's own channel (not in the contract): paths of dropped Files, resolved by webUtils. */
export const FILE_GRANT_CHANNEL = 'files:grant';

/** A grant lives this long unless an upload takes it first. */
export const GRANT_TTL_MS = 10 * 60 * 1000;
/** Paths one drop or one dialog may grant at once (a folder counts as one). */
export const MAX_GRANT_PATHS = 10_000;
/** Grant ids one upload may take. */
export const MAX_UPLOAD_GRANTS = 10_000;

export interface FileGrant {
  /** Opaque (a random UUID). */
  id: string;
  /** The file's or folder's own name (never the path). */
  name: string;
  folder: boolean;
}

/** What the preload's `window.files.grant(files)` answers. */
export interface DropGrants {
  grants: FileGrant[];
  /** Names of Files that are not on disk (dragged from a web page): nothing to grant. */
  missing: string[];
  /** Set when main refused the drop (too many files, an untrusted frame). */
  error?: string;
}

/** The preload's second bridge beside window.api. */
export interface FilesBridge {
  grant(files: readonly File[]): Promise<DropGrants>;
}

export type PickKind = 'files' | 'folder';
