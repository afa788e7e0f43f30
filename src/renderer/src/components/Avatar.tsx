import styles from './Avatar.module.css';

/** A stable, colourful placeholder made from a name, used until a thumbnail exists. */
export function Avatar({ name, size }: { name: string; size: number }): React.JSX.Element {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  const hue = hash % 360;
  const initials = [...name.trim()].slice(0, 2).join('').toUpperCase() || '?';
  return (
    <span
      className={styles.avatar}
      aria-hidden
      style={{ width: size, height: size, fontSize: size * 0.4, background: `hsl(${hue} 45% 38%)` }}
    >
      {initials}
    </span>
  );
}
