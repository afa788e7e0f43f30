import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { BatchProgress, BatchSummary, HeldDelete } from '../../../shared/organise';
import { ToastCard, toastActionClass, useRaiseToasts, useToast } from '../components/Toast';
import type { ApiError } from '../data/api-error';
import { call } from '../data/call';
import { organiseActivity, useOrganiseActivity } from '../data/organise-activity';
import { sessionQuery } from '../data/queries';
import { formatBytes, formatCount } from '../format';
import styles from './Organise.module.css';

/** A batch shows its progress once it has run this long (shorter ones only say what they did). */
const PROGRESS_AFTER_MS = 1_000;
/** How long a finished move offers Undo (a move back), as a held delete does. */
const SUMMARY_MS = 10_000;

/**
 * The organise toasts, in the toast region: held deletes counting down
 * with Undo, batches running for over a second with their progress, and
 * what each batch did (Undo for a move; what failed and why).
 */
export function OrganiseToasts(): React.JSX.Element {
  const held = useQuery(sessionQuery('organise:held')).data ?? [];
  const { running, finished } = useOrganiseActivity();
  const now = useNow(held.length > 0 || running.size > 0);
  const raise = useRaiseToasts();
  const shown = held.length + running.size + finished.length;
  useEffect(raise, [shown, raise]);
  useUndoShortcut(held, finished);
  return (
    <>
      {held.map((h) => (
        <HeldToast key={h.id} held={h} now={now} />
      ))}
      {[...running.values()]
        .filter((b) => now - b.startedAt >= PROGRESS_AFTER_MS)
        .map((b) => (
          <ProgressToast key={b.batchId} batch={b} />
        ))}
      {finished.map((s) => (
        <SummaryToast key={s.batchId} summary={s} />
      ))}
    </>
  );
}

/** Ctrl+Z (⌘Z) outside a text field undoes the newest held delete, or else the newest move still offering Undo. */
function useUndoShortcut(held: HeldDelete[], finished: readonly BatchSummary[]): void {
  const toast = useToast();
  const newest = held.at(-1)?.id ?? finished.filter((s) => s.undoable).at(-1)?.batchId;
  useEffect(() => {
    if (!newest) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z') return;
      const el = e.target as HTMLElement | null;
      if (el?.closest('input, textarea, select, [contenteditable="true"]')) return;
      e.preventDefault();
      call('organise:undo', { id: newest })
        .then(() => organiseActivity.dismiss(newest))
        .catch((error: unknown) => toast({ title: 'Could not undo', detail: (error as ApiError).message, tone: 'error' }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [newest, toast]);
}

/** The clock, ticking while something counts down. */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 250);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ticking]);
  return now;
}

function useUndo(id: string, what: string): { undo: () => void; busy: boolean } {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  return {
    busy,
    undo: () => {
      setBusy(true);
      call('organise:undo', { id })
        .then(() => organiseActivity.dismiss(id))
        .catch((error: unknown) => toast({ title: `Could not undo ${what}`, detail: (error as ApiError).message, tone: 'error' }))
        .finally(() => setBusy(false));
    },
  };
}

function HeldToast({ held, now }: { held: HeldDelete; now: number }): React.JSX.Element {
  const { undo, busy } = useUndo(held.id, 'the delete');
  const seconds = Math.max(0, Math.ceil((held.sendsAt - now) / 1000));
  return (
    <ToastCard
      tone="busy"
      data-testid="held-delete"
      title={held.label}
      detail={`${formatCount(held.objects, 'file')}, ${formatBytes(held.bytes)} · deleted for good in ${seconds} s${held.versioning === 'enabled' ? ' (versioning keeps earlier versions)' : ''}`}
      actions={
        <button type="button" className={toastActionClass} onClick={undo} disabled={busy}>
          Undo
        </button>
      }
    />
  );
}

function ProgressToast({ batch }: { batch: BatchProgress }): React.JSX.Element {
  const byBytes = batch.bytesTotal > 0;
  return (
    <ToastCard
      tone="busy"
      data-testid="organise-progress"
      title={batch.label}
      detail={`${batch.done.toLocaleString()} of ${formatCount(batch.total, 'file')}${byBytes ? ` · ${formatBytes(batch.bytesDone)} of ${formatBytes(batch.bytesTotal)}` : ''}${batch.failed > 0 ? ` · ${batch.failed.toLocaleString()} failed` : ''}`}
      footer={
        <progress
          className={styles.progress}
          aria-label={`${batch.label}: progress`}
          max={byBytes ? batch.bytesTotal : batch.total}
          value={byBytes ? batch.bytesDone : batch.done}
        />
      }
    />
  );
}

const SHOWN_FAILURES = 3;

function SummaryToast({ summary }: { summary: BatchSummary }): React.JSX.Element {
  const { undo, busy } = useUndo(summary.batchId, 'the move');
  const id = summary.batchId;
  const dismiss = () => organiseActivity.dismiss(id);
  const [hovered, setHovered] = useState(false);
  const failed = summary.failed.length;
  // Hovering keeps it (time to read what failed, to reach Undo); leaving starts the wait again.
  useEffect(() => {
    if (hovered) return;
    const timer = setTimeout(() => organiseActivity.dismiss(id), failed > 0 ? SUMMARY_MS * 2 : SUMMARY_MS);
    return () => clearTimeout(timer);
  }, [hovered, failed, id]);
  const parts = [
    summary.skipped.length > 0 && `${summary.skipped.length.toLocaleString()} skipped`,
    Object.keys(summary.renamed).length > 0 && `${Object.keys(summary.renamed).length.toLocaleString()} kept beside an existing name`,
    summary.aclUnknown > 0 && `${summary.aclUnknown.toLocaleString()} copied with the bucket’s default access (theirs could not be read)`,
    failed > 0 && `${failed.toLocaleString()} failed`,
  ].filter(Boolean);
  return (
    <ToastCard
      tone={failed > 0 ? 'error' : 'ok'}
      data-testid="organise-summary"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      title={summary.label}
      detail={parts.length > 0 ? parts.join(' · ') : summary.kind === 'delete' ? `${formatCount(summary.done, 'file')} deleted` : undefined}
      footer={
        failed > 0 && (
          <ul className={styles.failures}>
            {summary.failed.slice(0, SHOWN_FAILURES).map((f) => (
              <li key={f.key}>
                {f.key}: {f.message}
              </li>
            ))}
            {failed > SHOWN_FAILURES && <li>and {(failed - SHOWN_FAILURES).toLocaleString()} more</li>}
          </ul>
        )
      }
      actions={
        summary.undoable && (
          <button type="button" className={toastActionClass} onClick={undo} disabled={busy}>
            Undo
          </button>
        )
      }
      onDismiss={dismiss}
    />
  );
}
