import type { Command } from '../command';
import { getCommand } from './get';
import { linkCommand } from './link';
import { lsCommand } from './ls';
import { pinCommand, unpinCommand } from './pin';
import { mvCommand } from './mv';
import { profilesCommand } from './profiles';
import { rmCommand } from './rm';
import { searchCommand } from './search';
import { syncCommand } from './sync';
import { uploadCommand } from './upload';

/** Every command, in the order --help lists them. Adding one is a file plus a line here. */
export const commands: Command[] = [lsCommand, syncCommand, searchCommand, uploadCommand, getCommand, pinCommand, unpinCommand, mvCommand, rmCommand, linkCommand, profilesCommand];
