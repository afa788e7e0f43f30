#!/usr/bin/env node
// `npm run bench -- NAME [args]`: runs bench/NAME.ts under Node with tsx's
// loader (a devDependency) and the OpenSSL legacy provider
// s3rver's continuation tokens need. With no NAME, lists the benches.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = join(import.meta.dirname, '..', 'bench');
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(benchDir).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
if (!name || !existsSync(join(benchDir, `${name}.ts`))) {
  console.error(`${name ? `No bench named "${name}". ` : ''}Usage: npm run bench -- NAME [args]; benches: ${available.join(', ')}`);
  process.exit(name ? 2 : 0);
}
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --openssl-legacy-provider`.trim() };
const res = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, `${name}.ts`), ...args], { stdio: 'inherit', env });
process.exit(res.status ?? 1);
