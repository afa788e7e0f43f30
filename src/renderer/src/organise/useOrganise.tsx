import type { ConflictPolicy } from '../../../shared/domain';
import type { OrganiseResult, OrganiseSource } from '../../../shared/organise';
import { useShowDialog } from '../actions/ActionHost';
import type { ApiError } from '../data/api-error';
import { call } from '../data/call';
import { useToast } from '../components/Toast';
import { ConflictDialog } from './ConflictDialog';

export interface OrganiseRunner {
  rename(source: OrganiseSource, name: string): Promise<void>;
  move(sources: OrganiseSource[], to: { model: string; post?: string }): Promise<void>;
  /** Held for Undo (the held-delete toast shows it); posts and models pass the confirmation their dialog got. */
  delete(sources: OrganiseSource[], confirm?: { confirmed: true; confirmName?: string }): Promise<void>;
  setModelImage(key: string, model: string, role: 'thumbnail' | 'icon' | 'banner'): Promise<void>;
}

/**
 * The organise calls as actions make them: a destination that exists asks
 * (skip / replace / keep both) and the call is made again with the answer;
 * errors become a toast. What a batch did is shown by the organise toasts
 * (from `organise:finished`), and the views follow `library:changed`.
 */
export function useOrganise(): OrganiseRunner {
  const showDialog = useShowDialog();
  const toast = useToast();
  const failed = (title: string) => (error: unknown) => toast({ title, detail: (error as ApiError).message, tone: 'error' });

  const withDecision = async (attempt: (conflict?: ConflictPolicy) => Promise<OrganiseResult>): Promise<void> => {
    const first = await attempt();
    if (first.status === 'done') return;
    const policy = await new Promise<ConflictPolicy | null>((resolve) =>
      showDialog((close) => (
        <ConflictDialog
          conflicts={first.conflicts}
          total={first.total}
          onChoose={(p) => {
            close();
            resolve(p);
          }}
          onClose={() => {
            close();
            resolve(null);
          }}
        />
      )),
    );
    if (policy) await attempt(policy);
  };

  return {
    rename: (source, name) => withDecision((conflict) => call('organise:rename', { source, name, conflict })).catch(failed('Could not rename')),
    move: (sources, to) => withDecision((conflict) => call('organise:move', { sources, to, conflict })).catch(failed('Could not move')),
    delete: (sources, confirm) =>
      call('organise:delete', { sources, ...confirm })
        .then(() => undefined)
        .catch(failed('Could not delete')),
    setModelImage: (key, model, role) =>
      call('organise:setModelImage', { key, model, role })
        .then(() => undefined)
        .catch(failed('Could not set the picture')),
  };
}
