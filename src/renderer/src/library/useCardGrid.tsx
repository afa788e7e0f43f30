import { useRef, useState } from 'react';
import { runShortcut, useActions } from '../actions/registry';
import type { Action, ActionTarget } from '../actions/types';
import { renameTarget } from '../organise/organise-actions';
import { useOrganise } from '../organise/useOrganise';
import { anchorOf, isMenuKey, useContextMenu } from '../ui/ContextMenu';
import { InlineRename } from '../ui/InlineRename';
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
  /** The card's title editor while it is renamed in place (F2), else undefined: Card's `titleEditor`. */
  titleEditor(index: number, name: string): React.ReactNode;
}

/** A grid of model or post cards with multi-select, a context menu and the action model's shortcuts. */
export function useCardGrid({ count, resetKey, target, own }: Options): CardGrid {
  const cards = useCardSelection(count, resetKey);
  const menu = useContextMenu();
  const indices = cards.targetIndices();
  const organise = useOrganise();
  // The card renamed in place, and what had the focus (the card) to give it back to.
  const [renaming, setRenaming] = useState<number | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const base = indices.length > 0 ? target(indices) : null;
  const current =
    base && indices.length === 1
      ? {
          ...base,
          beginRename: () => {
            returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
            setRenaming(indices[0]!);
          },
        }
      : base;
  const endRename = () => {
    setRenaming(null);
    requestAnimationFrame(() => returnFocus.current?.focus({ preventScroll: true }));
  };
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
    titleEditor: (index, name) =>
      renaming === index ? (
        <InlineRename
          value={name}
          label={`New name for ${name}`}
          onCancel={endRename}
          onCommit={(next) => {
            endRename();
            void renameTarget(organise, target([index]), next);
          }}
        />
      ) : undefined,
  };
}
