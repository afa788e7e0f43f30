import { useEffect, useRef, useState } from 'react';
import type { MediaItem } from '../../../shared/domain';
import { formatBytes } from '../format';
import { Thumb } from '../library/Thumb';
import type { PagedMedia } from '../library/usePagedMedia';
import { originalUrl, thumbUrl } from '../library/urls';
import { CopyLinkButton } from '../links/CopyLinkButton';
import { useCopyLinkShortcut } from '../links/useCopyLinks';
import { useShareKeys } from '../links/useShareKeys';

interface Props {
  profileId: string;
  media: PagedMedia;
  index: number;
  online: boolean | null;
  onIndex: (index: number) => void;
  onClose: () => void;
}

const ZOOMS = [1, 1.5, 2, 3, 4];

function fullDate(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The lightbox: arrows move, +/- zoom images, videos stream from a presigned URL when online. */
export function Viewer({ profileId, media, index, online, onIndex, onClose }: Props): React.JSX.Element {
  const fresh = media.get(index);
  // A reload (library:changed, e.g. after Make public) refetches pages: keep showing the item meanwhile,
  // so the player, the details and an open Share dialog do not blink away.
  const [last, setLast] = useState<{ index: number; item: MediaItem } | null>(null);
  if (fresh && (last?.item !== fresh || last.index !== index)) setLast({ index, item: fresh });
  const item = fresh ?? (last?.index === index ? last.item : undefined);
  const dialog = useRef<HTMLDivElement>(null);
  // Zoom belongs to the item it was set on: moving on starts at 100 %.
  const [zoomed, setZoomed] = useState({ index, level: 0 });
  const zoom = zoomed.index === index ? zoomed.level : 0;
  const setZoom = (f: (z: number) => number) => setZoomed({ index, level: f(zoom) });
  const [details, setDetails] = useState(true);
  const links = useShareKeys();
  const key = item?.key;
  useCopyLinkShortcut(() => {
    if (key !== undefined) void links.copy(async () => [key]);
  }, key !== undefined && !links.sharing);

  useEffect(() => {
    if (!fresh) media.ensure(index, index + 1);
  }, [fresh, index, media]);
  useEffect(() => dialog.current?.focus(), []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowRight' && index < media.total - 1) onIndex(index + 1);
    else if (e.key === 'ArrowLeft' && index > 0) onIndex(index - 1);
    else if (e.key === 'Escape') onClose();
    else if (e.key === '+' || e.key === '=') setZoom((z) => Math.min(ZOOMS.length - 1, z + 1));
    else if (e.key === '-') setZoom((z) => Math.max(0, z - 1));
    else if (e.key === '0') setZoom(() => 0);
    else if (e.key.toLowerCase() === 'i') setDetails((d) => !d);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <>
    <div className="viewer" role="dialog" aria-modal="true" aria-label={item ? `Viewer: ${item.name}` : 'Viewer'} tabIndex={-1} ref={dialog} onKeyDown={onKeyDown}>
      <div className="viewer-stage">
        <header className="viewer-top">
          <span className="viewer-title" data-testid="viewer-title">{item?.name ?? 'Loading…'}</span>
          <span className="muted">
            {index + 1} of {media.total.toLocaleString()}
          </span>
          <span className="viewer-tools">
            {item?.kind === 'image' && (
              <>
                <button onClick={() => setZoom((z) => Math.max(0, z - 1))} aria-label="Zoom out">−</button>
                <span className="muted small zoom-level">{Math.round(ZOOMS[zoom]! * 100)}%</span>
                <button onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} aria-label="Zoom in">+</button>
              </>
            )}
            <button onClick={() => setDetails((d) => !d)} aria-pressed={details}>Details</button>
            <button onClick={onClose} aria-label="Close viewer">✕</button>
          </span>
        </header>
        <button className="viewer-nav prev" onClick={() => onIndex(index - 1)} disabled={index === 0} aria-label="Previous">‹</button>
        <div className="viewer-content">{item && <ViewerBody key={item.key} profileId={profileId} item={item} online={online} zoom={ZOOMS[zoom]!} onZoom={() => setZoom((z) => (z === 0 ? 2 : 0))} />}</div>
        <button className="viewer-nav next" onClick={() => onIndex(index + 1)} disabled={index >= media.total - 1} aria-label="Next">›</button>
      </div>
      {details && item && <DetailsPanel item={item} onShare={() => void links.share(async () => [item.key])} />}
    </div>
    {/* Outside the viewer's element: the dialog's own keys (Escape, arrows) must not reach the viewer. */}
    {links.dialog}
    </>
  );
}

function OfflineNote({ children }: { children: React.ReactNode }): React.JSX.Element {
  return (
    <p className="viewer-note" role="status">
      {children}
    </p>
  );
}

