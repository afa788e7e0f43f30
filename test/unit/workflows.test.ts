import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

interface Step {
  uses?: string;
  run?: string;
  if?: string;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix: { os?: string[]; include?: { os: string }[] } };
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
  const doc = parse(readFileSync(join(root, '.github/workflows', name), 'utf8')) as Workflow;
  expect(doc.name, `${name} has a name`).toBeTruthy();
  expect(Object.keys(doc.jobs).length).toBeGreaterThan(0);
  return doc;
}
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);
const runs = (wf: Workflow) => steps(wf).flatMap((s) => (s.run ? s.run.split('\n').map((l) => l.trim()).filter(Boolean) : []));
const osOf = (job: Job) => job.strategy?.matrix.os ?? job.strategy?.matrix.include?.map((i) => i.os) ?? [job['runs-on']];

/** Actions that exist, at the major versions used (checked by hand against their repositories). */
const KNOWN_ACTIONS = new Set(['actions/checkout@v4', 'actions/setup-node@v4', 'actions/upload-artifact@v4', 'actions/download-artifact@v4', 'softprops/action-gh-release@v2']);

/** Every npm command a workflow runs is a package.json script (or npm's own) and is in the README. */
function expectDocumentedNpm(wf: Workflow): void {
  for (const line of runs(wf)) {
    const npm = /(?:^|\s)npm (run [\w:-]+|test|ci|install)\b/.exec(line)?.[1];
    if (!npm) continue;
    if (npm.startsWith('run ')) expect(scripts[npm.slice(4)], `${npm} is a package.json script`).toBeDefined();
    if (npm !== 'ci') expect(readme, `the README tells people to \`npm ${npm}\``).toContain(`npm ${npm}`);
  }
}

describe('GitHub workflows', () => {
  it('name only real actions, pinned to a major version', () => {
    for (const file of ['ci.yml', 'release.yml']) {
      for (const step of steps(workflow(file)).filter((s) => s.uses)) expect(KNOWN_ACTIONS, `${file}: ${step.uses}`).toContain(step.uses);
    }
  });

  it("ci.yml runs the README's install and test commands, plus typecheck and lint, on Linux, macOS and Windows", () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const job = ci.jobs.test!;
    expect(osOf(job)).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    const lines = runs(ci);
    expect(readme).toContain('npm install && npm test');
    for (const command of ['npm ci', 'npm run typecheck', 'npm run lint', 'npm test']) expect(lines.some((l) => l.includes(command)), command).toBe(true);
    // The Electron binary and its better-sqlite3, so the _electron specs run; on Linux under a virtual display.
    expect(lines).toContain('node node_modules/electron/install.js');
    expect(lines).toContain('npm run native:electron');
    expect(job.steps.find((s) => s.run === 'xvfb-run -a npm test')?.if).toBe("runner.os == 'Linux'");
    expectDocumentedNpm(ci);
  });

  it('release.yml builds the installers on each OS on a tag, smoke-runs each packaged app, uploads and publishes them', () => {
    const release = workflow('release.yml');
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
    const dist = release.jobs.dist!;
    expect(osOf(dist)).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    const lines = runs(release);
    expect(lines).toContain('npm run dist');
    expect(lines.filter((l) => l.endsWith('npm run smoke:packaged'))).toHaveLength(2);
    const order = dist.steps.map((s) => s.run ?? s.uses ?? '');
    expect(order.indexOf('npm run dist')).toBeLessThan(order.findIndex((r) => r.endsWith('npm run smoke:packaged')));
    expect(order.findIndex((r) => r.endsWith('npm run smoke:packaged'))).toBeLessThan(order.indexOf('actions/upload-artifact@v4'));
    expect(steps(release).some((s) => s.uses === 'softprops/action-gh-release@v2')).toBe(true);
    expect(readme).toContain('--smoke --smoke-report');
    expectDocumentedNpm(release);
  });
});
