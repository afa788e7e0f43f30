import { useQuery } from '@tanstack/react-query';
import type { SyncSchedule } from '../../../../shared/sync';
import { useApiMutation } from '../../data/mutations';
import { sessionQuery } from '../../data/queries';
import styles from './Sync.module.css';

const INTERVALS: { label: string; minutes: number | null }[] = [
  { label: 'Off', minutes: null },
  { label: 'Every 15 min', minutes: 15 },
  { label: 'Every hour', minutes: 60 },
  { label: 'Every 6 hours', minutes: 360 },
];

/** Automatic sync settings: a periodic interval and a sync on start-up. */
export function SyncScheduleControl(): React.JSX.Element | null {
  const stored = useQuery(sessionQuery('sync:getSchedule')).data;
  const save = useApiMutation('sync:setSchedule');
  if (!stored) return null;
  // What was just chosen shows at once; main's answer replaces it in the cache.
  const schedule: SyncSchedule = save.isPending ? save.variables : stored;
  return (
    <div className={styles.schedule}>
      <label>
        <span>Auto-sync</span>
        <select
          value={String(schedule.intervalMinutes)}
          onChange={(e) => save.mutate({ ...schedule, intervalMinutes: e.target.value === 'null' ? null : Number(e.target.value) })}
        >
          {INTERVALS.map((i) => (
            <option key={i.label} value={String(i.minutes)}>
              {i.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={schedule.onStartup} onChange={(e) => save.mutate({ ...schedule, onStartup: e.target.checked })} />
        <span>Sync on start-up</span>
      </label>
    </div>
  );
}
