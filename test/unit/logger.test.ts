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
