import type { Command } from '../command';
import { linkCommand } from './link';
import { lsCommand } from './ls';
import { profilesCommand } from './profiles';

/** Every command, in the order --help lists them. Adding one is a file plus a line here. */
export const commands: Command[] = [lsCommand, profilesCommand, linkCommand];
