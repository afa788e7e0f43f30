import { AppError } from '../../main/core/errors';
import type { ProfileService } from '../../main/core/profiles/service';
import { spacesEndpoint, SPACES_REGIONS } from '../../shared/endpoints';
import { fieldErrors, profileFormSchema, type ProfileForm, type ProfileView } from '../../shared/profile';
import type { CapabilityCheck } from '../../shared/connection-check';
import type { Command } from '../command';
import { profileNamed, withCore, type CommonOptions } from '../context';
import type { CliIo } from '../io';
import { printTable } from '../table';

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

export const profilesCommand: Command = {
  name: 'profiles',
  usage: 'profiles add|list|remove|test|use',
  summary:
    'connection profiles. add --name N (--region nyc3|--endpoint URL) --bucket B --access-key ID [--prefix P]\n' +
    '      [--path-style|--virtual-hosted] [--cdn-domain D|--no-cdn] [--acl private|public-read] [--cache-control V] [--active]\n' +
    '      (secret from stdin or a hidden prompt, never an argument); list; remove NAME [--force: without a keychain];\n' +
    '      test [NAME] [--try-write: also put and delete a probe under .spaces-media/]; use NAME',
  options: {
    name: { type: 'string' },
    'access-key': { type: 'string' },
    'virtual-hosted': { type: 'boolean' },
    'cdn-domain': { type: 'string' },
    'no-cdn': { type: 'boolean' },
    acl: { type: 'string' },
    'cache-control': { type: 'string' },
    active: { type: 'boolean' },
    force: { type: 'boolean' },
    'try-write': { type: 'boolean' },
  },
  run: ({ positionals, options, values, io }) => profiles(positionals, options, values, io),
};

async function profiles(positionals: string[], options: CommonOptions, values: Values, io: CliIo): Promise<number> {
  const [action, name] = positionals;
  if (!action || !['add', 'list', 'remove', 'test', 'use'].includes(action)) {
    throw new AppError('INVALID_INPUT', `${action ? `Unknown action "${action}"` : 'Say what to do'}: profiles add, list, remove, test or use (see spaces-media --help).`);
  }
  // Raw errors stay out of the CLI's output (they go to the log); the one-line message says what happened.
  return withCore(options, io, async (core) => {
    const service = core.profiles;
    const idOf = (given: string | undefined) => {
      if (!given) throw new AppError('INVALID_INPUT', 'Name the profile, e.g. spaces-media profiles remove NAME.');
      return profileNamed(core, given).id;
    };
    switch (action) {
      case 'add':
        return await add(service, options, values, io);
      case 'list':
        return await list(service, options, io);
      case 'remove': {
        const id = idOf(name ?? options.profile);
        const { keychainEntryRemoved } = await service.remove(id, { force: values.force === true });
        if (keychainEntryRemoved === null) io.stderr('spaces-media: warning: the keychain was not reachable, so no keychain entry was removed.\n');
        if (!options.json) io.stdout(`Removed the profile "${name ?? options.profile}"${keychainEntryRemoved === null ? '' : ' and its keychain entry'}.\n`);
        else io.stdout(`${JSON.stringify({ removed: true, keychainEntryRemoved })}\n`);
        return 0;
      }
      case 'use': {
        const view = await service.setActive(idOf(name ?? options.profile));
        if (options.json) io.stdout(`${JSON.stringify(view)}\n`);
        else io.stdout(`"${view.name}" is now the active profile.\n`);
        return 0;
      }
      default: {
        const target = name ?? options.profile;
        const id = target ? idOf(target) : service.profile().id;
        const result = await service.test({ id, tryWrite: values['try-write'] === true });
        if (options.json) io.stdout(`${JSON.stringify(result)}\n`);
        if (!options.json && result.capabilities) printCapabilities(io, result.capabilities);
        if (!result.ok) {
          io.stderr(`spaces-media: ${result.error.message} [${result.error.code}]\n`);
          return 1;
        }
        if (!options.json) {
          const seen = result.objectsVisible === 0 ? 'it is empty' : 'objects are visible';
          io.stdout(`OK: the bucket "${result.bucket}" on ${result.host} is reachable and ${seen} (${result.elapsedMs} ms).\n`);
        }
        return 0;
      }
    }
  });
}

