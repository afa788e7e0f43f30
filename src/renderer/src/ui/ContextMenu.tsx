import clsx from 'clsx';
import { Fragment, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ACTION_GROUPS, type Action } from '../actions/types';
import styles from './ContextMenu.module.css';

/** Where the menu opens: a point in the viewport (the pointer, or the focused element's corner). */
export interface MenuAnchor {
  x: number;
  y: number;
}

/** The menu key, or Shift+F10 (the keyboard's two ways to ask for a context menu). */
export function isMenuKey(e: KeyboardEvent | React.KeyboardEvent): boolean {
  return e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10');
}

/** A menu opened from the keyboard appears at the focused element, a little inside its top-left corner. */
export function anchorOf(element: Element | null): MenuAnchor {
  const rect = element?.getBoundingClientRect();
  return rect ? { x: rect.left + Math.min(24, rect.width / 2), y: rect.top + Math.min(24, rect.height / 2) } : { x: 40, y: 40 };
}

interface Props {
  anchor: MenuAnchor;
  actions: Action[];
  /** The menu's accessible name ("Actions for 3 items"). */
  label: string;
  onClose: () => void;
}

/**
 * A context menu (WAI-ARIA menu pattern): role=menu in the top layer at the
 * anchor, kept inside the window; the first item has the focus; arrows,
 * Home/End and a typed letter move; Enter or Space runs; Escape, Tab, a
 * click outside or the window losing focus close it, and the focus goes back
 * where it was. Items come from the action model, grouped with separators.
 */
export function ContextMenu({ anchor, actions, label, onClose }: Props): React.JSX.Element {
  const menu = useRef<HTMLDivElement>(null);
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const [position, setPosition] = useState(anchor);
  const latestClose = useRef(onClose);
  useEffect(() => {
    latestClose.current = onClose;
  });
  const close = useCallback(() => {
    latestClose.current();
    opener?.focus({ preventScroll: true });
  }, [opener]);

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [])];

  useLayoutEffect(() => {
    const el = menu.current;
    if (!el) return;
    if (el.showPopover && !el.matches(':popover-open')) el.showPopover();
    const { width, height } = el.getBoundingClientRect();
    const margin = 8;
    setPosition({
      x: Math.max(margin, Math.min(anchor.x, window.innerWidth - width - margin)),
      y: Math.max(margin, anchor.y + height > window.innerHeight - margin ? anchor.y - height : anchor.y),
    });
    (items()[0] ?? el).focus({ preventScroll: true });
  }, [anchor]);

  useEffect(() => {
    const outside = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) close();
    };
    const away = () => close();
    window.addEventListener('pointerdown', outside, true);
    window.addEventListener('blur', away);
    window.addEventListener('resize', away);
    return () => {
      window.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('blur', away);
      window.removeEventListener('resize', away);
    };
  }, [close]);

  const run = (action: Action) => {
    if (action.disabled) return;
    // Close first: an action that opens a dialog must get the focus after the menu gave it back.
    close();
    action.run();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const focus = (i: number) => list[(i + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') focus(at + 1);
    else if (e.key === 'ArrowUp') focus(at - 1);
    else if (e.key === 'Home' || e.key === 'PageUp') focus(0);
    else if (e.key === 'End' || e.key === 'PageDown') focus(list.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab' || isMenuKey(e)) close();
    else if (e.key === 'Enter' || e.key === ' ') {
      const action = actions.find((a) => a.id === (document.activeElement as HTMLElement | null)?.dataset.action);
      if (action) run(action);
    } else if (e.key.length === 1 && /\S/.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Type-ahead: the next item whose label starts with the letter.
      const letter = e.key.toLowerCase();
      const order = [...list.slice(at + 1), ...list.slice(0, at + 1)];
      order.find((el) => el.textContent?.trim().toLowerCase().startsWith(letter))?.focus();
    } else {
      // Whatever else is typed stays in the menu: the view behind it (a grid, the viewer) must not act on it.
      e.stopPropagation();
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const groups = ACTION_GROUPS.map((group) => actions.filter((a) => a.group === group)).filter((g) => g.length > 0);
  return (
    <div
      ref={menu}
      popover="manual"
      role="menu"
      aria-label={label}
      tabIndex={-1}
      className={styles.menu}
      style={{ left: position.x, top: position.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
      data-testid="context-menu"
    >
      {groups.length === 0 && (
        <div role="menuitem" aria-disabled="true" className={clsx(styles.item, styles.empty)}>
          Nothing to do here
        </div>
      )}
      {groups.map((group, g) => (
        <Fragment key={group[0]!.group}>
          {g > 0 && <div role="separator" className={styles.separator} />}
          <div role="group" className={styles.group}>
            {group.map((action) => (
              <div
                key={action.id}
                role="menuitem"
                tabIndex={-1}
                aria-disabled={action.disabled ? true : undefined}
                aria-keyshortcuts={action.key}
                title={action.disabled || undefined}
                data-action={action.id}
                className={clsx(styles.item, action.danger && styles.danger)}
                onClick={() => run(action)}
                onPointerMove={(e) => e.currentTarget.focus({ preventScroll: true })}
              >
                <span className={styles.label}>{action.label}</span>
                {(action.shortcut ?? action.key) && <kbd className={styles.shortcut}>{action.shortcut ?? action.key}</kbd>}
              </div>
            ))}
          </div>
        </Fragment>
      ))}
    </div>
  );
}

/** A view's context menu: where it is open (null: closed), and the element to render with the view's current actions. */
export function useContextMenu(): {
  anchor: MenuAnchor | null;
  open(anchor: MenuAnchor): void;
  close(): void;
  render(actions: Action[], label: string): React.ReactNode;
} {
  const [anchor, setAnchor] = useState<MenuAnchor | null>(null);
  const close = useCallback(() => setAnchor(null), []);
  return {
    anchor,
    open: setAnchor,
    close,
    render: (actions, label) => anchor && <ContextMenu anchor={anchor} actions={actions} label={label} onClose={close} />,
  };
}
