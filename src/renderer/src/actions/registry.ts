import { useLinkActions } from '../links/link-actions';
import { useOrganiseActions } from '../organise/organise-actions';
import type { Action, ActionSource, ActionTarget } from './types';

/**
 * Every feature's action source, in menu order within a group. Adding a
 * feature's entries is one hook in its own folder plus a line here (e.g.
 * offline: "Keep offline", "Download…").
 */
const ACTION_SOURCES: readonly ActionSource[] = [useLinkActions, useOrganiseActions];

/**
 * The actions for a target: the view's own (Open…) first, then each
 * source's. The list is fixed, so each source's hooks run in the same order
 * on every render, as React requires.
 */
export function useActions(target: ActionTarget | null, own: Action[] = []): Action[] {
  const contributed = ACTION_SOURCES.map((source) => source(target));
  return [...own, ...contributed.flat()];
}

/** Runs the action bound to this key (F2, Delete…), if any; true when one ran (the caller prevents the default). */
export function runShortcut(actions: Action[], e: React.KeyboardEvent | KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  const action = actions.find((a) => a.key === e.key && !a.disabled);
  if (!action) return false;
  action.run();
  return true;
}