async function add(service: ProfileService, options: CommonOptions, values: Values, io: CliIo): Promise<number> {
  if (options.pathStyle && values['virtual-hosted']) throw new AppError('INVALID_INPUT', 'Choose either --path-style or --virtual-hosted.');
  if (values['cdn-domain'] && values['no-cdn']) throw new AppError('INVALID_INPUT', 'Choose either --cdn-domain or --no-cdn.');
  const region = options.region;
  if (!options.endpoint && region && !(SPACES_REGIONS as readonly string[]).includes(region)) {
    throw new AppError('INVALID_INPUT', `"${region}" is not a Spaces region (${SPACES_REGIONS.join(', ')}); for other stores give --endpoint URL.`);
  }
  const form: ProfileForm = {
    name: str(values.name) ?? '',
    endpoint: options.endpoint ?? (region ? spacesEndpoint(region) : ''),
    region: options.endpoint ? region : undefined,
    bucket: options.bucket ?? '',
    rootPrefix: options.prefix,
    pathStyle: options.pathStyle ? 'path' : values['virtual-hosted'] ? 'virtual' : 'auto',
    cdnMode: values['no-cdn'] ? 'none' : values['cdn-domain'] ? 'custom' : 'auto',
    cdnDomain: str(values['cdn-domain']),
    defaultAcl: (str(values.acl) ?? 'private') as ProfileForm['defaultAcl'],
    cacheControl: str(values['cache-control']),
    accessKeyId: str(values['access-key']) ?? io.env.SPACES_KEY ?? '',
    active: values.active === true ? true : undefined,
  };
  // Check the form before asking for the secret, so a typo does not cost a prompt.
  const checked = profileFormSchema.safeParse(form);
  if (!checked.success) throw invalid(checked.error);

  const secret = await readSecret(io);
  if (secret === null && !io.env.SPACES_SECRET) {
    throw new AppError('NO_SECRET', 'No secret key given: pipe it on stdin (e.g. from a password manager) or run in a terminal to be asked.');
  }
  if (secret === null) io.stderr('spaces-media: no secret stored; SPACES_SECRET from the environment will be used when this profile connects.\n');
  const parsed = profileFormSchema.safeParse({ ...form, secret: secret ?? undefined });
  if (!parsed.success) throw invalid(parsed.error);
  const view = await service.save(parsed.data);
  if (options.json) io.stdout(`${JSON.stringify(view)}\n`);
  else io.stdout(`Added the profile "${view.name}" (${view.bucket} on ${new URL(view.endpoint).host})${view.active ? ', active' : ''}.\n`);
  return 0;
}

/** stdin when piped (one trailing newline dropped), else a hidden prompt; null when neither gives anything. */
async function readSecret(io: CliIo): Promise<string | null> {
  const piped = await io.readStdin();
  if (piped !== null) {
    const value = piped.replace(/\r?\n$/, '');
    return value === '' ? null : value;
  }
  if (io.env.SPACES_SECRET || !io.promptSecret) return null;
  const typed = await io.promptSecret('Secret key (not shown): ');
  return typed ? typed : null;
}

function invalid(error: Parameters<typeof fieldErrors>[0]): AppError {
  const flags: Record<string, string> = {
    name: '--name',
    endpoint: '--endpoint/--region',
    region: '--region',
    bucket: '--bucket',
    rootPrefix: '--prefix',
    cdnDomain: '--cdn-domain',
    defaultAcl: '--acl',
    cacheControl: '--cache-control',
    accessKeyId: '--access-key',
    secret: 'the secret',
  };
  const [field, message] = Object.entries(fieldErrors(error))[0] ?? ['', 'invalid profile'];
  return new AppError('INVALID_INPUT', `${flags[field] ?? field}: ${message}`);
}

function str(value: Values[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** One line per capability: what it is, ok/denied/…, the store's code, what it means for the app. */
function printCapabilities(io: CliIo, checks: CapabilityCheck[]): void {
  printTable(
    io,
    checks.map((c) => ({ capability: c.label, result: c.status, code: c.storeCode ?? '', 'what it means': c.impact })),
    ['capability', 'result', 'code', 'what it means'],
  );
}

async function list(service: ProfileService, options: CommonOptions, io: CliIo): Promise<number> {
  const { profiles, keychainProblem } = await service.list();
  if (keychainProblem) io.stderr(`spaces-media: warning: ${keychainProblem}\n`);
  if (options.json) {
    io.stdout(`${JSON.stringify(profiles)}\n`);
    return 0;
  }
  printTable(
    io,
    profiles.map((p: ProfileView) => ({
      active: p.active ? '*' : '',
      name: p.name,
      bucket: p.bucket,
      endpoint: p.endpoint,
      prefix: p.rootPrefix,
      secret: p.hasSecret ? 'keychain' : keychainProblem ? '?' : 'missing',
    })),
    ['active', 'name', 'bucket', 'endpoint', 'prefix', 'secret'],
  );
  return 0;
}
