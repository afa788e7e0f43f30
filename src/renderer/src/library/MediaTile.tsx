import clsx from 'clsx';
import { memo } from 'react';
import type { MediaItem } from '../../../shared/domain';
import { formatBytes } from '../format';
import styles from './MediaTile.module.css';
import { TileNameEditor } from './TileNameEditor';
import { Thumb } from './Thumb';
import { badgesOf, renderBadges } from './tile-badges';
import { thumbUrl } from './urls';

export interface MediaTileProps {
  index: number;
  /** undefined while its page loads (a skeleton). */
  item: MediaItem | undefined;
  profileId: string;
  selected: boolean;
  active: boolean;
  /** The name under the picture instead of over it on hover. */
  captions: boolean;
  onClick: (index: number, e: React.MouseEvent) => void;
  onOpen: (index: number) => void;
  /** Right-click / the menu key (a context menu's owner passes this). */
  onContextMenu?: (index: number, e: React.MouseEvent) => void;
  /** A plain drag moves tiles within the library (organise); an Alt/⌥-drag copies the originals out of the window (issue 16). */
  onDragStart?: (index: number, e: React.DragEvent) => void;
  onDragEnd?: () => void;
  /** Replaces the name while the tile is renamed in place (F2). */
  nameEditor?: React.ReactNode;
}

/**
 * One cell of a post's grid: an option of the grid's listbox (the grid holds
 * the focus and says which option is active). Kept small on purpose — every
 * element here is created for each tile that scrolls in: the picture, the
 * badges (tile-badges.tsx), the name and a check mark. A feature's
 * actions hook in through `onContextMenu` and `onDragStart` (drag out).
 */
export const MediaTile = memo(function MediaTile({ index, item, profileId, selected, active, captions, onClick, onOpen, onContextMenu, onDragStart, onDragEnd, nameEditor }: MediaTileProps): React.JSX.Element {
  if (!item) return <div id={`media-${index}`} role="option" aria-selected={selected} aria-label="Loading" className={clsx(styles.tile, styles.skeleton)} />;
  const badges = badgesOf(item);
  const size = formatBytes(item.size);
  // The name says every visible word in the order shown (axe: label in name): the hover
  // overlay's name and size, then the chips; with captions, the caption (first in the DOM) and the chips.
  const label = [item.name, ...(captions ? [] : [size]), ...badges.map((b) => b.label)].join(', ');
  return (
    <div
      id={`media-${index}`}
      role="option"
      aria-selected={selected}
      aria-label={label}
      aria-description={captions ? size : undefined}
      className={clsx(styles.tile, active && styles.active)}
      onClick={(e) => onClick(index, e)}
      onDoubleClick={() => onOpen(index)}
      onContextMenu={onContextMenu && ((e) => onContextMenu(index, e))}
      draggable={onDragStart !== undefined}
      onDragStart={onDragStart && ((e) => onDragStart(index, e))}
      onDragEnd={onDragEnd}
      data-kind={item.kind}
      // The file's name alone (the accessible name also says its size and chips), for whoever needs just that.
      data-name={item.name}
    >
      {captions && (
        <span className={styles.caption}>
          <span className={styles.name}>{item.name}</span>{' '}
        </span>
      )}
      <span className={styles.picture}>
        <Thumb src={thumbUrl(profileId, item.key, item.etag)} kind={item.kind} name={item.name} className={styles.thumb} />
        {!captions && (
          <span className={styles.info}>
            {/* Spaces between the words' elements: read as text (and by axe), "name.jpg1.2 MB" would be one word. */}
            <span className={styles.name}>{item.name}</span> <span className={styles.size}>{size}</span>
          </span>
        )}
        {badges.length > 0 && <span className={styles.badges}> {renderBadges(badges)}</span>}
        <span className={styles.check} aria-hidden>
          ✓
        </span>
      </span>
      {nameEditor && <TileNameEditor tileId={`media-${index}`}>{nameEditor}</TileNameEditor>}
    </div>
  );
});

/** Extra height a captioned tile takes below its square picture. */
export const CAPTION_HEIGHT = 26;
