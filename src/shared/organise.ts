/**
 * Organising the library (rename, move, delete, set a model's pictures): the
 * requests the renderer and the CLI make, and what comes back. Shared by the
 * contract, the core and the renderer.
 */
import { z } from 'zod';
import type { ConflictPolicy } from './domain';

const segment = z.string().min(1).max(255);
const key = z.string().min(1).max(1024);

/** What an operation acts on: a media file (by key), a post, or a model (everything under its prefix). */
export const organiseSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('media'), key }).strict(),
  z.object({ kind: z.literal('post'), model: segment, post: segment }).strict(),
  z.object({ kind: z.literal('model'), model: segment }).strict(),
]);
export type OrganiseSource = z.infer<typeof organiseSourceSchema>;

export const conflictSchema = z.enum(['skip', 'overwrite', 'keepBoth']);

/** Media into a post (existing or new), or posts into a model. */
export const moveRequestSchema = z
  .object({
    sources: z.array(organiseSourceSchema).min(1).max(100_000),
    to: z.object({ model: segment, post: segment.optional() }).strict(),
    conflict: conflictSchema.optional(),
  })
  .strict();

/** A media file's new name (same folder), a post's or a model's. */
export const renameRequestSchema = z.object({ source: organiseSourceSchema, name: segment, conflict: conflictSchema.optional() }).strict();

/**
 * Deletes are held (HOLD_MS) before anything is sent. A post needs
 * `confirmed`, a model its name typed in `confirmName`: the renderer asked
 * the person, and the core checks that it did.
 */
export const deleteRequestSchema = z
  .object({
    sources: z.array(organiseSourceSchema).min(1).max(100_000),
    confirmed: z.boolean().optional(),
    confirmName: z.string().max(255).optional(),
  })
  .strict();

export const MODEL_IMAGE_ROLES = ['thumbnail', 'icon', 'banner'] as const;
export type ModelImageRole = (typeof MODEL_IMAGE_ROLES)[number];
export const setModelImageSchema = z.object({ key, model: segment, role: z.enum(MODEL_IMAGE_ROLES) }).strict();

/** How long a delete waits for Undo before anything is sent. */
export const HOLD_MS = 10_000;

export type Versioning = 'enabled' | 'suspended' | 'off' | 'unknown';

/** What a delete would remove (from the index), for its confirmation. */
export interface OrganisePreview {
  objects: number;
  bytes: number;
  media: number;
  posts: number;
  /** GetBucketVersioning: 'enabled' means deleted objects stay recoverable as earlier versions; 'unknown' when the key may not ask. */
  versioning: Versioning;
}

export interface OrganiseFailure {
  key: string;
  code: string;
  message: string;
}

export type BatchKind = 'move' | 'delete' | 'set-image';

/** A batch's end: what was done and what was not, and why. */
export interface BatchSummary {
  batchId: string;
  kind: BatchKind;
  /** What the person asked ("Moved 3 items to alice/beach"). */
  label: string;
  /** Objects moved (move), removed (delete) or copied (set-image). */
  done: number;
  bytes: number;
  skipped: { key: string; reason: string }[];
  failed: OrganiseFailure[];
  /** Source key → the name it took beside an existing one (keep both). */
  renamed: Record<string, string>;
  /** A move that can be undone by a move back (until another change). */
  undoable: boolean;
  /** Objects whose access could not be read with this key (copied with the bucket's default). */
  aclUnknown: number;
}

export type OrganiseResult =
  | { status: 'needs-decision'; conflicts: string[]; total: number }
  | { status: 'done'; summary: BatchSummary };

export interface BatchProgress {
  batchId: string;
  kind: BatchKind;
  label: string;
  total: number;
  done: number;
  failed: number;
  bytesTotal: number;
  bytesDone: number;
  startedAt: number;
}

/** A delete waiting for its Undo window to pass (held in the core: a reload of the window keeps it). */
export interface HeldDelete {
  id: string;
  label: string;
  objects: number;
  bytes: number;
  /** Epoch ms when it will be sent. */
  sendsAt: number;
  versioning: Versioning;
}

/** The choice for names already taken, worded for one file ("Skip it") or several ("Skip those"). */
export function conflictLabel(policy: ConflictPolicy, count = 2): string {
  const them = count === 1 ? 'it' : 'them';
  return policy === 'skip' ? (count === 1 ? 'Skip it' : 'Skip those') : policy === 'overwrite' ? `Replace ${them}` : 'Keep both';
}

/** What a person types to delete models: the model's name, or "delete N models" for several. */
export function modelDeletePhrase(models: readonly string[]): string {
  return models.length === 1 ? models[0]! : `delete ${models.length} models`;
}
