/**
 * Optional automatic syncs of the active profile: on start-up and/or every
 * N minutes, as stored in the settings table. A scheduled run that finds a
 * sync already running skips; failures are recorded in sync_runs and logged.
 */
import { eq, inArray } from 'drizzle-orm';
import type { SyncSchedule } from '../../../shared/sync';
import type { Db } from '../db/database';
import { settings } from '../db/schema';
import type { Logger } from '../logger';
import type { ProfileRow } from '../repositories/profiles';
import type { SyncService } from './sync-service';

const INTERVAL_KEY = 'sync.intervalMinutes';
const STARTUP_KEY = 'sync.onStartup';

export function readSchedule(db: Db): SyncSchedule {
  const rows = db.select().from(settings).where(inArray(settings.key, [INTERVAL_KEY, STARTUP_KEY])).all();
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  const minutes = Number(value(INTERVAL_KEY));
  return { intervalMinutes: Number.isInteger(minutes) && minutes > 0 ? minutes : null, onStartup: value(STARTUP_KEY) === 'true' };
}

export function writeSchedule(db: Db, schedule: SyncSchedule): void {
  const now = Date.now();
  db.transaction((tx) => {
    for (const [key, value] of [
      [INTERVAL_KEY, schedule.intervalMinutes === null ? null : String(schedule.intervalMinutes)],
      [STARTUP_KEY, String(schedule.onStartup)],
    ] as const) {
      if (value === null) tx.delete(settings).where(eq(settings.key, key)).run();
      else tx.insert(settings).values({ key, value, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } }).run();
    }
  });
}

export class SyncScheduler {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly deps: { db: Db; sync: SyncService; log: Logger; activeProfile: () => ProfileRow | undefined },
  ) {}

  /** Applies the stored schedule; `startup` also runs the on-start-up sync when enabled. */
  start(startup = true): void {
    this.stop();
    const schedule = readSchedule(this.deps.db);
    if (startup && schedule.onStartup) this.runOnce('startup');
    if (schedule.intervalMinutes !== null) {
      this.timer = setInterval(() => this.runOnce('interval'), schedule.intervalMinutes * 60_000);
      this.timer.unref?.();
    }
  }

  /** The stored schedule. */
  schedule(): SyncSchedule {
    return readSchedule(this.deps.db);
  }

  update(schedule: SyncSchedule): SyncSchedule {
    writeSchedule(this.deps.db, schedule);
    this.start(false);
    return readSchedule(this.deps.db);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private runOnce(reason: string): void {
    const profile = this.deps.activeProfile();
    if (!profile || this.deps.sync.isRunning(profile.id)) return;
    this.deps.sync.run(profile).catch((error: unknown) => this.deps.log.warn(`scheduled sync (${reason}) did not complete`, error));
  }
}
