import type { Command } from '../command';
import { lsCommand } from './ls';
import { uploadCommand } from './upload';

/** Every command, in the order --help lists them. Adding one is a file plus a line here. */
export const commands: Command[] = [lsCommand, uploadCommand];
