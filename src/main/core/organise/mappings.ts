/**
 * What a person asks (rename this post, move these files into that post,
 * delete this model) as key mappings and prefixes below the profile's root,
 * with the names checked the way uploads check them, and the words the
 * summary uses. Pure.
 */
import { parseKey, PROFILE_FOLDER } from '../../../shared/key-layout';
import type { OrganiseSource } from '../../../shared/organise';
import { checkSegment, checkTarget } from '../../../shared/upload-keys';
import { AppError } from '../errors';
import type { Mapping } from './plan';

function check(result: { ok: true } | { ok: false; message: string }): void {
  if (!result.ok) throw new AppError('INVALID_INPUT', result.message);
}

function checkModel(name: string): void {
  check(checkSegment(name, 'model'));
}

/** The key or prefix a source covers on the server. */
export function sourcePrefix(root: string, source: OrganiseSource): string {
  switch (source.kind) {
    case 'media':
      return source.key;
    case 'post':
      return `${root}${source.model}/${source.post}/`;
    case 'model':
      return `${root}${source.model}/`;
  }
}

/** Where a file goes in a post: its path inside its own post (sub-folders kept), or its name. */
function pathInPost(root: string, key: string): string {
  const parsed = parseKey(key, root);
  return parsed.role === 'media' && parsed.relPath ? parsed.relPath : parsed.name;
}

function sameFolder(key: string, name: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1) + name;
}

export interface Request {
  mappings: Mapping[];
  label: string;
}

/** Renaming a file (in its folder), a post (in its model) or a model. */
export function renameMappings(root: string, source: OrganiseSource, name: string): Request {
  switch (source.kind) {
    case 'media': {
      check(checkSegment(name, 'file'));
      if (!source.key.startsWith(root)) throw new AppError('INVALID_INPUT', `“${source.key}” is not in this library.`);
      return { mappings: [{ from: source.key, to: sameFolder(source.key, name) }], label: `Renamed “${parseKey(source.key, root).name}” to “${name}”` };
    }
    case 'post':
      check(checkTarget({ model: source.model, post: name }));
      return { mappings: [{ from: sourcePrefix(root, source), to: `${root}${source.model}/${name}/` }], label: `Renamed the post “${source.post}” to “${name}”` };
    case 'model':
      checkModel(name);
      return { mappings: [{ from: sourcePrefix(root, source), to: `${root}${name}/` }], label: `Renamed the model “${source.model}” to “${name}”` };
  }
}

/** Files into a post (existing or new), or posts into a model. */
export function moveMappings(root: string, sources: OrganiseSource[], to: { model: string; post?: string }): Request {
  const kinds = new Set(sources.map((s) => s.kind));
  if (kinds.size !== 1) throw new AppError('INVALID_INPUT', 'Move files, or posts, but not both at once.');
  const kind = sources[0]!.kind;
  if (kind === 'media') {
    if (to.post === undefined) throw new AppError('INVALID_INPUT', 'Choose the post the files go to.');
    check(checkTarget({ model: to.model, post: to.post }));
    const mappings = sources.map((s) => {
      const key = sourcePrefix(root, s);
      return { from: key, to: `${root}${to.model}/${to.post}/${pathInPost(root, key)}` };
    });
    return { mappings, label: `Moved ${count(sources.length, 'file')} to ${to.model} › ${to.post}` };
  }
  if (kind === 'post') {
    checkModel(to.model);
    const mappings = sources.map((s) => {
      if (s.kind !== 'post') throw new AppError('INVALID_INPUT', 'Only posts move into a model.');
      if (s.post === PROFILE_FOLDER) throw new AppError('INVALID_INPUT', 'The profile folder belongs to its model.');
      return { from: sourcePrefix(root, s), to: `${root}${to.model}/${s.post}/` };
    });
    return { mappings, label: `Moved ${count(sources.length, 'post')} to ${to.model}` };
  }
  throw new AppError('INVALID_INPUT', 'A model is renamed, not moved.');
}

export function deleteLabel(sources: OrganiseSource[]): string {
  if (sources.length === 1) {
    const s = sources[0]!;
    if (s.kind === 'model') return `Deleted the model “${s.model}”`;
    if (s.kind === 'post') return `Deleted the post “${s.post}”`;
    return `Deleted “${s.key.slice(s.key.lastIndexOf('/') + 1)}”`;
  }
  const kind = sources[0]!.kind;
  return `Deleted ${count(sources.length, kind === 'media' ? 'file' : kind)}`;
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString('en')} ${noun}${n === 1 ? '' : 's'}`;
}
