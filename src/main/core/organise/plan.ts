/**
 * Plans a move, without I/O: each source object's destination key, which
 * destinations are taken, and — once the person chose a conflict policy —
 * what is skipped, replaced, or kept beside the existing object under a new
 * name (the uploads' keep-both naming, shared/upload-keys.ts). The service
 * lists the sources and the destinations on the server; this decides.
 */
import type { ConflictPolicy } from '../../../shared/domain';
import { keepBothFree } from '../../../shared/upload-keys';
import { AppError } from '../errors';

/** A key, or every key below a prefix (ending in `/`), mapped onto a new key or prefix. */
export interface Mapping {
  from: string;
  to: string;
}

export interface SourceObject {
  key: string;
  size: number;
}

export interface PlannedMove {
  src: string;
  dst: string;
  size: number;
}

export type MovePlan =
  | { status: 'needs-decision'; conflicts: string[]; total: number }
  | { status: 'ready'; steps: PlannedMove[]; skipped: { key: string; reason: string }[]; renamed: Record<string, string> };

export interface MovePlanInput {
  mappings: Mapping[];
  /** Every object below each prefix mapping's `from`, and each key mapping's object (as listed). */
  sources: SourceObject[];
  /** Keys at the destinations on the server now. */
  existing: ReadonlySet<string>;
  /** Omitted: any conflict asks for one decision for the whole batch. */
  conflict?: ConflictPolicy;
}

const isPrefix = (key: string) => key.endsWith('/');

/** Refuses mappings that make no sense: a prefix onto a key, into itself, or a key onto a folder name. */
export function checkMappings(mappings: Mapping[]): void {
  for (const { from, to } of mappings) {
    if (from === '' || to === '') throw new AppError('INVALID_INPUT', 'A move needs a source and a destination.');
    if (isPrefix(from) !== isPrefix(to)) {
      throw new AppError('INVALID_INPUT', isPrefix(from) ? `“${from}” is a folder: its destination must end in “/”.` : `“${to}” is a folder name; a file moves to a key.`);
    }
    if (isPrefix(from) && to.startsWith(from) && to !== from) throw new AppError('INVALID_INPUT', `“${from}” cannot move into itself (“${to}”).`);
  }
}

/** The destination of a source key under the mapping that covers it (undefined: none does). */
export function destinationOf(key: string, mappings: Mapping[]): string | undefined {
  for (const { from, to } of mappings) {
    if (isPrefix(from) ? key.startsWith(from) : key === from) return isPrefix(from) ? to + key.slice(from.length) : to;
  }
  return undefined;
}

/** The folder part of a key, and the rest: keep-both names change only the last segment. */
function splitKey(key: string): [string, string] {
  const slash = key.lastIndexOf('/');
  return [key.slice(0, slash + 1), key.slice(slash + 1)];
}

export function planMove(input: MovePlanInput): MovePlan {
  checkMappings(input.mappings);
  const planned: PlannedMove[] = [];
  const skipped: { key: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const object of input.sources) {
    if (seen.has(object.key)) continue;
    seen.add(object.key);
    const dst = destinationOf(object.key, input.mappings);
    if (dst === undefined) continue;
    if (dst === object.key) {
      skipped.push({ key: object.key, reason: 'already there' });
      continue;
    }
    planned.push({ src: object.key, dst, size: object.size });
  }
  // A key both moved away and written to in one batch would depend on the order of the requests.
  const sources = new Set(planned.map((p) => p.src));
  const clash = planned.find((p) => sources.has(p.dst));
  if (clash) throw new AppError('INVALID_INPUT', `“${clash.dst}” would be moved and replaced in one go; do it in two steps.`);
  const conflicts = planned.filter((p) => input.existing.has(p.dst));
  if (conflicts.length > 0 && !input.conflict) {
    return { status: 'needs-decision', conflicts: conflicts.map((c) => c.dst), total: planned.length };
  }

  const renamed: Record<string, string> = {};
  // Every key the batch may not take: what is on the server, and what the batch itself puts there.
  const occupied = new Set(input.existing);
  const targets = new Set<string>();
  const steps: PlannedMove[] = [];
  for (const p of planned) {
    // Two sources onto one destination (two posts' "IMG_1.jpg" into one): the later one is kept beside, whatever the policy.
    const ours = targets.has(p.dst);
    if (!ours && input.existing.has(p.dst) && input.conflict === 'skip') {
      skipped.push({ key: p.src, reason: 'the destination exists (skipped)' });
      continue;
    }
    if (ours || (input.existing.has(p.dst) && input.conflict === 'keepBoth')) {
      const [dir, name] = splitKey(p.dst);
      const free = keepBothFree(name, (n) => dir + n, occupied).key;
      renamed[p.src] = free;
      occupied.add(free);
      targets.add(free);
      steps.push({ ...p, dst: free });
      continue;
    }
    occupied.add(p.dst);
    targets.add(p.dst);
    steps.push(p);
  }
  return { status: 'ready', steps, skipped, renamed };
}
