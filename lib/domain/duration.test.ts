import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

describe('durations', () => {
  it('parses the forms operators write', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('14d')).toBe(14 * 86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2500')).toBe(2500);
    expect(parseDuration(' 1.5s ')).toBe(1500);
  });
  it('refuses anything else', () => {
    for (const bad of ['', 'h', '10x', '1h 30m', '-5s', '5 s', 'soon']) expect(parseDuration(bad), bad).toBeNull();
  });
  it('formats exactly and round-trips', () => {
    for (const ms of [1000, 86_400_000, 5_400_000, 400 * 86_400_000, 1]) expect(parseDuration(formatDuration(ms))).toBe(ms);
    expect(formatDuration(5_400_000)).toBe('1h30m');
  });
});
