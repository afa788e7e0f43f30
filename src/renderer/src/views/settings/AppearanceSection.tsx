import clsx from 'clsx';
import { setPreferences, usePreferences, type ThemeChoice } from '../../app/preferences';
import styles from './Settings.module.css';

const CHOICES: [ThemeChoice, string, string][] = [
  ['system', 'Same as the system', 'Light or dark as your desktop is set, and it follows when that changes.'],
  ['light', 'Light', ''],
  ['dark', 'Dark', ''],
];

/** Settings › Appearance: the theme, following the OS unless chosen here. */
export function AppearanceSection(): React.JSX.Element {
  const { theme } = usePreferences();
  return (
    <section className={clsx(styles.section, styles.updates)} aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <fieldset className={styles.provider} data-testid="theme-choice">
        <legend>Theme</legend>
        {CHOICES.map(([value, label, hint]) => (
          <label key={value} className={styles.choice} title={hint || undefined}>
            <input type="radio" name="theme" value={value} checked={theme === value} onChange={() => setPreferences({ theme: value })} />
            {label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
