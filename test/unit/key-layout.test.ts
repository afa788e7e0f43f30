import { describe, expect, it } from 'vitest';
import { parseKey, type ParsedKey } from '../../src/shared/key-layout';
import { mediaKindOf } from '../../src/shared/media-kind';

type Row = [key: string, expected: Partial<ParsedKey>];

const table: Row[] = [
  ['alice/thumb.jpg', { role: 'model_thumb', model: 'alice', post: null, name: 'thumb.jpg', kind: 'image' }],
  ['alice/notes.txt', { role: 'unclassified', model: null, post: null }],
  ['alice/clip.mp4', { role: 'unclassified', kind: 'video' }],
  ['alice/profile/icon.PNG', { role: 'icon', model: 'alice', post: null, relPath: 'icon.PNG', kind: 'image' }],
  ['alice/profile/banner.webp', { role: 'banner', model: 'alice' }],
  ['alice/profile/icon.txt', { role: 'profile_media', model: 'alice', kind: 'other' }],
  ['alice/profile/old/icon.jpg', { role: 'profile_media', relPath: 'old/icon.jpg' }],
  ['alice/profile/bio.mp4', { role: 'profile_media', kind: 'video' }],
  ['alice/beach day/IMG 1.JPG', { role: 'media', model: 'alice', post: 'beach day', relPath: 'IMG 1.JPG', name: 'IMG 1.JPG', kind: 'image' }],
  ['alice/beach/sub/dir/clip.MOV', { role: 'media', post: 'beach', relPath: 'sub/dir/clip.MOV', name: 'clip.MOV', kind: 'video' }],
  ['alice/beach/readme.pdf', { role: 'media', kind: 'other' }],
  ['alice/beach/.hidden', { role: 'media', kind: 'other', name: '.hidden' }],
  ['bé + 100%/#1 ?/🌅 sunset.heic', { role: 'media', model: 'bé + 100%', post: '#1 ?', name: '🌅 sunset.heic', kind: 'image' }],
  ['ユキ/写真/夏.avif', { role: 'media', model: 'ユキ', post: '写真', kind: 'image' }],
  ['alice/', { role: 'folder', model: 'alice', post: null, name: 'alice' }],
  ['alice/beach/', { role: 'folder', model: 'alice', post: 'beach', name: 'beach' }],
  ['alice/profile/', { role: 'folder', model: 'alice', post: null }],
  ['alice/beach/sub/', { role: 'folder', model: 'alice', post: null, name: 'sub' }],
  ['/', { role: 'folder', model: null, post: null }],
  ['root.jpg', { role: 'unclassified', name: 'root.jpg', kind: 'image' }],
  ['', { role: 'unclassified', name: '' }],
  ['/alice/x.jpg', { role: 'unclassified' }],
  ['alice//x.jpg', { role: 'unclassified' }],
];

describe('parseKey (default layout)', () => {
  it.each(table)('%j', (key, expected) => {
    expect(parseKey(key)).toMatchObject(expected);
  });

  it('parses below a root prefix and leaves keys outside it unclassified', () => {
    expect(parseKey('lib/alice/p1/a.jpg', 'lib/')).toMatchObject({ role: 'media', model: 'alice', post: 'p1', relPath: 'a.jpg' });
    expect(parseKey('lib/alice/t.png', 'lib/')).toMatchObject({ role: 'model_thumb', model: 'alice' });
    expect(parseKey('other/alice/p1/a.jpg', 'lib/')).toMatchObject({ role: 'unclassified' });
    expect(parseKey('lib/', 'lib/')).toMatchObject({ role: 'unclassified' });
  });

  it('never throws and always returns a known role, for random strings', () => {
    const alphabet = ['a', 'Z', '/', '/', '.', ' ', '+', '%', '#', '?', '🌅', 'é', '写', '\u0000', '\ud800', 'profile', 'jpg', 'icon'];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const roles = new Set(['media', 'model_thumb', 'icon', 'banner', 'profile_media', 'folder', 'unclassified']);
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(next() * 12);
      let key = '';
      for (let j = 0; j < length; j++) key += alphabet[Math.floor(next() * alphabet.length)];
      const prefix = next() < 0.3 ? 'a/' : '';
      const parsed = parseKey(key, prefix);
      expect(roles.has(parsed.role), key).toBe(true);
      expect(typeof parsed.name).toBe('string');
      if (parsed.role === 'media') expect(parsed.model && parsed.post && parsed.relPath !== null).toBeTruthy();
      if (parsed.role === 'unclassified') expect(parsed.model).toBeNull();
    }
  });
});

describe('mediaKindOf', () => {
  it.each([
    ['a.JPEG', 'image'],
    ['a.tiff', 'image'],
    ['a.m4v', 'video'],
    ['a.WMV', 'video'],
    ['a.txt', 'other'],
    ['jpg', 'other'],
    ['.jpg', 'other'],
    ['a.', 'other'],
  ])('%s → %s', (name, kind) => {
    expect(mediaKindOf(name)).toBe(kind);
  });
});
