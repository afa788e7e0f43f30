/**
 * Seeded random and adversarial strings for the pure parsers: Unicode edge
 * cases (lone surrogates, combining marks, emoji with joiners, other
 * scripts), control characters (C0, DEL, C1, line and paragraph
 * separators), bidirectional marks and overrides, zero-width characters,
 * look-alike slashes, `.` and `..` segments, percent signs and escapes
 * (valid, broken, encoded slashes and dots), URL and s3:// forms, and
 * lengths around S3's 1,024-byte key limit.
 */

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const POOLS: readonly (readonly string[])[] = [
  // ASCII that URLs and shells care about
  [...'abcXYZ019 -_.~+#?&=;:@!$\'()*,[]{}<>|^`"\\'],
  // C0, DEL, C1 controls, line and paragraph separators
  ['\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029'],
  // bidirectional marks, embeddings, overrides and isolates; Arabic letter mark
  ['\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u061c'],
  // zero-width characters, BOM, soft hyphen, combining marks, variation selector
  ['\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad', '\u0301', '\u0308', '\ufe0f'],
  // other scripts, full-width and look-alike slashes and dots
  ['é', 'ß', 'ü', 'Ω', 'ж', 'א', 'ع', '中', 'ア', '한', '\uff0f', '\u2215', '\u2044', '\uff0e', '\u2024'],
  // astral characters: emoji (with joiners), a flag, mathematical letters
  ['😀', '👩\u200d👩\u200d👧', '🇫🇷', '𝔘', '🏳️\u200d🌈'],
  // lone surrogates (not well-formed UTF-16)
  ['\ud800', '\udbff', '\udc00', '\udfff'],
  // path pieces and percent escapes
  ['/', '//', '.', '..', '%', '%2F', '%2f', '%2E', '%2e%2e', '%zz', '%25', '%00', '%E2%80%AE', '%C3', '%20', '+'],
];

const TEMPLATES: readonly ((random: () => number, piece: () => string) => string)[] = [
  (_, p) => `${p()}/${p()}/${p()}`,
  (_, p) => `../../${p()}`,
  (_, p) => `${p()}/../${p()}/x.jpg`,
  (_, p) => `${p()}/./${p()}`,
  (_, p) => `/${p()}/${p()}/`,
  (_, p) => `%2e%2e%2f${p()}`,
  (_, p) => `http://${p()}/${p()}`,
  (_, p) => `https://media.nyc3.digitaloceanspaces.com/${p()}`,
  (_, p) => `s3://${p()}/${p()}`,
  (_, p) => `${p()}\u202egpj.exe`,
  (r, p) => `${p()}/${'é'.repeat(300 + Math.floor(r() * 250))}.jpg`,
  (r) => 'k'.repeat(1000 + Math.floor(r() * 40)),
  (r) => `${'€'.repeat(340 + Math.floor(r() * 2))}/x`,
];

/** One random piece: a few characters from one or more pools. */
function piece(random: () => number): string {
  let out = '';
  const length = 1 + Math.floor(random() * 8);
  for (let i = 0; i < length; i++) out += pick(random, pick(random, POOLS));
  return out;
}

/** A hostile string: random pieces joined by slashes, or an adversarial template filled with pieces. */
export function hostileString(random: () => number): string {
  if (random() < 0.35) return pick(random, TEMPLATES)(random, () => piece(random));
  const segments = 1 + Math.floor(random() * 5);
  const parts: string[] = [];
  for (let i = 0; i < segments; i++) parts.push(random() < 0.1 ? '' : piece(random));
  return parts.join(random() < 0.1 ? '//' : '/');
}

/** Whether a string is well-formed UTF-16 (no lone surrogate): what S3 keys and URLs can carry. */
export function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/** UTF-8 length in bytes. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** One line a person can read: no control characters, no line or paragraph separators, no bidi controls. */
// eslint-disable-next-line no-control-regex
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/;
