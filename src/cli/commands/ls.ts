import { listMedia, listPosts } from '../../main/core/repositories/library';
import { listModels } from '../../main/core/repositories/models';
import { openIndex, resolveProfile, type CommonOptions } from '../context';
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
function ls(positionals: string[], options: CommonOptions, io: CliIo): void {
  const database = openIndex(options, io);
  try {
    const profile = resolveProfile(database, options);
    const [model, post] = positionals;
    const { db } = database;
    if (model === undefined) {
      const rows = listModels(db, profile.id).map((m) => ({ name: m.name, posts: m.postCount, media: m.mediaCount, bytes: m.bytes }));
      return output(io, options, rows, ['name', 'posts', 'media', 'bytes']);
    }
    if (post === undefined) {
      const rows = listPosts(db, profile.id, model).map((p) => ({ name: p.name, media: p.mediaCount, bytes: p.bytes }));
      return output(io, options, rows, ['name', 'media', 'bytes']);
    }
    const rows = listMedia(db, profile.id, model, post).map(mediaRow);
    return output(io, options, rows, ['name', 'kind', 'size', 'lastModified']);
  } finally {
    database.close();
  }
}

function output<T extends Record<string, unknown>>(io: CliIo, options: CommonOptions, rows: T[], columns: (keyof T & string)[]): void {
  if (options.json) io.stdout(`${JSON.stringify(rows)}\n`);
  else printTable(io, rows, columns);
}
