import { runShortcut, useActions } from '../actions/registry';
import type { Action, ActionTarget } from '../actions/types';
import { anchorOf, isMenuKey, useContextMenu } from '../ui/ContextMenu';
import { useCardSelection, type CardSelection } from './useCardSelection';

interface Options {
  count: number;
  /** Another sort or filter: the selection starts afresh. */
  resetKey: string;
  /** The action target for these card indices (never empty). */
  target(indices: number[]): ActionTarget;
  /** The view's own actions for them (Open for one card). */
  own?(indices: number[]): Action[];
}

export interface CardGrid {
  cards: CardSelection;
  target: ActionTarget | null;
  actions: Action[];
  /** Spread onto a Card: selection clicks and keys, the context menu, shortcuts (F2, Delete). */
  cardProps(index: number): {
    selected: boolean;
    onSelectClick(e: React.MouseEvent): boolean;
    onFocus(): void;
    onContextMenu(e: React.MouseEvent): void;
    onKeys(e: React.KeyboardEvent<HTMLDivElement>): boolean;
  };
  /** The open menu (or nothing), to render in the view. */
  menu: React.ReactNode;
}

/** A grid of model or post cards with multi-select, a context menu and the action model's shortcuts. */
export function useCardGrid({ count, resetKey, target, own }: Options): CardGrid {
  const cards = useCardSelection(count, resetKey);
  const menu = useContextMenu();
  const indices = cards.targetIndices();
  const current = indices.length > 0 ? target(indices) : null;
  const actions = useActions(current, indices.length > 0 ? (own?.(indices) ?? []) : []);
  const label = indices.length > 1 ? `Actions for ${indices.length} selected` : 'Actions';
  return {
    cards,
    target: current,
    actions,
    cardProps: (index) => ({
      selected: cards.selection.selected.has(index),
      onSelectClick: (e) => cards.click(index, e),
      onFocus: () => cards.onFocus(index),
      onContextMenu: (e) => {
        e.preventDefault();
        cards.prepareMenu(index);
        menu.open({ x: e.clientX, y: e.clientY });
      },
      onKeys: (e) => {
        if (isMenuKey(e)) {
          cards.prepareMenu(index);
          menu.open(anchorOf(e.currentTarget));
          return true;
        }
        if (cards.keyDown(index, e)) return true;
        // The shortcuts act on the selection, or on this card when it is the one focused.
        return cards.focused === index || cards.selection.selected.has(index) ? runShortcut(actions, e) : false;
      },
    }),
    menu: menu.render(actions, label),
  };
}
