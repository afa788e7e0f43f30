// One way for the npm scripts to run a step: output straight to the terminal,
// the exit status back. npx and npm are .cmd files on Windows, which start
// only through a shell (and only they: a shell would split a node path with spaces).
import { spawnSync } from 'node:child_process';

export function run(command, args, options = {}) {
  const shell = process.platform === 'win32' && (command === 'npx' || command === 'npm');
  const res = spawnSync(command, args, { stdio: 'inherit', shell, ...options });
  if (res.error) throw res.error;
  return res.status ?? 1;
}
