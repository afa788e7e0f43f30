import clsx from 'clsx';
import text from '../ui/text.module.css';
import { useDraftText } from '../ui/useDraftText';
import styles from './Toolbar.module.css';

/** The sort and filter fields of the models, posts and media views. */
export function SortSelect<S extends string>({
  value,
  options,
  onChange,
}: {
  value: S;
  options: [S, string][];
  onChange: (value: S) => void;
}): React.JSX.Element {
  return (
    <label className={styles.field}>
      <span>Sort</span>
      <select value={value} onChange={(e) => onChange(e.target.value as S)} aria-label="Sort by">
        {options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A filter box whose value lives in the URL: typing shows at once, Back restores what was typed. */
export function FilterInput({ value, onChange, placeholder }: { value: string; onChange: (v: string) => void; placeholder: string }): React.JSX.Element {
  const [draft, change] = useDraftText(value, onChange);
  return (
    <label className={clsx(styles.field, styles.filter)}>
      <span className={text.visuallyHidden}>{placeholder}</span>
      <input type="search" placeholder={placeholder} value={draft} onChange={(e) => change(e.target.value)} />
    </label>
  );
}
