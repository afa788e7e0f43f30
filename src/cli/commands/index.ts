import type { Command } from '../command';
import { linkCommand } from './link';
import { lsCommand } from './ls';

/** Every command, in the order --help lists them. Adding one is a file plus a line here. */
export const commands: Command[] = [lsCommand, linkCommand];
