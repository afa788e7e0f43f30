import { useQuery } from '@tanstack/react-query';
import clsx from 'clsx';
import { useEffect, useRef, useState } from 'react';
import type { MediaItem } from '../../../shared/domain';
import { profileQuery } from '../data/queries';
import { formatBytes } from '../format';
import { Thumb } from '../library/Thumb';
import type { MediaPages } from '../library/useMediaPages';
import { originalUrl, thumbUrl } from '../library/urls';
import { AccessBadge } from '../links/AccessBadge';
import { CopyLinkButton } from '../links/CopyLinkButton';
import { useCopyLinkShortcut } from '../links/useCopyLinks';
import { useShareKeys } from '../links/useShareKeys';
import { KeepOfflineButton } from '../offline/KeepOfflineButton';
import { Button } from '../ui/Button';
import styles from './Viewer.module.css';

interface Props {
  profileId: string;
  media: MediaPages;
  index: number;
  online: boolean | null;
  onIndex: (index: number) => void;
  onClose: () => void;
}

const ZOOMS = [1, 1.5, 2, 3, 4];

function fullDate(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The lightbox over a post: arrows move, +/- zoom images, videos stream from
 * a presigned URL when online. Its item is part of the route (Back closes
 * it); while main's index changes under it (library:changed) the query
 * cache keeps showing the item until its refreshed row arrives.
 */
export function Viewer({ profileId, media, index, online, onIndex, onClose }: Props): React.JSX.Element {
  const item = media.get(index);
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
  useEffect(() => dialog.current?.focus(), []);

  const onKeyDown = (e: React.KeyboardEvent) => {
    // Alt+arrows belong to history: Back closes the viewer.
    if (e.altKey) return;
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
      <div
        className={styles.viewer}
        role="dialog"
        aria-modal="true"
        aria-label={item ? `Viewer: ${item.name}` : 'Viewer'}
        tabIndex={-1}
        ref={dialog}
        onKeyDown={onKeyDown}
        data-route-layer
        data-testid="viewer"
      >
        <div className={styles.stage}>
          <header className={styles.top}>
            <span className={styles.title} data-testid="viewer-title">
              {item?.name ?? 'Loading…'}
            </span>
            <span className={styles.position}>
              {index + 1} of {media.total.toLocaleString()}
            </span>
            <span className={styles.tools}>
              {item?.kind === 'image' && (
                <>
                  <button type="button" onClick={() => setZoom((z) => Math.max(0, z - 1))} aria-label="Zoom out">
                    −
                  </button>
                  <span className={styles.zoom} data-testid="zoom-level">
                    {Math.round(ZOOMS[zoom]! * 100)}%
                  </span>
                  <button type="button" onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} aria-label="Zoom in">
                    +
                  </button>
                </>
              )}
              <button type="button" onClick={() => setDetails((d) => !d)} aria-pressed={details}>
                Details
              </button>
              <button type="button" onClick={onClose} aria-label="Close viewer">
                ✕
              </button>
            </span>
          </header>
          <button type="button" className={clsx(styles.nav, styles.prev)} onClick={() => onIndex(index - 1)} disabled={index === 0} aria-label="Previous">
            ‹
          </button>
          <div className={styles.content}>
            {item && <ViewerBody key={item.key} profileId={profileId} item={item} online={online} zoom={ZOOMS[zoom]!} onZoom={() => setZoom((z) => (z === 0 ? 2 : 0))} />}
          </div>
          <button type="button" className={clsx(styles.nav, styles.next)} onClick={() => onIndex(index + 1)} disabled={index >= media.total - 1} aria-label="Next">
            ›
          </button>
        </div>
        {details && item && <DetailsPanel profileId={profileId} item={item} onShare={() => void links.share(async () => [item.key])} />}
      </div>
      {/* Outside the viewer's element: the dialog's own keys (Escape, arrows) must not reach the viewer. */}
      {links.dialog}
    </>
  );
}

function Note({ children }: { children: React.ReactNode }): React.JSX.Element {
  return (
    <p className={styles.note} role="status">
      {children}
    </p>
  );
}

