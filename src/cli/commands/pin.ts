import { AppError } from '../../main/core/errors';
import { describeScope, type PinScope } from '../../main/core/offline/store';
import { isErrorCode } from '../../shared/errors';
import type { Command } from '../command';
import { resolveProfile, withCore } from '../context';
import { formatBytes } from '../format';

/** `MODEL` or `MODEL/POST` (names hold no `/`). */
function scopeOf(arg: string | undefined, usage: string): PinScope {
  if (!arg) throw new AppError('INVALID_INPUT', `Usage: spaces-media ${usage}`);
  const slash = arg.indexOf('/');
  if (slash === 0 || slash === arg.length - 1) throw new AppError('INVALID_INPUT', `"${arg}" is not MODEL or MODEL/POST.`);
  return slash < 0 ? { model: arg, post: null } : { model: arg.slice(0, slash), post: arg.slice(slash + 1) };
}

export const pinCommand: Command = {
  name: 'pin',
  usage: 'pin MODEL[/POST]',
  summary: "keep a model's or a post's originals offline in the app's store (downloads them now; kept in step on every sync)",
  run: ({ positionals, options, io }) => {
    const scope = scopeOf(positionals[0], 'pin MODEL[/POST]');
    return withCore(options, io, async (core) => {
      const profile = resolveProfile(core, options);
      await core.offline.pin(profile.id, scope);
      await core.offline.settled(profile.id);
      const pin = core.offline.pins(profile.id).find((p) => p.model === scope.model && p.post === scope.post)!;
      if (options.json) io.stdout(`${JSON.stringify(pin)}\n`);
      else io.stdout(`${describeScope(scope)} is kept offline: ${pin.filesDone} of ${pin.files} file(s), ${formatBytes(pin.bytesDone)} on disk\n`);
      if (pin.state === 'error') {
        throw new AppError(isErrorCode(pin.errorCode) ? pin.errorCode : 'INTERNAL', `${pin.files - pin.filesDone} file(s) are not offline yet: ${pin.message ?? 'see the log'}. Run the same command again to retry.`);
      }
      return 0;
    });
  },
};

export const unpinCommand: Command = {
  name: 'unpin',
  usage: 'unpin MODEL[/POST]',
  summary: 'stop keeping it offline and free the space its originals used',
  run: ({ positionals, options, io }) => {
    const scope = scopeOf(positionals[0], 'unpin MODEL[/POST]');
    return withCore(options, io, async (core) => {
      const profile = resolveProfile(core, options);
      const { freedBytes } = await core.offline.unpin(profile.id, scope);
      if (options.json) io.stdout(`${JSON.stringify({ model: scope.model, post: scope.post, freedBytes })}\n`);
      else io.stdout(`${describeScope(scope)} is no longer kept offline; ${formatBytes(freedBytes)} freed\n`);
    });
  },
};
