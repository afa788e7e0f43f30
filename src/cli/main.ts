import { parseArgs } from 'node:util';
import { APP_VERSION } from '../main/core/app-info';
import { AppError, toErrorInfo } from '../main/core/errors';
import { detailsHint } from '../main/core/log-location';
import { redact } from '../main/core/logger';
import type { ErrorInfo } from '../shared/errors';
import type { OptionSpec } from './command';
import { commands } from './commands/index';
import type { CommonOptions } from './context';
import type { CliIo } from './io';

const commonOptions = {
  profile: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
  endpoint: { type: 'string' },
  bucket: { type: 'string' },
  region: { type: 'string' },
  'path-style': { type: 'boolean' },
  prefix: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies OptionSpec;

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.usage.length)) + 2;
  return `spaces-media — manage a DigitalOcean Spaces / S3 media library from the shell

Usage: spaces-media <command> [options]

Commands:
${commands.map((c) => `  ${c.usage.padEnd(width)} ${c.summary}`).join('\n')}

Connection (any command that talks to the bucket):
  --profile NAME             use this stored profile (default: the active one)
  --endpoint URL --bucket NAME [--region R] [--path-style] [--prefix P]
                             an ad-hoc connection instead of a profile
  SPACES_KEY / SPACES_SECRET in the environment override the keychain.

Common options:
  --db PATH                  the SQLite index (default: the desktop app's data directory)
  --json                     print one JSON document on stdout, nothing else there
  --verbose                  also print the log's lines on stderr (or SPACES_DEBUG=1);
                             they are always in logs/cli.log beside the index
  -h, --help                 show this help
  -v, --version              show the version
`;
}

function parseFailure(error: unknown): ErrorInfo | null {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_PARSE_ARGS')) {
    return { code: 'INVALID_INPUT', message: `${error.message}. Run spaces-media --help.`, retryable: false };
  }
  return null;
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    // First pass with the common options only, to find the command's name.
    const name = parseArgs({ args: argv, options: commonOptions, strict: false, allowPositionals: true }).positionals[0];
    const command = commands.find((c) => c.name === name);
    if (name !== undefined && name !== 'help' && !command) {
      throw new AppError('INVALID_INPUT', `Unknown command "${name}". Run spaces-media --help for the list.`);
    }
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...commonOptions, ...command?.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.version) {
      io.stdout(`${APP_VERSION}\n`);
      return 0;
    }
    if (!command || values.help) {
      io.stdout(helpText());
      return command || values.help || name === 'help' ? 0 : 1;
    }
    const options: CommonOptions = {
      db: values.db,
      profile: values.profile,
      json: values.json,
      endpoint: values.endpoint,
      bucket: values.bucket,
      region: values.region,
      pathStyle: values['path-style'],
      prefix: values.prefix,
      verbose: values.verbose,
    };
    const code = await command.run({ positionals: positionals.slice(1), options, values, io });
    return code ?? 0;
  } catch (error) {
    const info = parseFailure(error) ?? toErrorInfo(error);
    if (info.code === 'INTERNAL') io.stderr(redact(`spaces-media: internal error: ${error instanceof Error ? error.message : String(error)}. ${detailsHint()}\n`));
    else io.stderr(`spaces-media: ${info.message} [${info.code}]\n`);
    return info.code === 'INVALID_INPUT' ? 2 : 1;
  }
}
