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
      FULCRUM_PGLITE_SHARED_BUFFERS: '32MB',
    });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('stops with one line naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ FULCRUM_RETENTION_RAW: 'forever' })).toThrow(/FULCRUM_RETENTION_RAW: "forever" is not a duration/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ FULCRUM_INGEST_TOKEN: 'short' })).toThrow(/FULCRUM_INGEST_TOKEN/);
    expect(() => loadConfig({ FULCRUM_LOG_LEVEL: 'chatty' })).toThrow(/FULCRUM_LOG_LEVEL/);
    expect(() => loadConfig({ FULCRUM_PGLITE_SHARED_BUFFERS: '32' })).toThrow(/FULCRUM_PGLITE_SHARED_BUFFERS: .*must be a size such as 32MB/);
    expect(() => loadConfig({ FULCRUM_PGLITE_SHARED_BUFFERS: '0MB' })).toThrow(/FULCRUM_PGLITE_SHARED_BUFFERS/);
    expect(() => loadConfig({ FULCRUM_PGLITE_SHARED_BUFFERS: '64kB' })).toThrow(/FULCRUM_PGLITE_SHARED_BUFFERS: .*from 128kB to 1GB/);
    expect(() => loadConfig({ FULCRUM_PGLITE_SHARED_BUFFERS: '2GB' })).toThrow(/from 128kB to 1GB/);
    expect(loadConfig({ FULCRUM_PGLITE_SHARED_BUFFERS: '128kB' }).FULCRUM_PGLITE_SHARED_BUFFERS).toBe('128kB');
    expect(loadConfig({ FULCRUM_PGLITE_SHARED_BUFFERS: '256MB' }).FULCRUM_PGLITE_SHARED_BUFFERS).toBe('256MB');
  });

  it('takes FULCRUM_SECRET_KEY as 256 bits in hex or Base64, refuses anything else, and has none by default', () => {
    expect(loadConfig({}).FULCRUM_SECRET_KEY).toBeNull();
    expect(loadConfig({ FULCRUM_SECRET_KEY: 'ab'.repeat(32) }).FULCRUM_SECRET_KEY).toEqual(Buffer.alloc(32, 0xab));
    expect(loadConfig({ FULCRUM_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).FULCRUM_SECRET_KEY).toEqual(Buffer.alloc(32, 7));
    expect(() => loadConfig({ FULCRUM_SECRET_KEY: 'hunter2' })).toThrow(/FULCRUM_SECRET_KEY: must be 256 bits/);
  });

  it('takes the delivery channels: DNS needs a zone, ZooKeeper a connect string', () => {
    const none = loadConfig({});
    expect([none.FULCRUM_DNS_PORT, none.FULCRUM_DNS_ZONE, none.FULCRUM_ZOOKEEPER, none.FULCRUM_ZOOKEEPER_ROOT, none.FULCRUM_ZOOKEEPER_PROFILES, none.FULCRUM_ZOOKEEPER_INTERVAL]).toEqual([undefined, undefined, undefined, '/config', [], 10_000]);
    const set = loadConfig({ FULCRUM_DNS_PORT: '5353', FULCRUM_DNS_ZONE: 'PowerJob.Internal.', FULCRUM_ZOOKEEPER: 'zk1:2181,zk2:2181/fulcrum', FULCRUM_ZOOKEEPER_PROFILES: 'prod, gray' });
    expect([set.FULCRUM_DNS_PORT, set.FULCRUM_DNS_ZONE, set.FULCRUM_ZOOKEEPER, set.FULCRUM_ZOOKEEPER_PROFILES]).toEqual([5353, 'powerjob.internal', 'zk1:2181,zk2:2181/fulcrum', ['prod', 'gray']]);
    expect(() => loadConfig({ FULCRUM_DNS_PORT: '5353' })).toThrow(/FULCRUM_DNS_PORT needs FULCRUM_DNS_ZONE/);
    expect(() => loadConfig({ FULCRUM_DNS_PORT: '70000', FULCRUM_DNS_ZONE: 'pj.internal' })).toThrow(/FULCRUM_DNS_PORT: must be a port number/);
    expect(() => loadConfig({ FULCRUM_DNS_ZONE: 'bad_zone..x' })).toThrow(/FULCRUM_DNS_ZONE: must be a domain name/);
    expect(() => loadConfig({ FULCRUM_ZOOKEEPER: 'http://zk:2181' })).toThrow(/FULCRUM_ZOOKEEPER: must be host:port/);
    expect(() => loadConfig({ FULCRUM_ZOOKEEPER_ROOT: 'config' })).toThrow(/FULCRUM_ZOOKEEPER_ROOT/);
    expect([none.FULCRUM_ASSIGNMENT_REPEAT_SHARE, loadConfig({ FULCRUM_ASSIGNMENT_REPEAT_SHARE: '0.67' }).FULCRUM_ASSIGNMENT_REPEAT_SHARE]).toEqual([0, 0.67]);
    expect(() => loadConfig({ FULCRUM_ASSIGNMENT_REPEAT_SHARE: '1' })).toThrow(/FULCRUM_ASSIGNMENT_REPEAT_SHARE: must be a share/);
  });

  it('takes PowerJob’s database for the actuator as mysql://, mariadb:// or postgres://', () => {
    expect(loadConfig({}).FULCRUM_POWERJOB_DB_URL).toBeUndefined();
    expect(loadConfig({ FULCRUM_POWERJOB_DB_URL: '' }).FULCRUM_POWERJOB_DB_URL).toBeUndefined();
    for (const url of ['mysql://root@10.0.0.9:3306/powerjob', 'mariadb://pj:pw@db/powerjob', 'postgres://pj@db/powerjob', 'postgresql://pj@db/pj']) {
      expect(loadConfig({ FULCRUM_POWERJOB_DB_URL: url }).FULCRUM_POWERJOB_DB_URL).toBe(url);
    }
    expect(() => loadConfig({ FULCRUM_POWERJOB_DB_URL: 'jdbc:mysql://db/powerjob' })).toThrow(/FULCRUM_POWERJOB_DB_URL: must start with mysql:\/\//);
  });

  it('takes the PowerJob servers’ time zone by its IANA name', () => {
    expect(loadConfig({}).FULCRUM_POWERJOB_TIME_ZONE).toBeUndefined();
    expect(loadConfig({ FULCRUM_POWERJOB_TIME_ZONE: 'Asia/Shanghai' }).FULCRUM_POWERJOB_TIME_ZONE).toBe('Asia/Shanghai');
    expect(() => loadConfig({ FULCRUM_POWERJOB_TIME_ZONE: 'Mars/Olympus' })).toThrow(/FULCRUM_POWERJOB_TIME_ZONE: must be an IANA time zone/);
  });

  it('repeats firing alerts every 4 h unless told another interval or off', () => {
    expect(loadConfig({}).FULCRUM_ALERT_REPEAT).toBe(4 * 3_600_000);
    expect(loadConfig({ FULCRUM_ALERT_REPEAT: '30m' }).FULCRUM_ALERT_REPEAT).toBe(1_800_000);
    expect(loadConfig({ FULCRUM_ALERT_REPEAT: 'off' }).FULCRUM_ALERT_REPEAT).toBe(0);
    expect(() => loadConfig({ FULCRUM_ALERT_REPEAT: 'often' })).toThrow(/FULCRUM_ALERT_REPEAT: "often" is not a duration/);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
