/** Plain data shapes shared by main, renderer and CLI (JSON-safe). */

export type MediaKind = 'image' | 'video' | 'other';

/** What a key is in the library layout (see docs: key layout). */
export type ObjectRole =
  | 'media'
  | 'model_thumb'
  | 'icon'
  | 'banner'
  | 'profile_media'
  | 'folder'
  | 'unclassified';

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  dbPath: string;
  platform: string;
  node: string;
  electron: string | null;
}

export interface ModelSummary {
  id: number;
  name: string;
  postCount: number;
  mediaCount: number;
  bytes: number;
  newestAt: number | null;
  coverKey: string | null;
  iconKey: string | null;
  bannerKey: string | null;
  thumbKey: string | null;
}

export interface PostSummary {
  id: number;
  model: string;
  name: string;
  mediaCount: number;
  bytes: number;
  newestAt: number | null;
  coverKey: string | null;
}

export interface MediaItem {
  id: number;
  key: string;
  model: string;
  post: string;
  relPath: string;
  name: string;
  kind: MediaKind;
  size: number;
  etag: string;
  lastModified: number;
  isPublic: boolean | null;
}

export type ModelSort = 'name' | 'size' | 'newest';
