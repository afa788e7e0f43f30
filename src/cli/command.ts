import type { ParseArgsConfig } from 'node:util';
import type { CommonOptions } from './context';
import type { CliIo } from './io';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** One `spaces-media` command: its own options on top of the common ones. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: OptionSpec;
  run(args: {
    positionals: string[];
    options: CommonOptions;
    /** This command's own parsed options, by name. */
    values: Record<string, string | boolean | string[] | boolean[] | undefined>;
    io: CliIo;
  }): Promise<number | void> | number | void;
}
