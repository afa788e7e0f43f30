import { useShowDialog } from '../actions/ActionHost';
import type { Action, ActionTarget } from '../actions/types';
import { useToast } from '../components/Toast';
import { ShareDialog } from './ShareDialog';
import { useCopyLinks } from './useCopyLinks';
import { MAX_KEYS_PER_CALL } from './useShareKeys';

/** Copy link and Share… for media (a grid selection or the viewer's item). */
export function useLinkActions(target: ActionTarget | null): Action[] {
  const { copy } = useCopyLinks();
  const showDialog = useShowDialog();
  const toast = useToast();
  if (target?.kind !== 'media') return [];
  const keys = async (): Promise<string[] | null> => {
    if (target.count > MAX_KEYS_PER_CALL) {
      toast({ title: 'Too many files for one go', detail: `Links can be made for up to ${MAX_KEYS_PER_CALL.toLocaleString()} files at a time.`, tone: 'error' });
      return null;
    }
    return (await target.items()).map((m) => m.key);
  };
  const many = target.count > 1;
  return [
    {
      id: 'copy-link',
      label: many ? `Copy ${target.count.toLocaleString()} links` : 'Copy link',
      group: 'share',
      shortcut: 'Ctrl+Shift+C',
      run: () => void keys().then((k) => k && copy(k)),
    },
    {
      id: 'share',
      label: 'Share…',
      group: 'share',
      run: () => void keys().then((k) => k && showDialog((close) => <ShareDialog keys={k} onClose={close} />)),
    },
  ];
}
