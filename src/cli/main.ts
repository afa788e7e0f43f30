import { parseArgs } from 'node:util';
import { APP_VERSION } from '../main/core/app-info';
import { AppError, toErrorInfo } from '../main/core/errors';
import { ls } from './commands/ls';
import type { CommonOptions } from './context';
import type { CliIo } from './io';

export const HELP = `spaces-media — manage a DigitalOcean Spaces / S3 media library from the shell

Usage: spaces-media <command> [options]

Commands:
  ls [MODEL [POST]]          list models, a model's posts, or a post's media (offline, from the index)

Options:
  --profile NAME             use this connection profile (default: the active one)
  --db PATH                  the SQLite index (default: the desktop app's data directory)
  --json                     print one JSON document on stdout
  -h, --help                 show this help
  -v, --version              show the version

Credentials: SPACES_KEY / SPACES_SECRET in the environment override the keychain.
`;

const commonOptions = {
  profile: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: commonOptions, allowPositionals: true, strict: true });
    if (values.version) {
      io.stdout(`${APP_VERSION}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      io.stdout(HELP);
      return command === undefined && !values.help ? 1 : 0;
    }
    const options: CommonOptions = { db: values.db, profile: values.profile, json: values.json };
    switch (command) {
      case 'ls':
        ls(rest, options, io);
        return 0;
      default:
        throw new AppError('INVALID_INPUT', `Unknown command "${command}". Run spaces-media --help for the list.`);
    }
  } catch (error) {
    const info =
      error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS')
        ? { code: 'INVALID_INPUT', message: `${error.message}. Run spaces-media --help.` }
        : toErrorInfo(error);
    if (info.code === 'INTERNAL') io.stderr(`spaces-media: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    else io.stderr(`spaces-media: ${info.message} [${info.code}]\n`);
    return info.code === 'INVALID_INPUT' ? 2 : 1;
  }
}
