/**
 * What a person pasted or named, quoted in a refusal, stays one readable
 * line (found by the hostile-input trials: names with a newline, a bidi
 * override or a lone surrogate came back verbatim inside the message, and a
 * lone surrogate was accepted into an upload key that no URL can carry).
 */
import { describe, expect, it } from 'vitest';
import type { PublicUrlSettings } from '../../src/shared/endpoints';
import { normalizeKey } from '../../src/shared/object-urls';
import { printable } from '../../src/shared/printable';
import { buildUploadKey } from '../../src/shared/upload-keys';

const settings: PublicUrlSettings = { endpoint: 'https://nyc3.digitaloceanspaces.com', bucket: 'media', cdnMode: 'auto', cdnDomain: null, pathStyle: false };

describe('printable', () => {
  it('escapes controls, separators, bidi controls and lone surrogates; keeps other text; cuts long text in the middle', () => {
    expect(printable('a\nb\u202ec\u2028d\ud800e\u0085')).toBe('a\\u000ab\\u202ec\\u2028d\\ud800e\\u0085');
    expect(printable('été 😀 日本 \u0301')).toBe('été 😀 日本 \u0301');
    const long = printable('x'.repeat(500) + 'END', 20);
    expect(long).toBe(`${'x'.repeat(10)}…${'x'.repeat(7)}END`);
  });

  it('upload keys refuse a lone surrogate, and refusals quote names printably', () => {
    const lone = buildUploadKey('', { model: 'alice', post: 'p' }, 'photo \ud800.jpg');
    expect(lone).toMatchObject({ ok: false, message: expect.stringContaining('lone UTF-16 surrogate') });
    const bidi = buildUploadKey('', { model: 'al\u202eice ', post: 'p' }, 'a.jpg');
    expect(bidi).toEqual({ ok: false, message: 'The model name "al\\u202eice " starts or ends with a space.' });
  });

  it('link refusals quote what was pasted printably', () => {
    expect(normalizeKey('alice/\nfolder/', settings)).toMatchObject({ ok: false, message: '“alice/\\u000afolder/” is a folder, not a file: pick a file inside it.' });
    expect(normalizeKey('s3://other\u202e/a.jpg', settings)).toMatchObject({ ok: false, code: 'FOREIGN_URL', message: expect.stringContaining('“other\\u202e”') });
  });
});
