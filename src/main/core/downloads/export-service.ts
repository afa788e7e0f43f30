/**
 * "Download…" and dragging tiles out of the window. An export saves a
 * selection, a post or a model into a folder the person chose in main's own
 * dialog (the renderer never names a path), as MODEL/POST/FILE, with a
 * decision for files already there (skip, overwrite, keep both). A drag
 * fetches the originals into a scratch folder of the data directory (or
 * copies them from the offline store) and then asks main to start the
 * operating system's drag with them.
 */
import { randomUUID } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { ExportConflict, ExportResult } from '../../../shared/downloads';
import { keepBothName } from '../../../shared/upload-keys';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { ProfileRow } from '../repositories/profiles';
import { localPathFor, partialPathFor, safeSegment } from './local-path';
import { ScopeReader, type Scope, type ScopedObject } from './scope';
import type { DownloadService } from './service';

/** What only the desktop host can do for exports and drags (Electron's main; the e2e harness scripts it). */
export interface ExportHost {
  /** Main's folder picker; null when the person cancelled. */
  chooseFolder?(title: string): Promise<string | null>;
  /** webContents.startDrag with these local files. */
  startDrag?(files: string[]): Promise<void>;
}

interface Planned {
  object: ScopedObject;
  dest: string;
}

interface Pending {
  profileId: string;
  folder: string;
  plan: Planned[];
  conflicts: Set<string>;
  at: number;
}

/** A decision not taken within this long is forgotten (the folder must be chosen again). */
const PENDING_MS = 15 * 60_000;
/** Scratch folders of drags older than this are removed at start. */
const DRAG_KEEP_MS = 24 * 3600_000;

export class ExportService {
  private readonly scope: ScopeReader;
  private readonly pending = new Map<string, Pending>();
  private readonly dragDir: string;

  constructor(
    private readonly options: { sqlite: ConstructorParameters<typeof ScopeReader>[0]; dataDir: string; downloads: DownloadService; host: ExportHost; log: Logger },
  ) {
    this.scope = new ScopeReader(options.sqlite);
    this.dragDir = join(options.dataDir, 'drag');
  }

  /** Asks main for a folder, plans the files there; a decision is needed first when some exist. */
  async start(profile: ProfileRow, scope: Scope, conflict?: ExportConflict): Promise<ExportResult> {
    const objects = this.scope.read(profile.id, profile.rootPrefix, scope);
    const choose = this.options.host.chooseFolder;
    if (!choose) throw new AppError('FORBIDDEN', 'Choosing a folder needs the desktop app. From a shell, use: spaces-media get PREFIX/ --to DIR');
    const folder = await choose(`Download ${objects.length === 1 ? `“${objects[0]!.name}”` : `${objects.length} files`} to…`);
    if (!folder) return { status: 'cancelled' };
    const plan = objects.map((object) => ({ object, dest: localPathFor(folder, object.layout) }));
    const conflicts = new Set<string>();
    for (const p of plan) if (await exists(p.dest)) conflicts.add(p.dest);
    if (conflicts.size > 0 && conflict === undefined) {
      this.forgetStale();
      const token = randomUUID();
      this.pending.set(token, { profileId: profile.id, folder, plan, conflicts, at: Date.now() });
      const names = [...conflicts].slice(0, 20).map((d) => relative(folder, d));
      return { status: 'needs-decision', token, folder, conflicts: names, files: plan.length };
    }
    return this.queue(profile.id, folder, plan, conflicts, conflict ?? 'skip');
  }

  /** The person's decision for an export's existing files. */
  decide(token: string, conflict: ExportConflict): Promise<ExportResult> {
    const pending = this.pending.get(token);
    this.pending.delete(token);
    if (!pending || Date.now() - pending.at > PENDING_MS) throw new AppError('NOT_FOUND', 'That download was not started in time; choose Download… again.');
    return this.queue(pending.profileId, pending.folder, pending.plan, pending.conflicts, conflict);
  }

  /** Fetches the originals (or copies them from the offline store) and hands them to main's drag. */
  async dragOut(profile: ProfileRow, keys: string[]): Promise<{ files: number }> {
    const startDrag = this.options.host.startDrag;
    if (!startDrag) throw new AppError('FORBIDDEN', 'Dragging files out needs the desktop app.');
    const objects = this.scope.read(profile.id, profile.rootPrefix, { keys });
    const dir = join(this.dragDir, randomUUID());
    const taken = new Set<string>();
    const files = objects.map((object) => {
      let name = safeSegment(basename(object.layout));
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = keepBothName(safeSegment(basename(object.layout)), n);
      taken.add(name.toLowerCase());
      const dest = join(dir, name);
      return { key: object.key, etag: object.etag, size: object.size, lastModified: object.lastModified, dest, temp: partialPathFor(dest) };
    });
    const { batchId } = this.options.downloads.enqueue(profile.id, 'drag', files);
    const summary = await this.options.downloads.waitForBatch(batchId);
    const failure = summary.failures[0];
    if (failure) throw new AppError('NETWORK', `“${basename(failure.key)}” could not be fetched for dragging: ${failure.message}`);
    if (summary.done === 0) throw new AppError('CANCELLED', 'The drag was cancelled.');
    await startDrag(files.map((f) => f.dest));
    return { files: files.length };
  }

  /** Removes drag scratch folders from earlier days (the file manager has its copies by now). */
  async sweepDrags(now = Date.now()): Promise<void> {
    const names = await readdir(this.dragDir).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(this.dragDir, name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > DRAG_KEEP_MS) await rm(path, { recursive: true, force: true });
    }
  }

  private async queue(profileId: string, folder: string, plan: Planned[], conflicts: Set<string>, conflict: ExportConflict): Promise<ExportResult> {
    const planned = new Set(plan.map((p) => p.dest));
    const files = [];
    let skipped = 0;
    for (const p of plan) {
      let dest = p.dest;
      if (conflicts.has(dest) && conflict === 'skip') {
        skipped++;
        continue;
      }
      if (conflicts.has(dest) && conflict === 'keepBoth') {
        const rel = relative(folder, p.dest);
        for (let n = 2; ; n++) {
          const candidate = join(folder, keepBothName(rel.split('\\').join('/'), n));
          if (!planned.has(candidate) && !(await exists(candidate))) {
            dest = candidate;
            break;
          }
        }
        planned.add(dest);
      }
      files.push({ key: p.object.key, etag: p.object.etag, size: p.object.size, lastModified: p.object.lastModified, dest, temp: partialPathFor(dest) });
    }
    if (files.length === 0) return { status: 'queued', batchId: '', folder, files: 0, bytes: 0, skipped };
    const { batchId } = this.options.downloads.enqueue(profileId, 'export', files);
    this.options.log.info('export queued', { files: files.length, skipped });
    return { status: 'queued', batchId, folder, files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), skipped };
  }

  private forgetStale(): void {
    for (const [token, p] of this.pending) if (Date.now() - p.at > PENDING_MS) this.pending.delete(token);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
