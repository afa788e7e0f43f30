import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { ModelSort, ModelSummary } from '../../../shared/domain';
import type { Db } from '../db/database';
import { models } from '../db/schema';

const order = {
  name: [asc(models.name)],
  size: [desc(models.bytes), asc(models.name)],
  newest: [desc(models.newestAt), asc(models.name)],
} as const;

export function listModels(
  db: Db,
  profileId: string,
  options: { sort?: ModelSort; filter?: string } = {},
): ModelSummary[] {
  const filter = options.filter?.trim();
  const where = filter
    ? // instr, not LIKE: the user's text is matched literally (% and _ included).
      and(eq(models.profileId, profileId), sql`instr(lower(${models.name}), lower(${filter})) > 0`)
    : eq(models.profileId, profileId);
  return db
    .select({
      id: models.id,
      name: models.name,
      postCount: models.postCount,
      mediaCount: models.mediaCount,
      bytes: models.bytes,
      newestAt: models.newestAt,
      coverKey: models.coverKey,
      iconKey: models.iconKey,
      bannerKey: models.bannerKey,
      thumbKey: models.thumbKey,
    })
    .from(models)
    .where(where)
    .orderBy(...order[options.sort ?? 'name'])
    .all();
}