function ViewerBody({ profileId, item, online, zoom, onZoom }: { profileId: string; item: MediaItem; online: boolean | null; zoom: number; onZoom: () => void }): React.JSX.Element {
  const [originalFailed, setOriginalFailed] = useState(false);
  // Bumped by "Try again": a new <img> element asks for the original again.
  const [attempt, setAttempt] = useState(0);
  const [video, setVideo] = useState<{ url: string } | { error: string } | null>(null);
  const [videoBroken, setVideoBroken] = useState(false);

  useEffect(() => {
    if (item.kind !== 'video' || online === false) return;
    let live = true;
    void window.api.media.originalUrl({ key: item.key }).then((res) => {
      if (live) setVideo(res.ok ? { url: res.data.url } : { error: res.error.message });
    });
    return () => {
      live = false;
    };
  }, [item.key, item.kind, online]);

  if (item.kind === 'image') {
    const preview = thumbUrl(profileId, item.key, item.etag);
    const showOriginal = online !== false && !originalFailed;
    return (
      <div className={`viewer-image ${zoom > 1 ? 'zoomed' : ''}`} onDoubleClick={onZoom}>
        <div className="viewer-image-inner" style={{ width: `${zoom * 100}%`, height: `${zoom * 100}%` }}>
          {showOriginal ? (
            <img key={attempt} src={originalUrl(profileId, item.key, item.etag)} alt={item.name} onError={() => setOriginalFailed(true)} draggable={false} style={{ backgroundImage: `url("${preview}")` }} />
          ) : (
            <Thumb src={preview} name={item.name} fit="contain" />
          )}
        </div>
        {!showOriginal &&
          (online === false ? (
            <OfflineNote>Showing the cached preview — the original is not available offline.</OfflineNote>
          ) : (
            // Online but the original failed (deleted or changed since the last sync, or the store refused it).
            <OfflineNote>
              Showing the cached preview: the original could not be loaded from the bucket. It may have been moved or deleted since the last sync.
              <button
                onClick={(e) => {
                  // The button goes away while the original loads: keep the keyboard in the viewer (Escape, arrows).
                  e.currentTarget.closest<HTMLElement>('[role="dialog"]')?.focus();
                  setOriginalFailed(false);
                  setAttempt((n) => n + 1);
                }}
              >
                Try again
              </button>
            </OfflineNote>
          ))}
      </div>
    );
  }
  if (item.kind === 'video') {
    if (online === false) {
      return (
        <div className="viewer-placeholder">
          <Thumb src={null} kind="video" name={item.name} />
          <OfflineNote>This video is not available offline. It plays here when the connection is back.</OfflineNote>
        </div>
      );
    }
    if (video && 'url' in video && !videoBroken) {
      return <video className="viewer-video" src={video.url} controls autoPlay onError={() => setVideoBroken(true)} />;
    }
    return (
      <div className="viewer-placeholder">
        <Thumb src={null} kind="video" name={item.name} />
        <OfflineNote>
          {videoBroken ? 'This video cannot be played here (format not supported by the player).' : video && 'error' in video ? video.error : 'Preparing playback…'}
        </OfflineNote>
      </div>
    );
  }
  return (
    <div className="viewer-placeholder">
      <Thumb src={null} kind="other" name={item.name} />
      <OfflineNote>No preview for this kind of file.</OfflineNote>
    </div>
  );
}

function DetailsPanel({ item, onShare }: { item: MediaItem; onShare: () => void }): React.JSX.Element {
  const ext = item.name.includes('.') ? item.name.slice(item.name.lastIndexOf('.') + 1).toUpperCase() : '—';
  const rows: [string, React.ReactNode][] = [
    ['Name', item.name],
    ['Key', <code key="k">{item.key}</code>],
    ['Size', `${formatBytes(item.size)} (${item.size.toLocaleString()} bytes)`],
    ['Type', `${item.kind} · ${ext}`],
    ['Modified', fullDate(item.lastModified)],
    ['ETag', <code key="e">{item.etag}</code>],
    ['Access', <Access key={item.key} item={item} />],
  ];
  return (
    <aside className="viewer-details" aria-label="Details">
      <h2>Details</h2>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="row-gap viewer-share">
        <CopyLinkButton keys={[item.key]} />
        <button type="button" onClick={onShare}>
          Share…
        </button>
      </div>
      <p className="muted small">← → next · + − zoom · I details · Ctrl+Shift+C copy link · Esc close</p>
    </aside>
  );
}

/** Public or private as the index knows it; unknown until asked, and then asked of the server. */
function Access({ item }: { item: MediaItem }): React.JSX.Element {
  const [checked, setChecked] = useState<boolean | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [unknownReason, setUnknownReason] = useState<string | null>(null);
  // A later index value (after a sync or an ACL change, on library:changed) wins over an earlier check.
  const isPublic = item.isPublic ?? checked;

  async function check() {
    setChecking(true);
    setError(null);
    const res = await window.api.links.getAcl({ keys: [item.key] });
    setChecking(false);
    if (res.ok) setChecked(res.data[0]?.isPublic ?? null);
    else setError(res.error.message);
    // A key that may not read ACLs (bucket-scoped): say so rather than offer "check" forever.
    if (res.ok && res.data[0]?.isPublic === null) setUnknownReason(res.data[0].reason ?? 'unknown');
  }

  if (isPublic !== null) {
    return (
      <span className={`access-badge ${isPublic ? 'is-public' : 'is-private'}`} data-testid="viewer-access">
        {isPublic ? 'Public' : 'Private'}
      </span>
    );
  }
  if (unknownReason) {
    return (
      <span className="viewer-access-unknown" data-testid="viewer-access">
        Access {unknownReason}
      </span>
    );
  }
  return (
    <span className="viewer-access-unknown" data-testid="viewer-access">
      Unknown —{' '}
      <button type="button" className="link-button" onClick={() => void check()} disabled={checking} title="Ask the server whether this file is public">
        {checking ? 'Checking…' : 'check'}
      </button>
      {error && (
        <span className="notice error small block" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
