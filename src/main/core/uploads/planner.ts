/**
 * Plans a batch, without I/O: each local file's key in the post, which keys
 * are already taken, and — once the person chose a conflict policy — what is
 * skipped, overwritten, or kept beside the existing object under a new name
 * ("photo (2).jpg"). The service lists the existing keys; this decides.
 */
import type { ConflictPolicy } from '../../../shared/domain';
import { buildUploadKey, keepBothName, type UploadTarget } from '../../../shared/upload-keys';
import { AppError } from '../errors';
import type { LocalFile, Skipped } from './scan';

export interface PlannedFile {
  file: LocalFile;
  key: string;
  /** Path inside the post: the file's own, or its keep-both name. */
  relPath: string;
}

export type BatchPlan =
  | { status: 'needs-decision'; conflicts: string[]; files: number }
  | { status: 'ready'; files: PlannedFile[]; skipped: Skipped[]; renamed: Record<string, string> };

export interface PlanInput {
  files: LocalFile[];
  rootPrefix: string;
  target: UploadTarget;
  /** Keys in the post on the server now (empty when the policy is overwrite: nothing to compare). */
  existing: ReadonlySet<string>;
  /** Omitted: any conflict asks for one decision for the whole batch. */
  conflict?: ConflictPolicy;
}

/** Overwriting everything needs no listing of what is there. */
export function needsExistingKeys(conflict: ConflictPolicy | undefined): boolean {
  return conflict !== 'overwrite';
}

function keyFor(input: Pick<PlanInput, 'rootPrefix' | 'target'>, relPath: string): string {
  const built = buildUploadKey(input.rootPrefix, input.target, relPath);
  if (!built.ok) throw new AppError('INVALID_INPUT', built.message);
  return built.key;
}

export function planBatch(input: PlanInput): BatchPlan {
  const planned = input.files.map((file) => ({ file, key: keyFor(input, file.relPath), relPath: file.relPath }));
  const conflicts = planned.filter((p) => input.existing.has(p.key));
  if (conflicts.length > 0 && !input.conflict) {
    return { status: 'needs-decision', conflicts: conflicts.map((c) => c.relPath), files: planned.length };
  }
  const skipped: Skipped[] = [];
  const renamed: Record<string, string> = {};
  // Every key the batch may not take: what is there, and what the batch itself puts there.
  const taken = new Set([...input.existing, ...planned.map((p) => p.key)]);
  const files = planned.flatMap((p): PlannedFile[] => {
    if (!input.existing.has(p.key) || input.conflict === 'overwrite') return [p];
    if (input.conflict === 'skip') {
      skipped.push({ path: p.file.localPath, reason: 'already in the post (skipped)' });
      return [];
    }
    for (let n = 2; ; n++) {
      const relPath = keepBothName(p.relPath, n);
      const key = keyFor(input, relPath);
      if (!taken.has(key)) {
        taken.add(key);
        renamed[p.relPath] = relPath;
        return [{ ...p, key, relPath }];
      }
    }
  });
  return { status: 'ready', files, skipped, renamed };
}
