import clsx from 'clsx';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ModelSort } from '../../../shared/domain';
import { Avatar } from '../components/Avatar';
import { profileQuery } from '../data/queries';
import { formatBytes, formatCount, formatDate } from '../format';
import { Card, coverClass } from '../library/Card';
import { Thumb } from '../library/Thumb';
import { FilterInput, SortSelect } from '../library/Toolbar';
import { prefetchFirstPage } from '../library/useMediaPages';
import { thumbUrl } from '../library/urls';
import { usePrefetchThumbnails } from '../library/usePrefetchThumbnails';
import view from '../library/view.module.css';
import { VirtualGrid } from '../library/VirtualGrid';
import { DownloadButton } from '../downloads/useExport';
import { KeepOfflineButton } from '../offline/KeepOfflineButton';
import { PinBadge } from '../offline/PinBadge';
import { pinFor, usePins } from '../offline/pins';
import { EmptyState } from '../ui/EmptyState';
import { Notice } from '../ui/Notice';
import styles from './ModelView.module.css';
import { DEFAULT_FILTERS } from './PostView';

interface Props {
  profileId: string;
  model: string;
  sort: ModelSort;
  onSort: (sort: ModelSort) => void;
  filter: string;
  onFilter: (text: string) => void;
  onOpen: (post: string) => void;
}

/** A model: banner and icon, then its posts as cards. */
export function ModelView({ profileId, model, sort, onSort, filter, onFilter, onOpen }: Props): React.JSX.Element {
  const m = useQuery(profileQuery(profileId, 'library:getModel', { model })).data ?? null;
  const posts = useQuery({ ...profileQuery(profileId, 'library:listPosts', { model, sort, filter }), placeholderData: keepPreviousData });
  usePrefetchThumbnails(model);
  const list = posts.data ?? [];
  const queryClient = useQueryClient();
  const pins = usePins(profileId);

  return (
    <section className={view.view} aria-labelledby="model-title">
      <header className={styles.banner}>
        <div className={styles.bannerImage}>
          {m?.bannerKey ? <Thumb src={thumbUrl(profileId, m.bannerKey)} name={m.bannerKey} /> : <div className={styles.bannerFallback} />}
        </div>
        <div className={styles.info}>
          <span className={styles.icon}>{m?.iconKey ? <Thumb src={thumbUrl(profileId, m.iconKey)} name={m.iconKey} /> : <Avatar name={model} size={84} />}</span>
          <div>
            <h1 id="model-title">{model}</h1>
            {m && (
              <p>
                {formatCount(m.postCount, 'post')} · {formatCount(m.mediaCount, 'item')} · {formatBytes(m.bytes)} · updated {formatDate(m.newestAt)}
              </p>
            )}
            <div className={styles.offline}>
              <KeepOfflineButton profileId={profileId} scope={{ model, post: null }} />
              <DownloadButton target={{ model }} />
            </div>
          </div>
        </div>
      </header>
      <div className={clsx(view.header, view.sub)}>
        <h2>Posts</h2>
        <div className={view.toolbar}>
          <FilterInput value={filter} onChange={onFilter} placeholder="Filter posts" />
          <SortSelect value={sort} onChange={onSort} options={[['newest', 'Newest'], ['name', 'Name'], ['size', 'Size']]} />
        </div>
      </div>
      {posts.isError && (
        <Notice tone="error" className={view.pad} role="alert">
          {posts.error.message}
        </Notice>
      )}
      {posts.isSuccess && list.length === 0 && (
        <EmptyState title={filter ? `No post matches “${filter}”` : 'No posts in this model'}>
          {filter ? 'Try a shorter filter.' : 'Posts appear here after a sync, or after you upload into a new post.'}
        </EmptyState>
      )}
      {list.length > 0 && (
        <VirtualGrid
          label={`Posts of ${model}`}
          cardNavigation
          testId="post-grid"
          count={list.length}
          minColumnWidth={220}
          rowHeight={(w) => w * 0.75 + 66}
          renderItem={(i) => {
            const p = list[i]!;
            const pinned = pinFor(pins, { model, post: p.name });
            return (
              <Card
                key={p.id}
                name={p.name}
                onOpen={() => {
                  prefetchFirstPage(queryClient, profileId, { model, post: p.name, ...DEFAULT_FILTERS });
                  onOpen(p.name);
                }}
                cover={<Thumb src={p.coverKey ? thumbUrl(profileId, p.coverKey) : null} name={p.coverKey ?? undefined} className={coverClass} />}
                count={formatCount(p.mediaCount, 'item')}
                note={`${formatBytes(p.bytes)} · ${formatDate(p.newestAt)}`}
                badge={pinned && <PinBadge pin={pinned.pin} />}
              />
            );
          }}
        />
      )}
    </section>
  );
}
