#!/usr/bin/env node
// Thin launcher: the CLI is bundled by `npm run build` into out/main/cli.js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('spaces-media: the CLI is not built yet. Run `npm run build` in the project folder first.\n');
  process.exit(1);
}
await import(cli);
