/**
 * The action model: what a context menu (and the shortcuts beside it) offers
 * for a target — a selection of media in a post or the viewer's item, post
 * cards, model cards. Features contribute actions through a source (a hook,
 * so an action may use mutations, dialogs and toasts) listed in
 * ./registry.ts; views build the target and show the menu.
 */
import type { MediaItem, ModelSummary, PostSummary } from '../../../shared/domain';

/** Where media actions were asked for: the grid's selection or the viewer's one item. */
export type MediaOrigin = 'grid' | 'viewer';

export type ActionTarget =
  | {
      kind: 'media';
      profileId: string;
      model: string;
      post: string;
      origin: MediaOrigin;
      /** How many items (a selection of 100,000 is not resolved until an action runs). */
      count: number;
      /** The item the menu was opened on (loaded), for labels and single-item actions. */
      first: MediaItem | undefined;
      /** Every item of the target, fetching pages not loaded yet. */
      items(): Promise<MediaItem[]>;
      /** Starts renaming `first` where it is shown (F2); absent: rename opens a dialog. */
      beginRename?(): void;
    }
  | {
      kind: 'post';
      profileId: string;
      model: string;
      posts: PostSummary[];
      beginRename?(): void;
    }
  | {
      kind: 'model';
      profileId: string;
      models: ModelSummary[];
      beginRename?(): void;
    };

export type ActionKind = ActionTarget['kind'];

/** Menu sections, in this order, separated by a line. */
export const ACTION_GROUPS = ['open', 'share', 'organise', 'offline', 'model-image', 'danger'] as const;
export type ActionGroup = (typeof ACTION_GROUPS)[number];

export interface Action {
  /** Stable id (tests, shortcuts): "rename", "delete", "copy-link"… */
  id: string;
  label: string;
  group: ActionGroup;
  /** `KeyboardEvent.key` that runs it where the target has the focus ("F2", "Delete"). */
  key?: string;
  /** What the menu shows for the key, when it differs from `key` ("Del", "Ctrl+Shift+C"). */
  shortcut?: string;
  /** Destructive: shown in the danger colour. */
  danger?: boolean;
  /** Shown but not runnable, with the reason as its tooltip. */
  disabled?: string | false;
  run(): void;
}

/**
 * A feature's actions for a target, as a hook (called on every render of the
 * view that owns the menu, in a fixed order, so hooks inside are allowed).
 * Return [] for targets the feature has nothing for; `null` means no target.
 */
export type ActionSource = (target: ActionTarget | null) => Action[];
