import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      FULCRUM_DATAPLANE_PORT: 3001,
      FULCRUM_DATA_DIR: './data',
      FULCRUM_STALE_AFTER: 30_000,
      FULCRUM_RETENTION_RAW: 86_400_000,
      FULCRUM_RETENTION_1M: 14 * 86_400_000,
      FULCRUM_RETENTION_1H: 400 * 86_400_000,
    });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('stops with one line naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ FULCRUM_RETENTION_RAW: 'forever' })).toThrow(/FULCRUM_RETENTION_RAW: "forever" is not a duration/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ FULCRUM_INGEST_TOKEN: 'short' })).toThrow(/FULCRUM_INGEST_TOKEN/);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
