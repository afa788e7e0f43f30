import type { CliIo } from './io';

/** Prints rows as aligned columns for people (the --json form is for programs). */
export function printTable<T extends Record<string, unknown>>(io: CliIo, rows: T[], columns: (keyof T & string)[]): void {
  if (rows.length === 0) {
    io.stdout('(nothing)\n');
    return;
  }
  const cells = rows.map((r) => columns.map((c) => String(r[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => [...(row[i] ?? '')].length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i === values.length - 1 ? v : v + ' '.repeat((widths[i] ?? 0) - [...v].length))).join('  ');
  io.stdout(`${line(columns.map((c) => c.toUpperCase()))}\n`);
  for (const row of cells) io.stdout(`${line(row)}\n`);
}
