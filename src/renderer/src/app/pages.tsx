import { getRouteApi, useRouter, useRouterState } from '@tanstack/react-router';
import type { KindFilter, MediaSort, ModelSort } from '../../../shared/domain';
import { ModelsView } from '../views/ModelsView';
import { ModelView } from '../views/ModelView';
import { DEFAULT_FILTERS, PostView, type PostFilters, type ViewerRoute } from '../views/PostView';
import { RecentlySharedView } from '../views/RecentlySharedView';
import { SearchView } from '../views/SearchView';
import { LibraryPage } from './LibraryPage';
import { useNetworkStatus } from './useNetwork';

declare module '@tanstack/history' {
  interface HistoryState {
    /** This entry was pushed by opening the viewer from its post: closing it goes back. */
    viewer?: boolean;
  }
}

/*
 * The routes' components: each reads its params and search from the URL and
 * hands the view plain values and callbacks that navigate. Filters and sort
 * replace the current entry (typing is not history); opening things pushes.
 */

const modelsRoute = getRouteApi('/');
const modelRoute = getRouteApi('/models/$model');
const postRoute = getRouteApi('/models/$model/$post');
const searchRoute = getRouteApi('/search');

/** A default leaves the URL (#/ rather than #/?sort=name). */
const unlessDefault = <T,>(value: T, fallback: T): T | undefined => (value === fallback ? undefined : value);

export function ModelsPage(): React.JSX.Element {
  const { sort = 'name', filter = '' } = modelsRoute.useSearch();
  const navigate = modelsRoute.useNavigate();
  const set = (next: { sort?: ModelSort; filter?: string }) =>
    void navigate({ search: { sort: unlessDefault(next.sort ?? sort, 'name'), filter: (next.filter ?? filter) || undefined }, replace: true });
  return (
    <LibraryPage drop={{}}>
      {(profileId) => (
        <ModelsView
          profileId={profileId}
          sort={sort}
          onSort={(s) => set({ sort: s })}
          filter={filter}
          onFilter={(f) => set({ filter: f })}
          onOpen={(model) => void navigate({ to: '/models/$model', params: { model } })}
        />
      )}
    </LibraryPage>
  );
}

export function ModelPage(): React.JSX.Element {
  const { model } = modelRoute.useParams();
  const { sort = 'newest', filter = '' } = modelRoute.useSearch();
  const navigate = modelRoute.useNavigate();
  const set = (next: { sort?: ModelSort; filter?: string }) =>
    void navigate({ search: { sort: unlessDefault(next.sort ?? sort, 'newest'), filter: (next.filter ?? filter) || undefined }, replace: true });
  return (
    <LibraryPage drop={{ model }}>
      {(profileId) => (
        <ModelView
          key={model}
          profileId={profileId}
          model={model}
          sort={sort}
          onSort={(s) => set({ sort: s })}
          filter={filter}
          onFilter={(f) => set({ filter: f })}
          onOpen={(post) => void navigate({ to: '/models/$model/$post', params: { model, post } })}
        />
      )}
    </LibraryPage>
  );
}

export function PostPage(): React.JSX.Element {
  const { model, post } = postRoute.useParams();
  const search = postRoute.useSearch();
  const navigate = postRoute.useNavigate();
  const router = useRouter();
  const pushedHere = useRouterState({ select: (s) => s.location.state.viewer === true });
  const network = useNetworkStatus();
  const filters: PostFilters = { kind: search.kind ?? DEFAULT_FILTERS.kind, sort: search.sort ?? DEFAULT_FILTERS.sort, filter: search.filter ?? DEFAULT_FILTERS.filter };
  const onFilters = (next: Partial<PostFilters>) => {
    const merged = { ...filters, ...next };
    void navigate({
      search: (s) => ({
        ...s,
        kind: unlessDefault<KindFilter>(merged.kind, DEFAULT_FILTERS.kind),
        sort: unlessDefault<MediaSort>(merged.sort, DEFAULT_FILTERS.sort),
        filter: merged.filter || undefined,
      }),
      replace: true,
    });
  };
  const viewer: ViewerRoute = {
    item: search.item,
    open: (key) => void navigate({ search: (s) => ({ ...s, item: key }), state: { viewer: true } }),
    move: (key) => void navigate({ search: (s) => ({ ...s, item: key }), replace: true, state: (st) => st }),
    close: () => {
      if (pushedHere) router.history.back();
      else void navigate({ search: (s) => ({ ...s, item: undefined }), replace: true });
    },
  };
  return (
    <LibraryPage drop={{ model, post }}>
      {(profileId) => (
        <PostView key={`${model}\n${post}`} profileId={profileId} model={model} post={post} online={network.online} filters={filters} onFilters={onFilters} viewer={viewer} />
      )}
    </LibraryPage>
  );
}

export function SearchPage(): React.JSX.Element {
  const { q } = searchRoute.useSearch();
  const navigate = searchRoute.useNavigate();
  return (
    <LibraryPage allowEmpty>
      {(profileId) => (
        <SearchView
          profileId={profileId}
          query={q}
          onOpenModel={(model) => void navigate({ to: '/models/$model', params: { model } })}
          onOpenPost={(model, post, key) => void navigate({ to: '/models/$model/$post', params: { model, post }, search: key === undefined ? {} : { item: key } })}
        />
      )}
    </LibraryPage>
  );
}

export function SharedPage(): React.JSX.Element {
  return <RecentlySharedView />;
}
