import { resolveProfile, withCore, type CommonOptions } from '../context';
import type { CliIo } from '../io';
import { printTable } from '../table';
import type { Command } from '../command';
import { mediaRow } from '../media-row';

export const lsCommand: Command = {
  name: 'ls',
  usage: 'ls [MODEL [POST]]',
  summary: "list models, a model's posts, or a post's media (offline, from the index)",
  run: ({ positionals, options, io }) => ls(positionals, options, io),
};

/** `ls [MODEL [POST]]`: offline, from the index. */
function ls(positionals: string[], options: CommonOptions, io: CliIo): Promise<void> {
  return withCore(options, io, ({ library, ...core }) => {
    const profile = resolveProfile({ library, ...core }, options);
    const [model, post] = positionals;
    if (model === undefined) {
      const rows = library.models(profile.id).map((m) => ({ name: m.name, posts: m.postCount, media: m.mediaCount, bytes: m.bytes }));
      return output(io, options, rows, ['name', 'posts', 'media', 'bytes']);
    }
    if (post === undefined) {
      const rows = library.posts(profile.id, model).map((p) => ({ name: p.name, media: p.mediaCount, bytes: p.bytes }));
      return output(io, options, rows, ['name', 'media', 'bytes']);
    }
    return output(io, options, library.postMedia(profile.id, model, post).map(mediaRow), ['name', 'kind', 'size', 'lastModified']);
  });
}

function output<T extends Record<string, unknown>>(io: CliIo, options: CommonOptions, rows: T[], columns: (keyof T & string)[]): void {
  if (options.json) io.stdout(`${JSON.stringify(rows)}\n`);
  else printTable(io, rows, columns);
}
