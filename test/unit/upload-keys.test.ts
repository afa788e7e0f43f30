import { describe, expect, it } from 'vitest';
import { buildUploadKey, defaultPostName, isHiddenOrSystem, keepBothName } from '../../src/shared/upload-keys';
import { MAX_PARTS, MiB, partCount, partRange, partSizeFor } from '../../src/main/core/uploads/part-size';
import { expectedEtag } from '../../src/main/core/uploads/verify-and-index';

describe('upload keys', () => {
  it('keeps the user\'s characters and sub-folders under ROOT/MODEL/POST', () => {
    expect(buildUploadKey('lib/', { model: 'Zoë 🌸', post: 'day + night #1' }, 'raw/IMG 1%.jpg')).toEqual({ ok: true, key: 'lib/Zoë 🌸/day + night #1/raw/IMG 1%.jpg' });
  });

  it.each([
    [{ model: '', post: 'p' }, 'a.jpg', /model name is empty/],
    [{ model: 'm', post: '..' }, 'a.jpg', /cannot be used as a post/],
    [{ model: 'm', post: 'profile' }, 'a.jpg', /profile media/],
    [{ model: 'm', post: 'p' }, 'a//b.jpg', /empty/],
    [{ model: 'm', post: 'p' }, '../b.jpg', /cannot be used/],
    [{ model: 'm', post: 'p' }, 'a\u0007.jpg', /control character/],
    [{ model: 'm', post: 'p' }, `${'x'.repeat(1030)}.jpg`, /too long/],
  ])('rejects %o / %s with a clear message', (target, rel, message) => {
    const res = buildUploadKey('', target, rel);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.message).toMatch(message);
  });

  it('names the second copy "name (2).ext" and skips system files', () => {
    expect(keepBothName('sub/photo.jpg', 2)).toBe('sub/photo (2).jpg');
    expect(keepBothName('README', 3)).toBe('README (3)');
    expect(keepBothName('.hidden', 2)).toBe('.hidden (2)');
    expect(['.DS_Store', 'Thumbs.db', 'desktop.ini', '._a.jpg', '.git'].every(isHiddenOrSystem)).toBe(true);
    expect(isHiddenOrSystem('photo.jpg')).toBe(false);
    expect(defaultPostName(new Date(2026, 0, 5))).toBe('2026-01-05');
    expect(defaultPostName(new Date(2026, 0, 5), 'Paris trip')).toBe('Paris trip');
  });
});

describe('part sizing', () => {
  it('grows the part size so no file needs more than 10,000 parts', () => {
    expect(partSizeFor(1)).toBe(8 * MiB);
    expect(partSizeFor(100 * 1024 * MiB)).toBeGreaterThan(8 * MiB);
    for (const size of [8 * MiB * MAX_PARTS + 1, 500 * 1024 * MiB, 4.8 * 1024 * 1024 * MiB]) {
      expect(partCount(size, partSizeFor(size))).toBeLessThanOrEqual(MAX_PARTS);
    }
    expect(() => partSizeFor(6 * 1024 * 1024 * MiB * 1024)).toThrow(RangeError);
    expect(partRange(3, 17 * MiB, 5 * MiB)).toEqual({ start: 10 * MiB, end: 15 * MiB });
    expect(partRange(4, 17 * MiB, 5 * MiB)).toEqual({ start: 15 * MiB, end: 17 * MiB });
  });

  it('holds a preferred part size to 5 MiB–5 GiB in whole MiB (6 GiB used to throw "larger than S3\'s limit")', () => {
    expect(partSizeFor(1000, 6 * 1024 * MiB)).toBe(5 * 1024 * MiB);
    expect(partSizeFor(1000, 6.5 * MiB)).toBe(7 * MiB);
    expect(partSizeFor(1000, 1)).toBe(5 * MiB);
  });

  it('computes the multipart ETag S3 gives (md5 of part md5s, -N)', () => {
    // Two parts whose MD5s are known: md5('a') and md5('b').
    expect(expectedEtag(['0cc175b9c0f1b6a831c399e269772661', '92eb5ffee6ae2fec3ad71c777531578f'], true)).toMatch(/^[0-9a-f]{32}-2$/);
    expect(expectedEtag(['0cc175b9c0f1b6a831c399e269772661'], false)).toBe('0cc175b9c0f1b6a831c399e269772661');
  });
});
