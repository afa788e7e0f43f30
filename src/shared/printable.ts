/**
 * Text a person typed or pasted, made safe to quote inside a one-line
 * message: control characters (C0, DEL, C1), line and paragraph separators,
 * bidirectional controls (which could reorder the rest of the line on
 * screen) and lone surrogates are shown as \uXXXX escapes, and very long
 * text is cut in the middle with an ellipsis.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function printable(text: string, max = 160): string {
  const chars = Array.from(text);
  const shown = chars.length > max ? `${chars.slice(0, max / 2).join('')}…${chars.slice(-max / 2).join('')}` : text;
  return shown.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
