import { Button } from '../ui/Button';
import type { Action, ActionGroup } from './types';

/** A selection bar's buttons: the actions of these groups, as the menu offers them. */
export function ActionButtons({ actions, groups }: { actions: Action[]; groups: ActionGroup[] }): React.JSX.Element {
  return (
    <>
      {actions
        .filter((a) => groups.includes(a.group))
        .map((a) => (
          <Button key={a.id} variant={a.danger ? 'dangerOutline' : 'default'} disabled={Boolean(a.disabled)} title={a.disabled || undefined} onClick={a.run} data-action={a.id}>
            {a.label}
          </Button>
        ))}
    </>
  );
}
