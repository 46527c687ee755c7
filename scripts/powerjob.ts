// npm run powerjob -- [--version 4.3.9] [--worker-version <v>] [--servers 3] [--apps 20] [--workers-per-app 2]
//   [--db mariadb|postgres] [--skew issue-181|none] [--accurate-percentage 50] [--fetch-only]
// Starts a real PowerJob cluster on loopback (powerjob/cluster.ts, docs/powerjob.md) and prints one
// JSON line once every worker has a server; progress goes to stderr. SIGTERM or Ctrl-C stops
// everything it started and drops its database.
import { parseArgs } from 'node:util';
import { DEFAULT_VERSION, ensureServerJars, ensureWorkerJars, startCluster, type RealCluster } from '../powerjob/cluster.ts';

const USAGE = 'usage: npm run powerjob -- [--version 4.3.9] [--worker-version <v>] [--servers n] [--apps n] [--workers-per-app n] [--db mariadb|postgres] [--skew issue-181|none] [--accurate-percentage 0-100] [--fetch-only]';

function fail(message: string): never {
  process.stderr.write(`powerjob: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      version: { type: 'string', default: DEFAULT_VERSION },
      'worker-version': { type: 'string' },
      servers: { type: 'string', default: '3' },
      apps: { type: 'string', default: '20' },
      'workers-per-app': { type: 'string', default: '2' },
      db: { type: 'string', default: 'mariadb' },
      skew: { type: 'string', default: 'issue-181' },
      'accurate-percentage': { type: 'string', default: '50' },
      'fetch-only': { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}

const int = (name: string, min: number, max: number): number => {
  const raw = String((args as Record<string, unknown>)[name]);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
};
const version = /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(args.version!) ? args.version! : fail(`--version must look like 4.3.9, got "${args.version}"`);
const workerVersion = args['worker-version'];
if (workerVersion !== undefined && !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(workerVersion)) fail(`--worker-version must look like 5.1.2, got "${workerVersion}"`);
if (args.db !== 'mariadb' && args.db !== 'postgres') fail(`--db must be mariadb or postgres, got "${args.db}"`);
if (args.skew !== 'issue-181' && args.skew !== 'none') fail(`--skew must be issue-181 or none, got "${args.skew}"`);

if (args['fetch-only']) {
  // fetch (and build) the jars only: CI does this in a step of its own, so a Maven failure is plain
  try {
    const log = (line: string) => process.stderr.write(`powerjob: ${line}\n`);
    process.stdout.write(`${ensureServerJars(version, log)}\n${ensureWorkerJars(workerVersion ?? version, log)}\n`);
  } catch (error) {
    fail((error as Error).message);
  }
  process.exit(0);
}

let cluster: RealCluster | null = null;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write('powerjob: stopping the cluster\n');
  await cluster?.stop();
  process.exit(code);
};
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));

try {
  cluster = await startCluster({
    version,
    workerVersion,
    servers: int('servers', 1, 20),
    apps: int('apps', 0, 500),
    workersPerApp: int('workers-per-app', 0, 50),
    db: args.db,
    skew: args.skew,
    accuratePercentage: int('accurate-percentage', 0, 100),
    log: (line) => process.stderr.write(`powerjob: ${line}\n`),
  });
} catch (error) {
  fail(`could not start: ${(error as Error).message}`);
}
if (stopping) await new Promise(() => {});
process.stdout.write(`${JSON.stringify({
  version: cluster.version,
  workerVersion: cluster.workerVersion,
  servers: cluster.servers.map((s) => s.web),
  transports: cluster.servers.map((s) => s.transport),
  db: cluster.db,
  username: cluster.username,
  password: cluster.password,
  apps: cluster.apps.map((a) => ({ id: a.id, name: a.name, password: a.password, workers: a.workers })),
})}\n`);
