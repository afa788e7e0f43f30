import { useState } from 'react';
import type { SyncSchedule } from '../../../../shared/sync';
import { useCall } from '../../ipc';

const INTERVALS: { label: string; minutes: number | null }[] = [
  { label: 'Off', minutes: null },
  { label: 'Every 15 min', minutes: 15 },
  { label: 'Every hour', minutes: 60 },
  { label: 'Every 6 hours', minutes: 360 },
];

/** Automatic sync settings: a periodic interval and a sync on start-up. */
export function SyncScheduleControl(): React.JSX.Element | null {
  const stored = useCall(() => window.api.sync.getSchedule(), []);
  const [saved, setSaved] = useState<SyncSchedule | null>(null);
  if (stored.state !== 'ready') return null;
  const schedule = saved ?? stored.data;
  const save = async (next: SyncSchedule) => {
    setSaved(next);
    const res = await window.api.sync.setSchedule(next);
    if (res.ok) setSaved(res.data);
  };
  return (
    <div className="sync-schedule">
      <label>
        <span>Auto-sync</span>
        <select
          value={String(schedule.intervalMinutes)}
          onChange={(e) => void save({ ...schedule, intervalMinutes: e.target.value === 'null' ? null : Number(e.target.value) })}
        >
          {INTERVALS.map((i) => (
            <option key={i.label} value={String(i.minutes)}>
              {i.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input type="checkbox" checked={schedule.onStartup} onChange={(e) => void save({ ...schedule, onStartup: e.target.checked })} />
        <span>Sync on start-up</span>
      </label>
    </div>
  );
}
