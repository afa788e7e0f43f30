/**
 * The shape every IPC request must have before its schema sees it: JSON-like
 * data (null, strings, numbers, booleans, arrays, objects with Object's or no
 * prototype), nested at most MAX_DEPTH levels. Electron's IPC clones Dates,
 * Maps, typed arrays and the like across; a zod object schema would take a
 * Date or a Map for `{}` (no own keys), and a deeply nested value costs a
 * recursive walk. No request in the contract is deeper than a few levels.
 */
export const MAX_DEPTH = 32;

export function isPlainData(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === 'string' || type === 'boolean' || type === 'number') return true;
  if (type !== 'object' || depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1));
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value as Record<string, unknown>).every((item) => isPlainData(item, depth + 1));
}
