import type { Command } from '../command';
import { getCommand } from './get';
import { linkCommand } from './link';
import { lsCommand } from './ls';
import { pinCommand, unpinCommand } from './pin';
import { profilesCommand } from './profiles';
import { searchCommand } from './search';
import { syncCommand } from './sync';
import { uploadCommand } from './upload';

/** Every command, in the order --help lists them. Adding one is a file plus a line here. */
export const commands: Command[] = [lsCommand, syncCommand, searchCommand, uploadCommand, getCommand, pinCommand, unpinCommand, linkCommand, profilesCommand];
