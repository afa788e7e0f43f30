import type { OrganiseSource } from '../../../shared/organise';
import type { ActionTarget } from '../actions/types';

/** What an action target names as organise sources (media resolve their keys first: a selection may not be loaded). */
export async function sourcesOf(target: ActionTarget): Promise<OrganiseSource[]> {
  if (target.kind === 'media') return (await target.items()).map((m) => ({ kind: 'media', key: m.key }));
  if (target.kind === 'post') return target.posts.map((p) => ({ kind: 'post', model: target.model, post: p.name }));
  return target.models.map((m) => ({ kind: 'model', model: m.name }));
}

/** The name a rename starts from: the file's, the post's or the model's. */
export function currentName(target: ActionTarget): string | undefined {
  if (target.kind === 'media') return target.first?.name;
  if (target.kind === 'post') return target.posts[0]?.name;
  return target.models[0]?.name;
}

/** "3 items", "the post “beach”", "2 models": for labels and dialogs. */
export function describe(target: ActionTarget): string {
  if (target.kind === 'media') return target.count === 1 ? `“${target.first?.name ?? 'the item'}”` : `${target.count.toLocaleString()} items`;
  if (target.kind === 'post') return target.posts.length === 1 ? `the post “${target.posts[0]!.name}”` : `${target.posts.length} posts`;
  return target.models.length === 1 ? `the model “${target.models[0]!.name}”` : `${target.models.length} models`;
}
