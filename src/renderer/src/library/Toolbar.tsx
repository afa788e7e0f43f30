/** The sort + filter bar shared by the models, posts and media views. */
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
    <label className="toolbar-field">
      <span className="muted">Sort</span>
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

export function FilterInput({ value, onChange, placeholder }: { value: string; onChange: (v: string) => void; placeholder: string }): React.JSX.Element {
  return (
    <label className="toolbar-field toolbar-filter">
      <span className="visually-hidden">{placeholder}</span>
      <input type="search" placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: React.ReactNode; action?: React.ReactNode }): React.JSX.Element {
  return (
    <div className="empty" role="status">
      <h2>{title}</h2>
      {children && <p className="muted">{children}</p>}
      {action}
    </div>
  );
}
