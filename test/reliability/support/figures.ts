/**
 * Figures a reliability test measured (trials, faults injected, bytes
 * verified, failures…), one JSON file per test under
 * test-results/reliability/. scripts/reliability.js gathers them into
 * docs/RELIABILITY.md after a full run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FULL } from './scale';

export const FIGURES_DIR = join(process.cwd(), 'test-results', 'reliability');

export type Figures = Record<string, number | string | Record<string, number>>;

/** Writes the figures of one promise's test (the id names the row in the doc). */
export function recordFigures(id: string, figures: Figures): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(join(FIGURES_DIR, `${id}.json`), `${JSON.stringify({ id, full: FULL, at: new Date().toISOString(), figures }, null, 2)}\n`);
}
