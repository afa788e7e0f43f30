import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { openLogFile } from '../../src/main/core/log-file';
import { logLocation } from '../../src/main/core/log-location';
import { createLogger, registerSecret } from '../../src/main/core/logger';
import { captureIo } from '../fixtures/cli-io';
import { tempDir } from '../fixtures/temp';

describe('the log file in the data directory', () => {
  const dir = tempDir('spaces-logs-');
  afterAll(() => dir.cleanup());

  it('writes redacted JSON lines to logs/NAME.log and rotates it past its size, keeping the live name', async () => {
    const file = openLogFile(dir.path, 'main');
    expect(file.path).toBe(join(dir.path, 'logs', 'main.log'));
    expect(logLocation()).toBe(file.path);
    const log = createLogger(file.sink);
    registerSecret('file-log-s3cret');
    log.error('signing failed with file-log-s3cret', new Error('the key file-log-s3cret was refused'));
    // Past 5 MB: the live file is rotated to main.log.1 and main.log starts again.
    const filler = 'x'.repeat(1000);
    for (let i = 0; i < 6_000; i++) log.info(`filler ${i} ${filler}`);
    log.warn('after the rotation');
    await file.close();
    expect(existsSync(join(dir.path, 'logs', 'main.log.1'))).toBe(true);
    const live = readFileSync(file.path!, 'utf8');
    expect(live).toContain('after the rotation');
    const all = live + readFileSync(join(dir.path, 'logs', 'main.log.1'), 'utf8');
    expect(all).not.toContain('file-log-s3cret');
    const first = JSON.parse(readFileSync(join(dir.path, 'logs', 'main.log.1'), 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ level: 'error', msg: 'signing failed with [redacted]', err: { message: 'the key [redacted] was refused' } });
  });

  it('the CLI logs to logs/cli.log beside its index; --verbose (or SPACES_DEBUG=1) puts the same lines on stderr', async () => {
    const db = join(dir.path, 'cli', 'library.db');
    const args = ['sync', '--endpoint', 'http://127.0.0.1:9', '--bucket', 'nowhere', '--path-style', '--db', db];
    const env = { SPACES_KEY: 'K', SPACES_SECRET: 'cli-log-s3cret' };
    const quiet = captureIo(env);
    expect(await runCli(args, quiet)).toBe(1);
    // Without --verbose: one line on stderr, the detail in the file.
    expect(quiet.err.trim().split('\n')).toEqual([expect.stringMatching(/^spaces-media: Could not reach 127\.0\.0\.1:9.*\[NETWORK\]$/)]);
    const logged = readFileSync(join(dir.path, 'cli', 'logs', 'cli.log'), 'utf8');
    expect(logged).toContain('sync failed');

    const verbose = captureIo(env);
    expect(await runCli([...args, '--verbose'], verbose)).toBe(1);
    const lines = verbose.err.trim().split('\n');
    const fileLines = readFileSync(join(dir.path, 'cli', 'logs', 'cli.log'), 'utf8').trim().split('\n');
    // Every log line on stderr is a line of the file, the same text.
    const logLines = lines.filter((l) => l.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(fileLines).toContain(line);
    expect(lines.at(-1)).toMatch(/\[NETWORK\]$/);
    const debug = captureIo({ ...env, SPACES_DEBUG: '1' });
    expect(await runCli(args, debug)).toBe(1);
    expect(debug.err.split('\n').some((l) => l.startsWith('{') && l.includes('sync failed'))).toBe(true);
    expect(readFileSync(join(dir.path, 'cli', 'logs', 'cli.log'), 'utf8')).not.toContain('cli-log-s3cret');
  });
});
