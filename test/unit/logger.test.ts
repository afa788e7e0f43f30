import { describe, expect, it } from 'vitest';
import { memoryLogger, registerSecret } from '../../src/main/core/logger';

describe('logger redaction', () => {
  it('never writes a registered secret, in messages or error details', () => {
    const log = memoryLogger();
    registerSecret('sup3r-s3cret-value');
    log.error('signing with sup3r-s3cret-value', new Error('bad key sup3r-s3cret-value'));
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).not.toContain('sup3r-s3cret-value');
    expect(log.lines[0]).toContain('[redacted]');
  });
});

/** The line, every string inside it (JSON nested in strings too), and each of those URL-decoded. */
function decodedLayers(line: string): string[] {
  const out: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      out.push(value);
      for (const part of value.split(/[\s?&=]/)) {
        try {
          out.push(decodeURIComponent(part.replace(/\+/g, ' ')));
        } catch {
          // not percent-encoded
        }
      }
      try {
        visit(JSON.parse(value));
      } catch {
        // not JSON
      }
    } else if (value && typeof value === 'object') for (const v of Object.values(value)) visit(v);
  };
  visit(line);
  return out;
}

describe('logger redaction of encoded copies', () => {
  // A throwaway value shaped like a secret: Spaces secrets can hold `/` and `+`; this one also has what JSON and URLs escape.
  const secret = 'test-only/not+a"real\\secret= key';

  it('removes JSON-escaped, doubly JSON-escaped and URL-encoded copies, in messages and details', () => {
    const log = memoryLogger();
    registerSecret(secret);
    const body = JSON.stringify({ SecretAccessKey: secret });
    const query = new URLSearchParams({ secret }).toString();
    log.error(`request body ${body}`, { body, nested: JSON.stringify({ body }) });
    log.warn(`query ?${query}`, { url: `https://x.example/?s=${encodeURIComponent(secret)}`, lower: encodeURIComponent(secret).toLowerCase() });
    log.info('sigv4', new Error(`canonical ${encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`));
    expect(log.lines).toHaveLength(3);
    for (const line of log.lines) {
      // Undo every layer a reader could: JSON inside JSON, then percent- and form-encoding.
      for (const text of decodedLayers(line)) expect(text).not.toContain(secret);
      expect(line).toContain('[redacted]');
    }
  });
});
