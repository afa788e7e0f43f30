/**
 * Hostile input at volume: the key-layout parser, the link/URL normaliser
 * and the upload key rules each take N seeded random and adversarial strings
 * (100,000 in the full run), never throw, and keep their invariants:
 *
 * parseKey(key, root)
 *   P1 total: returns, never throws; role and kind are members of their sets
 *   P2 name is the key's last segment (a folder marker's trailing "/" aside); kind is mediaKindOf(name)
 *   P3 the parts rebuild the key: media = root+MODEL/POST/REL (POST ≠ "profile"),
 *      model_thumb = root+MODEL/NAME (an image), icon|banner|profile_media = root+MODEL/profile/REL,
 *      folder = a key ending in "/"; model and post never hold "/"; unclassified has no parts
 *   P4 deterministic
 * buildUploadKey(root, target, rel)
 *   U1 total
 *   U2 an accepted key is root+MODEL/POST/REL, at most 1,024 UTF-8 bytes, well-formed UTF-16,
 *      free of control characters and of empty, "." and ".." segments, and parses back as media
 *      with the same model, post and relative path
 *   U3 a refusal is one printable line (no control, line-separator or bidi characters)
 * normalizeKey(input, settings)
 *   N1 total
 *   N2 an accepted key is non-empty, not a folder ("/" at the end), at most 1,024 UTF-8 bytes, well-formed
 *   N3 a refusal has code INVALID_INPUT or FOREIGN_URL and is one printable line
 *   N4 round trip: every valid key comes back unchanged from its origin URL and its CDN URL, and
 *      as itself when the index knows it (unless it reads as an http(s):// or s3:// link: a pasted
 *      link is taken as one)
 */
import { describe, expect, it } from 'vitest';
import { parseKey } from '../../src/shared/key-layout';
import { mediaKindOf } from '../../src/shared/media-kind';
import { cdnObjectUrl, normalizeKey, originObjectUrl } from '../../src/shared/object-urls';
import type { PublicUrlSettings } from '../../src/shared/endpoints';
import { seededRandom } from '../../src/shared/seeded-random';
import { buildUploadKey } from '../../src/shared/upload-keys';
import { recordFigures } from './support/figures';
import { hostileString, isWellFormed, UNPRINTABLE, utf8Bytes } from './support/hostile-strings';
import { runSeed, scaled } from './support/scale';

const N = scaled(100_000, 20_000);
const seed = runSeed();
const ROLES = new Set(['media', 'model_thumb', 'icon', 'banner', 'profile_media', 'folder', 'unclassified']);
const KINDS = new Set(['image', 'video', 'other']);
const ROOTS = ['', 'library/', 'ü 🌸/'];
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Runs `check` on N strings; collects the first failures (input, what broke) instead of stopping at one. */
function fuzz(name: string, check: (input: string, random: () => number) => string | null): { checked: number; failures: string[] } {
  const random = seededRandom(seed ^ name.length);
  const failures: string[] = [];
  for (let i = 0; i < N; i++) {
    const input = hostileString(random);
    let broke: string | null;
    try {
      broke = check(input, random);
    } catch (error) {
      broke = `threw ${String(error)}`;
    }
    if (broke && failures.length < 20) failures.push(`${JSON.stringify(input)}: ${broke}`);
  }
  return { checked: N, failures };
}

const figures: Record<string, number> = {};

