import { AppError } from '../../main/core/errors';
import type { LinkKind } from '../../shared/links';
import type { Command } from '../command';
import { resolveProfile, withCore } from '../context';

export const linkCommand: Command = {
  name: 'link',
  usage: 'link KEY_OR_URL',
  summary: 'print a share link: presigned (--expires SECONDS, default 3600; --download) or --public (CDN if it answered when last checked, else origin)',
  options: {
    expires: { type: 'string' },
    public: { type: 'boolean' },
    download: { type: 'boolean' },
  },
  async run({ positionals, options, values, io }) {
    const [input, ...extra] = positionals;
    if (input === undefined || extra.length > 0) {
      throw new AppError('INVALID_INPUT', 'Usage: spaces-media link KEY_OR_URL [--expires SECONDS] [--public] [--download]');
    }
    const isPublic = values.public === true;
    if (isPublic && values.expires !== undefined) {
      throw new AppError('INVALID_INPUT', '--public links do not expire; drop --expires (or drop --public for a presigned link).');
    }
    if (isPublic && values.download === true) {
      throw new AppError('INVALID_INPUT', '--download needs a presigned link (the file name is part of the signature); drop --public.');
    }
    const expiresIn = parseSeconds(values.expires);

    return withCore(options, io, async (core) => {
      const links = core.linksFor(resolveProfile(core, options));
      const key = links.resolve(input);
      const kind: LinkKind = isPublic ? (links.options().cdnBase ? 'cdn' : 'public') : 'presigned';
      const [link] = await links.create({ keys: [key], kind, expiresIn, download: values.download === true });
      if (!link) throw new AppError('INTERNAL', 'No link was made.');
      if (options.json) {
        io.stdout(
          `${JSON.stringify({
            key: link.key,
            url: link.url,
            kind: link.kind,
            expiresAt: link.expiresAt === null ? null : new Date(link.expiresAt).toISOString(),
          })}\n`,
        );
      } else {
        io.stdout(`${link.url}\n`);
      }
    });
  },
};

function parseSeconds(value: string | boolean | string[] | boolean[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) {
    throw new AppError('INVALID_INPUT', `--expires takes a whole number of seconds (e.g. 3600), not “${String(value)}”.`);
  }
  return Number(value.trim());
}
