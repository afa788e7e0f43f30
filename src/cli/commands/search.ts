import { AppError } from '../../main/core/errors';
import type { Command } from '../command';
import { resolveProfile, withCore } from '../context';
import { printTable } from '../table';
import { mediaRow } from '../media-row';

export const searchCommand: Command = {
  name: 'search',
  usage: 'search QUERY',
  summary: 'find media by file, post or model name (offline, from the index)',
  options: { limit: { type: 'string' } },
  run: ({ positionals, options, values, io }) => {
    const query = positionals.join(' ').trim();
    if (!query) throw new AppError('INVALID_INPUT', 'Give something to search for: spaces-media search QUERY');
    const limit = values.limit === undefined ? 200 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new AppError('INVALID_INPUT', '--limit must be a positive whole number.');
    return withCore(options, io, (core) => {
      const rows = core.library.searchMedia(resolveProfile(core, options).id, query, limit).map(mediaRow);
      if (options.json) io.stdout(`${JSON.stringify(rows)}\n`);
      else printTable(io, rows, ['key', 'kind', 'size', 'lastModified']);
    });
  },
};