function ViewerBody({ profileId, item, online, zoom, onZoom }: { profileId: string; item: MediaItem; online: boolean | null; zoom: number; onZoom: () => void }): React.JSX.Element {
  const [originalFailed, setOriginalFailed] = useState(false);
  // Bumped by "Try again": a new <img> element asks for the original again.
  const [attempt, setAttempt] = useState(0);
  const [videoBroken, setVideoBroken] = useState(false);
  // Kept offline: the original comes from the offline store (the /original route reads it from disk, with Range), online or not.
  const local = useQuery(profileQuery(profileId, 'offline:item', { key: item.key }));
  const fromDisk = local.data?.available === true;
  if (item.kind === 'image') {
    const preview = thumbUrl(profileId, item.key, item.etag);
    const showOriginal = (online !== false || fromDisk) && !originalFailed;
    return (
      <div className={clsx(styles.image, zoom > 1 && styles.zoomed)} onDoubleClick={onZoom}>
        <div className={styles.imageInner} style={{ width: `${zoom * 100}%`, height: `${zoom * 100}%` }}>
          {showOriginal ? (
            <img
              key={attempt}
              className={styles.picture}
              src={originalUrl(profileId, item.key, item.etag)}
              alt={item.name}
              onError={() => setOriginalFailed(true)}
              draggable={false}
              style={{ backgroundImage: `url("${preview}")` }}
              data-testid="viewer-original"
            />
          ) : (
            <Thumb src={preview} name={item.name} fit="contain" className={clsx(styles.picture, styles.preview)} />
          )}
        </div>
        {!showOriginal &&
          (online === false ? (
            <Note>Showing the cached preview — the original is not available offline. “Keep offline” on its post keeps originals on this computer.</Note>
          ) : (
            // Online but the original failed (deleted or changed since the last sync, or the store refused it).
            <Note>
              Showing the cached preview: the original could not be loaded from the bucket. It may have been moved or deleted since the last sync, or it is not an image the app shows.
              <Button
                size="sm"
                onClick={(e) => {
                  // The button goes away while the original loads: keep the keyboard in the viewer (Escape, arrows).
                  e.currentTarget.closest<HTMLElement>('[role="dialog"]')?.focus();
                  setOriginalFailed(false);
                  setAttempt((n) => n + 1);
                }}
              >
                Try again
              </Button>
            </Note>
          ))}
      </div>
    );
  }
  if (item.kind === 'video') {
    if (online === false && !fromDisk) {
      return (
        <div className={styles.placeholder}>
          <Thumb src={null} kind="video" name={item.name} className={styles.placeholderThumb} />
          <Note>This video is not available offline. It plays here when the connection is back; “Keep offline” on its post keeps it on this computer.</Note>
        </div>
      );
    }
    if (!videoBroken) {
      // Streamed through the app protocol's media origin with Range requests (from disk when kept offline): no bearer URL reaches the page.
      return <video className={styles.video} src={originalUrl(profileId, item.key, item.etag)} controls autoPlay onError={() => setVideoBroken(true)} data-testid="viewer-video" />;
    }
    return (
      <div className={styles.placeholder}>
        <Thumb src={null} kind="video" name={item.name} className={styles.placeholderThumb} />
        <Note>This video cannot be played here (a format the player does not support, or not a video at all).</Note>
      </div>
    );
  }
  return (
    <div className={styles.placeholder}>
      <Thumb src={null} kind="other" name={item.name} className={styles.placeholderThumb} />
      <Note>No preview for this kind of file.</Note>
    </div>
  );
}

function DetailsPanel({ profileId, item, onShare }: { profileId: string; item: MediaItem; onShare: () => void }): React.JSX.Element {
  const ext = item.name.includes('.') ? item.name.slice(item.name.lastIndexOf('.') + 1).toUpperCase() : '—';
  const rows: [string, React.ReactNode][] = [
    ['Name', item.name],
    ['Key', <code key="k">{item.key}</code>],
    ['Size', `${formatBytes(item.size)} (${item.size.toLocaleString()} bytes)`],
    ['Type', `${item.kind} · ${ext}`],
    ['Modified', fullDate(item.lastModified)],
    ['ETag', <code key="e">{item.etag}</code>],
    ['Access', <AccessBadge key={item.key} profileId={profileId} item={item} />],
    ['Offline', <OfflineRow key="o" profileId={profileId} item={item} />],
  ];
  return (
    <aside className={styles.details} aria-label="Details">
      <h2>Details</h2>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className={styles.share}>
        {/* The shortcut is listed with the panel's other keys below. */}
        <CopyLinkButton keys={[item.key]} showShortcut={false} />
        <Button onClick={onShare}>Share…</Button>
      </div>
      <p className={styles.keys}>← → next · + − zoom · I details · Ctrl+Shift+C copy link · Esc close</p>
    </aside>
  );
}

/** Whether the original is on this computer (kept offline with its post or model), and the post's Keep offline toggle. */
function OfflineRow({ profileId, item }: { profileId: string; item: MediaItem }): React.JSX.Element {
  const status = useQuery(profileQuery(profileId, 'offline:item', { key: item.key })).data;
  if (!status) return <>…</>;
  return (
    <span className={styles.offline}>
      <span data-testid="viewer-offline">{status.available ? 'On this computer' : status.pinned ? 'Kept offline · downloading' : 'Not kept offline'}</span>
      <KeepOfflineButton profileId={profileId} scope={{ model: item.model, post: item.post }} />
    </span>
  );
}
