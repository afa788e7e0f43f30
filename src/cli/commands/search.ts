import { AppError } from '../../main/core/errors';
import { searchMedia } from '../../main/core/repositories/search';
import type { Command } from '../command';
import { openIndex, resolveProfile } from '../context';
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
    const database = openIndex(options, io);
    try {
      const profile = resolveProfile(database, options);
      const rows = searchMedia(database.sqlite, profile.id, query, limit).map(mediaRow);
      if (options.json) io.stdout(`${JSON.stringify(rows)}\n`);
      else printTable(io, rows, ['key', 'kind', 'size', 'lastModified']);
    } finally {
      database.close();
    }
  },
};
