import { useState } from 'react';
import { emptySelection, extend, selectAll, selectOne, toggle, type Selection } from './selection';

export interface CardSelection {
  selection: Selection;
  /** The card that last had the focus: what actions act on when nothing is selected. */
  focused: number | null;
  onFocus(index: number): void;
  /** Ctrl/⌘-click toggles, Shift-click extends; a plain click is the caller's (it opens). True when it selected. */
  click(index: number, e: React.MouseEvent): boolean;
  /** Space toggles, Ctrl+A selects all, Escape clears. True when handled. */
  keyDown(index: number, e: React.KeyboardEvent): boolean;
  /** Right-click or the menu key on a card outside the selection selects it alone. */
  prepareMenu(index: number): void;
  /** What actions act on, in list order: the selection, else the focused card. */
  targetIndices(): number[];
  clear(): void;
}

/**
 * Multi-select over a grid of cards (models, posts), by index in the list as
 * shown; another sort or filter (`resetKey`) starts afresh. Cards keep
 * opening on a plain click and Enter; selecting is the modifier's.
 */
export function useCardSelection(count: number, resetKey: string): CardSelection {
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const [focused, setFocused] = useState<number | null>(null);
  const [key, setKey] = useState(resetKey);
  if (key !== resetKey) {
    setKey(resetKey);
    setSelection(emptySelection);
    setFocused(null);
  }
  const inRange = (indices: Iterable<number>) => [...indices].filter((i) => i < count).sort((a, b) => a - b);
  return {
    selection,
    focused,
    onFocus: setFocused,
    click(index, e) {
      if (e.shiftKey) setSelection((s) => extend(s, index, e.ctrlKey || e.metaKey));
      else if (e.ctrlKey || e.metaKey) setSelection((s) => toggle(s, index));
      else return false;
      setFocused(index);
      return true;
    },
    keyDown(index, e) {
      if (e.key === ' ' && !e.ctrlKey && !e.metaKey) setSelection((s) => toggle(s, index));
      else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') setSelection(selectAll(count));
      else if (e.key === 'Escape' && selection.selected.size > 0) setSelection(emptySelection);
      else return false;
      return true;
    },
    prepareMenu(index) {
      setFocused(index);
      setSelection((s) => (s.selected.has(index) ? s : selectOne(index)));
    },
    targetIndices() {
      if (selection.selected.size > 0) return inRange(selection.selected);
      return focused !== null && focused < count ? [focused] : [];
    },
    clear: () => setSelection(emptySelection),
  };
}
