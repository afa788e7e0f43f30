import { useCallback, useRef, useState } from 'react';
import type { ConflictPolicy, EnqueueResult, UploadAcl } from '../../../shared/domain';
import type { ErrorInfo } from '../../../shared/errors';
import { defaultPostName } from '../../../shared/upload-keys';
import { errorInfoOf } from '../data/api-error';
import { useApiMutation } from '../data/mutations';
import type { FileGrant, PickKind } from '../../../shared/file-grants';
import { grantsFor } from './dropped-grants';

/**
 * Where a drop lands: a post (adds to it), a model (a new post, named by the
 * user) or the library (no model: a new model and its first post, both named).
 */
export interface DropTarget {
  model?: string;
  post?: string;
}

export type DropStage =
  | { stage: 'idle' }
  | { stage: 'naming'; grants: string[]; suggested: string; needsModel: boolean }
  | { stage: 'conflict'; grants: string[]; model: string; post: string; conflicts: string[]; files: number }
  | { stage: 'starting' }
  | { stage: 'queued'; result: Extract<EnqueueResult, { status: 'queued' }> }
  | { stage: 'error'; error: ErrorInfo };

export interface FileDrop {
  dragging: boolean;
  state: DropStage;
  /** Spread on the drop target element. */
  dropProps: {
    onDragEnter(e: React.DragEvent): void;
    onDragOver(e: React.DragEvent): void;
    onDragLeave(e: React.DragEvent): void;
    onDrop(e: React.DragEvent): void;
  };
  /** Dropped Files (the preload turns them into grants). */
  addFiles(files: readonly File[]): void;
  /** Main's own file dialog: files, or a folder. */
  pick(kind: PickKind): void;
  /** The user named the new post (and, dropped on the library, the new model). */
  confirmName(post: string, model?: string): void;
  /** One decision for every existing key in the batch. */
  resolveConflict(policy: ConflictPolicy): void;
  dismiss(): void;
}

/**
 * Drag-and-drop (and picker) uploads onto a model or a post: resolves local
 * paths, asks for a post name when dropping on a model, asks once per batch
 * what to do with existing keys, then hands the batch to main.
 */
export function useFileDrop(target: DropTarget, options: { acl?: UploadAcl; cacheControl?: string | null } = {}): FileDrop {
  const [dragging, setDragging] = useState(false);
  const [state, setState] = useState<DropStage>({ stage: 'idle' });
  const depth = useRef(0);

  const upload = useApiMutation('uploads:start');
  const { mutateAsync } = upload;
  const { mutateAsync: pickAsync } = useApiMutation('uploads:pick');
  const start = useCallback(
    async (grants: string[], model: string, post: string, conflict?: ConflictPolicy) => {
      setState({ stage: 'starting' });
      try {
        const result = await mutateAsync({ target: { model, post }, grants, conflict, acl: options.acl, cacheControl: options.cacheControl });
        if (result.status === 'needs-decision') {
          return setState({ stage: 'conflict', grants, model, post, conflicts: result.conflicts, files: result.files });
        }
        setState({ stage: 'queued', result });
      } catch (error) {
        setState({ stage: 'error', error: errorInfoOf(error) });
      }
    },
    [mutateAsync, options.acl, options.cacheControl],
  );

  /** Granted files or folders: straight into a post, or first a name for the new post (and model). */
  const uploadGranted = useCallback(
    (grants: FileGrant[]) => {
      if (grants.length === 0) return;
      const ids = grants.map((g) => g.id);
      if (target.model === undefined || target.post === undefined) {
        const folder = grants.length === 1 && grants[0]!.folder ? grants[0]!.name : undefined;
        return setState({ stage: 'naming', grants: ids, suggested: defaultPostName(new Date(), folder), needsModel: target.model === undefined });
      }
      void start(ids, target.model, target.post);
    },
    [start, target.model, target.post],
  );

  const failed = (message: string) => setState({ stage: 'error', error: { code: 'INVALID_INPUT', message, retryable: false } });

  const addFiles = useCallback(
    (files: readonly File[]) => {
      if (files.length === 0) return;
      void grantsFor(files).then(({ grants, missing, error }) => {
        if (error) return failed(error);
        if (grants.length === 0) {
          return failed(`Could not read where ${missing.length === 1 ? `"${missing[0]}" is` : `${missing.length} files are`} on disk. Drop files from your computer's file manager.`);
        }
        uploadGranted(grants);
      });
    },
    [uploadGranted],
  );

  const pick = useCallback(
    (kind: PickKind) => {
      pickAsync({ kind }).then(uploadGranted, (error: unknown) => setState({ stage: 'error', error: errorInfoOf(error) }));
    },
    [pickAsync, uploadGranted],
  );

  const dropProps = {
    onDragEnter: (e: React.DragEvent) => {
      if (!e.dataTransfer.types.includes('Files')) return;
      e.preventDefault();
      depth.current += 1;
      setDragging(true);
    },
    onDragOver: (e: React.DragEvent) => {
      if (!e.dataTransfer.types.includes('Files')) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    },
    onDrop: (e: React.DragEvent) => {
      e.preventDefault();
      depth.current = 0;
      setDragging(false);
      addFiles(Array.from(e.dataTransfer.files));
    },
  };

  return {
    dragging,
    state,
    dropProps,
    addFiles,
    pick,
    confirmName: (post, model) => {
      const modelName = (model ?? target.model)?.trim();
      if (state.stage === 'naming' && modelName) void start(state.grants, modelName, post.trim());
    },
    resolveConflict: (policy) => {
      if (state.stage === 'conflict') void start(state.grants, state.model, state.post, policy);
    },
    dismiss: () => setState({ stage: 'idle' }),
  };
}
