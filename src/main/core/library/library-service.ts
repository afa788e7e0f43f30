/**
 * Reads of the offline index, for one profile at a time: what the library
 * views (through IPC) and the CLI's `ls`/`search` show. Repositories stay
 * behind this service; handlers and commands never query tables themselves.
 */
import type {
  LibraryOverview,
  MediaItem,
  MediaPage,
  ModelSort,
  ModelSummary,
  PostSort,
  PostSummary,
  SearchResult,
} from '../../../shared/domain';
import type { IndexDatabase } from '../db/database';
import type { ActiveProfile } from '../profiles/active';
import { getMedia, getModel, libraryTotals, listMedia, listPosts } from '../repositories/library';
import type { MediaPager, MediaQuery } from '../repositories/media-pages';
import { listModels } from '../repositories/models';
import { searchLibrary, searchMedia } from '../repositories/search';
import { connectionHost } from '../s3/connection';

export interface ListOptions<Sort> {
  sort?: Sort;
  filter?: string;
}

export interface LibraryService {
  /** The active profile's name, bucket and host with its totals (no profile: zeros). */
  overview(): LibraryOverview;
  models(profileId: string, options?: ListOptions<ModelSort>): ModelSummary[];
  model(profileId: string, name: string): ModelSummary | null;
  posts(profileId: string, model: string, options?: ListOptions<PostSort>): PostSummary[];
  /** One page of a post's media over a stable snapshot of its ordering. */
  mediaPage(profileId: string, query: MediaQuery): MediaPage;
  /** Every media item of a post, by path (the CLI's `ls MODEL POST`). */
  postMedia(profileId: string, model: string, post: string): MediaItem[];
  item(profileId: string, key: string): MediaItem | null;
  /** As-you-type search, grouped by post. */
  search(profileId: string, query: string, limit?: number): SearchResult;
  /** Matching media rows (the CLI's `search`). */
  searchMedia(profileId: string, query: string, limit?: number): MediaItem[];
}

export function createLibraryService(deps: { database: IndexDatabase; active: ActiveProfile; mediaPager: MediaPager }): LibraryService {
  const { db, sqlite } = deps.database;
  return {
    overview: () =>
      deps.active.read<LibraryOverview>(
        (profile) => ({
          profile: { id: profile.id, name: profile.name, bucket: profile.bucket, host: connectionHost(profile) },
          ...libraryTotals(db, profile.id),
        }),
        { profile: null, models: 0, media: 0, bytes: 0 },
      ),
    models: (profileId, options = {}) => listModels(db, profileId, options),
    model: (profileId, name) => getModel(db, profileId, name),
    posts: (profileId, model, options = {}) => listPosts(db, profileId, model, options),
    mediaPage: (profileId, query) => deps.mediaPager.page(profileId, query),
    postMedia: (profileId, model, post) => listMedia(db, profileId, model, post),
    item: (profileId, key) => getMedia(db, profileId, key),
    search: (profileId, query, limit) => searchLibrary(sqlite, profileId, query, limit),
    searchMedia: (profileId, query, limit) => searchMedia(sqlite, profileId, query, limit),
  };
}
