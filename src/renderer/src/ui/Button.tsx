import clsx from 'clsx';
import styles from './Button.module.css';

export type ButtonVariant = 'default' | 'primary' | 'danger' | 'dangerOutline' | 'quiet' | 'link' | 'icon';

interface Props extends React.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
  ref?: React.Ref<HTMLButtonElement>;
}

/** The app's one button: variants for emphasis, `sm` for dense rows. `type` defaults to "button". */
export function Button({ variant = 'default', size = 'md', className, type = 'button', ...rest }: Props): React.JSX.Element {
  return (
    <button
      type={type}
      className={clsx(styles.button, variant !== 'default' && styles[variant], size === 'sm' && styles.sm, className)}
      {...rest}
    />
  );
}
