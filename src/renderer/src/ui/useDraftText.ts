import { useState } from 'react';

interface DraftState {
  draft: string;
  /** The committed value last seen. */
  seen: string;
  /** Values sent and not yet seen come back (typing outruns the URL by a render or two). */
  pending: readonly string[];
}

/**
 * Text that a field edits locally and commits elsewhere (the URL): what is
 * typed shows at once, even while the committed value catches up a render
 * later; a change from outside (Back, a link) replaces what the field shows.
 */
export function useDraftText(committed: string, commit: (text: string) => void): [string, (text: string) => void] {
  const [state, setState] = useState<DraftState>({ draft: committed, seen: committed, pending: [] });
  if (committed === state.seen && committed === state.draft && state.pending.length > 0) {
    // In step again (a value typed and taken back may never have reached the URL): nothing is pending.
    setState({ ...state, pending: [] });
  } else if (committed !== state.seen) {
    const at = state.pending.indexOf(committed);
    // One of ours coming back: keep the draft. Anything else moved the value: show it.
    setState(
      at >= 0
        ? { draft: state.draft, seen: committed, pending: state.pending.slice(at + 1) }
        : { draft: committed, seen: committed, pending: [] },
    );
  }
  const change = (text: string) => {
    setState((s) => ({ ...s, draft: text, pending: [...s.pending, text] }));
    commit(text);
  };
  return [state.draft, change];
}