describe(`hostile input (${N} strings per parser, seed ${seed})`, () => {
  it('parseKey is total and its parts rebuild the key', () => {
    const result = fuzz('parseKey', (key, random) => {
      const root = ROOTS[Math.floor(random() * ROOTS.length)]!;
      const p = parseKey(key, root);
      if (!ROLES.has(p.role) || !KINDS.has(p.kind)) return `role ${p.role} kind ${p.kind}`;
      const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
      if (p.name !== trimmed.slice(trimmed.lastIndexOf('/') + 1)) return `name ${p.name}`;
      if (p.role !== 'folder' && p.kind !== mediaKindOf(p.name)) return `kind ${p.kind}`;
      if (p.model?.includes('/') || p.post?.includes('/')) return 'a part holds "/"';
      const rebuilt: Record<string, string | null> = {
        media: `${root}${p.model}/${p.post}/${p.relPath}`,
        model_thumb: `${root}${p.model}/${p.name}`,
        icon: `${root}${p.model}/profile/${p.relPath}`,
        banner: `${root}${p.model}/profile/${p.relPath}`,
        profile_media: `${root}${p.model}/profile/${p.relPath}`,
        folder: null,
        unclassified: null,
      };
      const expected = rebuilt[p.role];
      if (expected !== null && expected !== key) return `${p.role} rebuilds as ${JSON.stringify(expected)}`;
      if (p.role === 'media' && (!p.model || !p.post || !p.relPath || p.post === 'profile')) return 'media without its parts';
      if (p.role === 'model_thumb' && p.kind !== 'image') return 'a model thumbnail that is not an image';
      if (p.role === 'folder' && !key.endsWith('/')) return 'a folder marker without "/"';
      if (p.role === 'unclassified' && (p.model !== null || p.post !== null || p.relPath !== null)) return 'unclassified with parts';
      if (JSON.stringify(parseKey(key, root)) !== JSON.stringify(p)) return 'not deterministic';
      return null;
    });
    figures.parseKey = result.checked;
    expect(result.failures).toEqual([]);
  });

  it('buildUploadKey is total, accepts only keys S3 and the layout can hold, and refuses in one printable line', () => {
    let accepted = 0;
    const result = fuzz('buildUploadKey', (text, random) => {
      const root = ROOTS[Math.floor(random() * ROOTS.length)]!;
      // The string lands in one of the three places a person names: model, post or the file's path.
      const other = () => hostileString(random).replace(/\//g, '');
      const place = Math.floor(random() * 3);
      const target = { model: place === 0 ? text : random() < 0.5 ? 'alice' : other(), post: place === 1 ? text : random() < 0.5 ? 'beach day' : other() };
      const rel = place === 2 ? text : random() < 0.5 ? 'IMG 1.jpg' : hostileString(random);
      const built = buildUploadKey(root, target, rel);
      if (!built.ok) {
        if (!built.message || UNPRINTABLE.test(built.message)) return `refusal not one printable line: ${JSON.stringify(built.message)}`;
        return null;
      }
      accepted++;
      const key = built.key;
      if (key !== `${root}${target.model}/${target.post}/${rel}`) return `key ${JSON.stringify(key)}`;
      if (utf8Bytes(key) > 1024) return `${utf8Bytes(key)} bytes`;
      if (!isWellFormed(key)) return 'a lone surrogate in the key';
      if (CONTROL.test(key)) return 'a control character in the key';
      if (key.slice(root.length).split('/').some((s) => s === '' || s === '.' || s === '..')) return 'an empty, "." or ".." segment';
      const parsed = parseKey(key, root);
      if (parsed.role !== 'media' || parsed.model !== target.model || parsed.post !== target.post || parsed.relPath !== rel) {
        return `parses as ${parsed.role} ${parsed.model}/${parsed.post}/${parsed.relPath}`;
      }
      return null;
    });
    figures.buildUploadKey = result.checked;
    expect(result.failures).toEqual([]);
    expect(accepted).toBeGreaterThan(N / 50); // the generator does reach the accepting branch
  });

  const SETTINGS: PublicUrlSettings[] = [
    { endpoint: 'https://nyc3.digitaloceanspaces.com', bucket: 'media', cdnMode: 'auto', cdnDomain: null, pathStyle: false },
    { endpoint: 'https://nyc3.digitaloceanspaces.com', bucket: 'media', cdnMode: 'custom', cdnDomain: 'cdn.example.com/assets', pathStyle: false },
    { endpoint: 'http://127.0.0.1:9000', bucket: 'media', cdnMode: 'none', cdnDomain: null, pathStyle: true },
  ];

  it('normalizeKey is total, accepts only usable keys, refuses in one printable line, and round-trips every valid key', () => {
    let roundTrips = 0;
    const result = fuzz('normalizeKey', (text, random) => {
      const settings = SETTINGS[Math.floor(random() * SETTINGS.length)]!;
      const known = random() < 0.2 ? new Set([text]) : new Set<string>();
      const got = normalizeKey(text, settings, { isKnownKey: (k) => known.has(k) });
      if (got.ok) {
        const k = got.key;
        if (k === '' || k.endsWith('/') || utf8Bytes(k) > 1024 || !isWellFormed(k)) return `accepted ${JSON.stringify(k)}`;
      } else {
        if (got.code !== 'INVALID_INPUT' && got.code !== 'FOREIGN_URL') return `code ${got.code}`;
        if (!got.message || UNPRINTABLE.test(got.message)) return `refusal not one printable line: ${JSON.stringify(got.message)}`;
      }
      // The string as a key: if it is a valid one, each of its URLs leads back to it.
      if (text !== '' && !text.endsWith('/') && utf8Bytes(text) <= 1024 && isWellFormed(text)) {
        roundTrips++;
        for (const url of [originObjectUrl(settings, text), cdnObjectUrl(settings, text)]) {
          if (url === null) continue;
          const back = normalizeKey(url, settings);
          if (!back.ok || back.key !== text) return `${url} → ${JSON.stringify(back)}`;
        }
        if (!/^\s*(https?|s3):\/\//i.test(text)) {
          const bare = normalizeKey(text, settings, { isKnownKey: (k) => k === text });
          if (!bare.ok || bare.key !== text) return `known key → ${JSON.stringify(bare)}`;
        }
      }
      return null;
    });
    figures.normalizeKey = result.checked;
    figures.normalizeKeyRoundTrips = roundTrips;
    expect(result.failures).toEqual([]);
    expect(roundTrips).toBeGreaterThan(N / 10);
    recordFigures('hostile-input', { seed, stringsPerParser: N, ...figures, failures: 0 });
  });
});
