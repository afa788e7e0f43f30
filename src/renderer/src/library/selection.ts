/**
 * Multi-select over grid indices: click selects one, ctrl/cmd-click toggles,
 * shift-click (or shift+arrows) extends from the anchor, select all.
 */
export interface Selection {
  selected: ReadonlySet<number>;
  anchor: number | null;
}

export const emptySelection: Selection = { selected: new Set(), anchor: null };

export function selectOne(index: number): Selection {
  return { selected: new Set([index]), anchor: index };
}

export function toggle(sel: Selection, index: number): Selection {
  const next = new Set(sel.selected);
  if (next.has(index)) next.delete(index);
  else next.add(index);
  return { selected: next, anchor: index };
}

/** Range from the anchor to `index`; with `add`, added to what is selected. */
export function extend(sel: Selection, index: number, add = false): Selection {
  const anchor = sel.anchor ?? index;
  const next = add ? new Set(sel.selected) : new Set<number>();
  const [a, b] = anchor <= index ? [anchor, index] : [index, anchor];
  for (let i = a; i <= b; i++) next.add(i);
  return { selected: next, anchor };
}

export function selectAll(total: number): Selection {
  const next = new Set<number>();
  for (let i = 0; i < total; i++) next.add(i);
  return { selected: next, anchor: 0 };
}
