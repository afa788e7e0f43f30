import clsx from 'clsx';
import { useLayoutEffect, useRef, useState } from 'react';
import styles from './InlineRename.module.css';

interface Props {
  value: string;
  /** The input's accessible name ("New name for IMG 1.jpg"). */
  label: string;
  /** Select the name without its extension (files), as file managers do. */
  selectStem?: boolean;
  onCommit: (name: string) => void;
  onCancel: () => void;
  className?: string;
}

/**
 * Renaming where the name is shown (F2): Enter or leaving the field keeps
 * the new name, Escape keeps the old one. Keys typed here stay here (the
 * grid behind must not select or delete).
 */
export function InlineRename({ value, label, selectStem, onCommit, onCancel, className }: Props): React.JSX.Element {
  const input = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState(value);
  const settled = useRef(false);
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus({ preventScroll: true });
    const dot = value.lastIndexOf('.');
    el.setSelectionRange(0, selectStem && dot > 0 ? dot : value.length);
  }, [value, selectStem]);
  const finish = (commit: boolean) => {
    if (settled.current) return;
    settled.current = true;
    const name = draft.trim();
    if (commit && name !== '' && name !== value) onCommit(name);
    else onCancel();
  };
  return (
    <input
      ref={input}
      className={clsx(styles.input, className)}
      aria-label={label}
      value={draft}
      spellCheck={false}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(true);
        else if (e.key === 'Escape') finish(false);
      }}
      onBlur={() => finish(true)}
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      data-testid="inline-rename"
    />
  );
}
