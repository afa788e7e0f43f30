import { describe, expect, it } from 'vitest';
import { formatAgo, formatCountdown, formatDuration } from '../../src/shared/durations';
import { EXPIRY_PRESETS, fileNameOf } from '../../src/shared/links';

describe('link expiry wording', () => {
  it('names presets and custom durations', () => {
    expect(EXPIRY_PRESETS.map((p) => formatDuration(p.seconds))).toEqual(['1 hour', '6 hours', '24 hours', '3 days', '7 days']);
    expect(formatDuration(1)).toBe('1 second');
    expect(formatDuration(90 * 60)).toBe('1 hour 30 minutes');
    expect(formatDuration(45 * 60)).toBe('45 minutes');
    expect(formatDuration(2 * 86_400 + 6 * 3_600)).toBe('2 days 6 hours');
    expect(formatDuration(5 * 86_400)).toBe('5 days');
  });

  it('counts down to an expiry and marks the past', () => {
    const now = Date.UTC(2026, 10, 28, 12);
    expect(formatCountdown(now + 6 * 3_600_000 - 60_000, now)).toBe('in 5 h 59 min');
    expect(formatCountdown(now + 40_000, now)).toBe('in 40 s');
    expect(formatCountdown(now + 3 * 86_400_000 + 7_200_000, now)).toBe('in 3 d 2 h');
    expect(formatCountdown(now - 3 * 3_600_000, now)).toBe('3 h 0 min ago');
    expect(formatCountdown(now, now)).toBe('0 s ago');
    expect(formatAgo(now - 5_000, now)).toBe('just now');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
  });

  it('takes the download name from the last key segment', () => {
    expect(fileNameOf('a/b/фото 1.jpg')).toBe('фото 1.jpg');
    expect(fileNameOf('top.jpg')).toBe('top.jpg');
    expect(fileNameOf('a/')).toBe('download');
  });
});
