import { createContext, useCallback, useContext, useMemo, useState } from 'react';

/** Renders a dialog; `close` unmounts it. */
export type DialogRender = (close: () => void) => React.ReactNode;

const HostContext = createContext<(render: DialogRender) => void>(() => undefined);

/**
 * Where actions show their dialogs (move to…, confirm a delete, share): one
 * at a time, rendered at the shell's level, so a dialog outlives the menu
 * and the tile it was opened from (a view that re-renders, a viewer that closes).
 */
export function ActionHost({ children }: { children: React.ReactNode }): React.JSX.Element {
  const [dialog, setDialog] = useState<{ id: number; render: DialogRender } | null>(null);
  const show = useCallback((render: DialogRender) => setDialog((d) => ({ id: (d?.id ?? 0) + 1, render })), []);
  const close = useCallback(() => setDialog(null), []);
  const value = useMemo(() => show, [show]);
  return (
    <HostContext.Provider value={value}>
      {children}
      {dialog && <DialogSlot key={dialog.id} render={dialog.render} close={close} />}
    </HostContext.Provider>
  );
}

function DialogSlot({ render, close }: { render: DialogRender; close: () => void }): React.JSX.Element {
  return <>{render(close)}</>;
}

/** Shows a dialog from an action (or any view): `showDialog((close) => <MyDialog onClose={close} />)`. */
export function useShowDialog(): (render: DialogRender) => void {
  return useContext(HostContext);
}
