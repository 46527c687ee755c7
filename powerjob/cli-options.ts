// The options of `npm run powerjob` and `npm run demo:powerjob`, parsed and checked once: a bad
// value stops the command with one line naming the option (exit 2).
import { parseArgs } from 'node:util';
import { DEFAULT_VERSION, type ClusterOptions } from './cluster.ts';

export const CLUSTER_USAGE =
  '[--version 4.3.9] [--worker-version <v>] [--servers n] [--apps n] [--workers-per-app n] [--db mariadb|postgres] [--skew issue-181|none] [--accurate-percentage 0-100]';

const VERSION = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

/** Cluster options from `argv`; `fetchOnly` with `--fetch-only` when `allowFetchOnly`. */
export function parseClusterArgs(argv: string[], command: string, allowFetchOnly = false): ClusterOptions & { fetchOnly: boolean } {
  const fail = (message: string): never => {
    process.stderr.write(`${command}: ${message}\n`);
    process.exit(2);
  };
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        version: { type: 'string', default: DEFAULT_VERSION },
        'worker-version': { type: 'string' },
        servers: { type: 'string', default: '3' },
        apps: { type: 'string', default: '20' },
        'workers-per-app': { type: 'string', default: '2' },
        db: { type: 'string', default: 'mariadb' },
        skew: { type: 'string', default: 'issue-181' },
        'accurate-percentage': { type: 'string', default: '50' },
        ...(allowFetchOnly ? { 'fetch-only': { type: 'boolean' as const, default: false } } : {}),
      },
      strict: true,
    }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    return fail(`${(error as Error).message}\nusage: npm run ${command} -- ${CLUSTER_USAGE}${allowFetchOnly ? ' [--fetch-only]' : ''}`);
  }
  const whole = (name: string, min: number, max: number): number => {
    const raw = String(values[name]);
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : fail(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  };
  const version = String(values.version);
  if (!VERSION.test(version)) fail(`--version must look like 4.3.9, got "${version}"`);
  const workerVersion = values['worker-version'] as string | undefined;
  if (workerVersion !== undefined && !VERSION.test(workerVersion)) fail(`--worker-version must look like 5.1.2, got "${workerVersion}"`);
  const db = values.db === 'mariadb' || values.db === 'postgres' ? values.db : fail(`--db must be mariadb or postgres, got "${values.db}"`);
  const skew = values.skew === 'issue-181' || values.skew === 'none' ? values.skew : fail(`--skew must be issue-181 or none, got "${values.skew}"`);
  return {
    version,
    workerVersion,
    servers: whole('servers', 1, 20),
    apps: whole('apps', 0, 500),
    workersPerApp: whole('workers-per-app', 0, 50),
    db,
    skew,
    accuratePercentage: whole('accurate-percentage', 0, 100),
    fetchOnly: values['fetch-only'] === true,
  };
}
