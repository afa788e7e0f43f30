import { Notice } from '../../../ui/Notice';

/** Says what a pasted address was read as, so a person can see and correct it. */
export function UnderstoodAddress({ text }: { text: string | null }): React.JSX.Element | null {
  if (!text) return null;
  return (
    <Notice as="p" small role="status" data-testid="understood-address">
      Read the pasted address as {text}.
    </Notice>
  );
}
