// Configuration from the environment, validated at start: a bad value stops the process with one line
// naming the variable. README.md's configuration table lists the same variables.
import { TABLE_PREFIX } from './domain/table-prefix.ts';
import { z } from 'zod';
import { parseDuration } from './domain/duration.ts';
import { parseServerAddressList } from './powerjob/address.ts';
import { parseSecretKey } from './store/secret-box.ts';

const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65535).default(fallback);

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx) => {
      const ms = parseDuration(s);
      if (ms === null || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${s}" is not a duration like 30s, 90m, 24h or 14d` });
        return z.NEVER;
      }
      return ms;
    });

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

export const configSchema = z.object({
  PORT: port(3000),
  FULCRUM_HOST: z.string().min(1).default('0.0.0.0'),
  FULCRUM_DATAPLANE_PORT: port(3001),
  FULCRUM_DATA_DIR: z.string().min(1).default('./data'),
  // the embedded store's buffer pool: PGlite keeps PostgreSQL's 128MB default in the process's own
  // memory; pages past it are read through the OS's file cache (docs/performance.md, memory)
  FULCRUM_PGLITE_SHARED_BUFFERS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[1-9][0-9]*(kB|MB|GB)$/, 'must be a size such as 32MB (a whole number and kB, MB or GB)')
      // PostgreSQL takes 128kB at least; PGlite's WebAssembly memory ends at 2 GiB, which the pool must leave room in
      .refine((v) => {
        const kB = Number.parseInt(v, 10) * (v.endsWith('GB') ? 1024 * 1024 : v.endsWith('MB') ? 1024 : 1);
        return kB >= 128 && kB <= 1024 * 1024;
      }, 'must be from 128kB to 1GB')
      .default('32MB'),
  ),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  ),
  FULCRUM_INGEST_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  FULCRUM_INGEST_MAX_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  FULCRUM_STALE_AFTER: duration('30s'),
  FULCRUM_SAMPLE_INTERVAL: duration('10s'),
  FULCRUM_RETENTION_RAW: duration('24h'),
  FULCRUM_RETENTION_1M: duration('14d'),
  FULCRUM_RETENTION_1H: duration('400d'),
  FULCRUM_RETENTION_HEARTBEATS: duration('1h'),
  FULCRUM_RETENTION_BATCH_IDS: duration('24h'),
  FULCRUM_SHUTDOWN_GRACE: duration('10s'),
  FULCRUM_DECODE_THREADS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(16).optional()),
  FULCRUM_DEMO: z.string().default('issue-181'),
  FULCRUM_POWERJOB_SERVERS: z.preprocess(emptyAsUndefined, z.string().optional()),
  FULCRUM_POWERJOB_USERNAME: z.preprocess(emptyAsUndefined, z.string().optional()),
  FULCRUM_POWERJOB_PASSWORD: z.preprocess(emptyAsUndefined, z.string().optional()),
  FULCRUM_COLLECT_INTERVAL: duration('10s'),
  FULCRUM_COLLECT_TIMEOUT: duration('2s'),
  FULCRUM_ALERT_EVAL_INTERVAL: duration('10s'),
  FULCRUM_ALERT_RETRY_BASE: duration('5s'),
  FULCRUM_ALERT_RETRY_CAP: duration('5m'),
  FULCRUM_ALERT_RETRY_FOR: duration('24h'),
  /** how often Alertmanager contact points are sent the firing alerts again (Prometheus's --rules.alert.resend-delay) */
  FULCRUM_ALERT_RESEND: duration('1m'),
  /** a firing alert is sent again this often (Alertmanager's repeat_interval); "off" sends it once */
  FULCRUM_ALERT_REPEAT: z.preprocess((v) => (v === 'off' ? '0' : v), z.string().default('4h')).transform((s, ctx) => {
    if (s === '0') return 0;
    const ms = parseDuration(s);
    if (ms === null || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not a duration like 30m or 4h, or off` });
      return z.NEVER;
    }
    return ms;
  }),
  FULCRUM_PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  /** 256 bits (64 hex digits or 44 Base64 characters): contact point secrets are stored encrypted under it (lib/store/secret-box.ts) */
  FULCRUM_SECRET_KEY: z.preprocess(emptyAsUndefined, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return null;
    const key = parseSecretKey(v);
    if (!key) {
      ctx.addIssue({ code: 'custom', message: 'must be 256 bits: 64 hex digits or 44 Base64 characters (openssl rand -hex 32)' });
      return z.NEVER;
    }
    return key;
  }),
  FULCRUM_ASSIGNMENT_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  /** how often the assignment API reloads its snapshot from the store (changes announced on the bus reload it at once) */
  FULCRUM_ASSIGNMENT_RELOAD: duration('2s'),
  FULCRUM_ASSIGNMENT_MIN_VERSION: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+(\.\d+)*$/, 'must be a dotted version like 4.3.0').optional()),
  /** 5.1+ workers: list the strategy's first choice often enough to take this share of first claims (0: off; lib/delivery/shape.ts) */
  FULCRUM_ASSIGNMENT_REPEAT_SHARE: z.coerce.number().min(0, 'must be a share from 0 (off) to 0.95').max(0.95, 'must be a share from 0 (off) to 0.95').default(0),
  FULCRUM_BASELINE_STRATEGY: z.enum(['ordered', 'shuffle', 'dns-round-robin', 'round-robin', 'weighted-round-robin', 'rendezvous', 'bounded-load', 'least-loaded', 'zone-aware']).default('ordered'),
  FULCRUM_ROLLOUT_INTERVAL: duration('5s'),
  /** the DNS channel (lib/delivery/dns.ts): UDP and TCP port on FULCRUM_HOST; unset: no DNS responder */
  FULCRUM_DNS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int('must be a port number from 1 to 65535').min(1, 'must be a port number from 1 to 65535').max(65535, 'must be a port number from 1 to 65535').optional()),
  /** the zone the DNS responder is authoritative for: <app>.<zone> and <zone> */
  FULCRUM_DNS_ZONE: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((s) => s.replace(/\.$/, '').toLowerCase())
      .pipe(z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, 'must be a domain name such as powerjob.internal'))
      .optional(),
  ),
  /** the ZooKeeper channel (lib/delivery/zookeeper.ts): host:port[,host:port…][/chroot]; unset: not published */
  FULCRUM_ZOOKEEPER: z.preprocess(emptyAsUndefined, z.string().regex(/^[^\s,/]+:\d{1,5}(,[^\s,/]+:\d{1,5})*(\/\S*)?$/, 'must be host:port[,host:port…][/chroot], as a ZooKeeper connect string').optional()),
  /** Spring Cloud Zookeeper Config's root (spring.cloud.zookeeper.config.root) */
  FULCRUM_ZOOKEEPER_ROOT: z.string().regex(/^\/[^\s,]*$/, 'must be a ZooKeeper path such as /config').default('/config'),
  /** Spring profiles to publish besides the application's own node: <app>,<profile> */
  FULCRUM_ZOOKEEPER_PROFILES: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'profiles are comma-separated names of letters, digits, _ . -'))),
  /** how often the ZooKeeper channel reads its nodes back and rewrites what differs (a rollout change syncs at once) */
  FULCRUM_ZOOKEEPER_INTERVAL: duration('10s'),
  FULCRUM_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** PowerJob's own database, where the actuator moves apps (lib/powerjob/actuator.ts) */
  FULCRUM_POWERJOB_DB_URL: z.preprocess(
    emptyAsUndefined,
    z.string().regex(/^(mysql|mariadb|postgres(ql)?):\/\/\S+$/, 'must start with mysql://, mariadb:// or postgres://').optional(),
  ),
  /** PowerJob's oms.accurate.select.server.percentage: how long a move's workers take to follow (lib/domain/convergence.ts) */
  /** unset: 50 as PowerJob ships it, or in the demo the emulated scenario's own */
  FULCRUM_POWERJOB_ACCURATE_PERCENTAGE: z.preprocess(emptyAsUndefined, z.coerce.number().int('must be a whole number from 0 to 100').min(0, 'must be a whole number from 0 to 100').max(100, 'must be a whole number from 0 to 100').optional()),
  /** the PowerJob servers' time zone, in which their CRON expressions fire (lib/domain/quiet-window.ts); the process's own when unset */
  FULCRUM_POWERJOB_TIME_ZONE: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as Asia/Shanghai or UTC')
      .optional(),
  ),
  /** PowerJob's oms.table-prefix, when its tables are renamed (pj_app_info) */
  FULCRUM_POWERJOB_TABLE_PREFIX: z.string().regex(TABLE_PREFIX, 'must be letters, digits and _ only (at most 32), as PowerJob’s oms.table-prefix').default(''),
  FULCRUM_ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8, 'must be at least 8 characters').max(72).optional()),
  FULCRUM_SESSION_TTL: duration('12h'),
  FULCRUM_TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  FULCRUM_OIDC_ISSUER: z.preprocess(emptyAsUndefined, z.url().optional()),
  FULCRUM_OIDC_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().optional()),
  FULCRUM_OIDC_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  FULCRUM_OIDC_ROLE: z.enum(['viewer', 'operator', 'admin']).default('viewer'),
});

export type Config = z.infer<typeof configSchema> & { powerjobServers: string[] };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${first}`);
  }
  const list = parsed.data.FULCRUM_POWERJOB_SERVERS ? parseServerAddressList(parsed.data.FULCRUM_POWERJOB_SERVERS) : { ok: true as const, addresses: [] };
  if (!list.ok) {
    throw new ConfigError(
      `invalid configuration: FULCRUM_POWERJOB_SERVERS: ${list.errors.map((e) => `"${e.entry}" ${e.message}`).join('; ')}`,
    );
  }
  if (Boolean(parsed.data.FULCRUM_POWERJOB_USERNAME) !== Boolean(parsed.data.FULCRUM_POWERJOB_PASSWORD)) {
    throw new ConfigError('invalid configuration: set both FULCRUM_POWERJOB_USERNAME and FULCRUM_POWERJOB_PASSWORD, or neither');
  }
  if (parsed.data.FULCRUM_DNS_PORT !== undefined && !parsed.data.FULCRUM_DNS_ZONE) {
    throw new ConfigError('invalid configuration: FULCRUM_DNS_PORT needs FULCRUM_DNS_ZONE, the zone to answer for (e.g. powerjob.internal)');
  }
  if (parsed.data.FULCRUM_OIDC_ISSUER && !(parsed.data.FULCRUM_OIDC_CLIENT_ID && parsed.data.FULCRUM_PUBLIC_URL)) {
    throw new ConfigError('invalid configuration: FULCRUM_OIDC_ISSUER needs FULCRUM_OIDC_CLIENT_ID and FULCRUM_PUBLIC_URL (for the redirect address)');
  }
  return { ...parsed.data, powerjobServers: list.addresses };
}
