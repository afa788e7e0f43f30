import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Four projects: unit (pure, fast), integration (real S3 servers, SQLite,
 * keyring), reliability (faults, crashes and hostile input; reduced counts
 * here, full ones under `npm run reliability`, which sets RELIABILITY=full)
 * and e2e (the built renderer in Chromium over the real core).
 * scripts/test.js runs them inside a private D-Bus session with a keyring.
 */
const fullReliability = process.env.RELIABILITY === 'full';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          environment: 'node',
          testTimeout: fullReliability ? 1_800_000 : 180_000,
          hookTimeout: 120_000,
          pool: 'forks',
          // Trials measure memory and kill processes at random moments: one file at a time.
          fileParallelism: !fullReliability,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
