import styles from './ConnectionReport.module.css';

/** Says what a pasted address was read as, so a person can see and correct it. */
export function UnderstoodAddress({ text }: { text: string | null }): React.JSX.Element | null {
  if (!text) return null;
  return (
    <p className={`${styles.headline} small`} role="status" data-testid="understood-address">
      Read the pasted address as {text}.
    </p>
  );
}
