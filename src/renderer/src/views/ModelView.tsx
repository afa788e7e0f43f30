import { useEffect, useState } from 'react';
import type { ModelSort } from '../../../shared/domain';
import { Avatar } from '../components/Avatar';
import { formatBytes, formatCount, formatDate } from '../format';
import { useCall, useEvent } from '../ipc';
import { Thumb } from '../library/Thumb';
import { EmptyState, FilterInput, SortSelect } from '../library/Toolbar';
import { thumbUrl } from '../library/urls';
import { VirtualGrid } from '../library/VirtualGrid';

interface Props {
  profileId: string;
  model: string;
  onOpen: (post: string) => void;
}

/** A model: banner and icon, then its posts as cards. */
export function ModelView({ profileId, model, onOpen }: Props): React.JSX.Element {
  const [sort, setSort] = useState<ModelSort>('newest');
  const [filter, setFilter] = useState('');
  const summary = useCall(() => window.api.library.getModel({ model }), [model]);
  const posts = useCall(() => window.api.library.listPosts({ model, sort, filter }), [model, sort, filter]);
  useEvent('library:changed', posts.reload);
  useEffect(() => void window.api.thumbs.prefetch({ model }), [model]);
  const m = summary.state === 'ready' ? summary.data : null;
  const list = posts.state === 'ready' ? posts.data : [];

  return (
    <section className="view view-grid" aria-labelledby="model-title">
      <header className="model-banner">
        <div className="model-banner-image">
          {m?.bannerKey ? <Thumb src={thumbUrl(profileId, m.bannerKey)} name={m.bannerKey} /> : <div className="model-banner-fallback" />}
        </div>
        <div className="model-banner-info">
          <span className="model-banner-icon">
            {m?.iconKey ? <Thumb src={thumbUrl(profileId, m.iconKey)} name={m.iconKey} /> : <Avatar name={model} size={84} />}
          </span>
          <div>
            <h1 id="model-title">{model}</h1>
            {m && (
              <p className="muted">
                {formatCount(m.postCount, 'post')} · {formatCount(m.mediaCount, 'item')} · {formatBytes(m.bytes)} · updated {formatDate(m.newestAt)}
              </p>
            )}
          </div>
        </div>
      </header>
      <div className="view-header view-header-sub">
        <h2>Posts</h2>
        <div className="toolbar">
          <FilterInput value={filter} onChange={setFilter} placeholder="Filter posts" />
          <SortSelect value={sort} onChange={setSort} options={[['newest', 'Newest'], ['name', 'Name'], ['size', 'Size']]} />
        </div>
      </div>
      {posts.state === 'error' && <div className="notice error view-pad" role="alert">{posts.error.message}</div>}
      {posts.state === 'ready' && list.length === 0 && (
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
            return (
              <div
                key={p.id}
                role="listitem"
                className="card post-card"
                tabIndex={0}
                aria-label={p.name}
                onClick={() => onOpen(p.name)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onOpen(p.name);
                  }
                }}
              >
                <div className="card-cover">
                  {p.coverKey ? <Thumb src={thumbUrl(profileId, p.coverKey)} name={p.coverKey} /> : <Thumb src={null} />}
                  <span className="card-count">{formatCount(p.mediaCount, 'item')}</span>
                </div>
                <div className="card-body">
                  <h3 className="card-title">{p.name}</h3>
                  <p className="card-meta muted">
                    {formatBytes(p.bytes)} · {formatDate(p.newestAt)}
                  </p>
                </div>
              </div>
            );
          }}
        />
      )}
    </section>
  );
}
