// npm run demo:powerjob -- [the options of npm run powerjob]
// Fulcrum on a real PowerJob cluster: starts one (powerjob/cluster.ts; 3 servers, 20 apps, 40
// workers by default, the issue-181 pile-up), then `npm start` with the collector and the actuator
// pointed at it. Ctrl-C or SIGTERM stops Fulcrum, then the cluster, and drops its database.
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DEFAULT_VERSION, ROOT, startCluster, type RealCluster } from '../powerjob/cluster.ts';

const { values: args } = parseArgs({
  options: {
    version: { type: 'string', default: DEFAULT_VERSION },
    'worker-version': { type: 'string' },
    servers: { type: 'string', default: '3' },
    apps: { type: 'string', default: '20' },
    'workers-per-app': { type: 'string', default: '2' },
    db: { type: 'string', default: 'mariadb' },
    skew: { type: 'string', default: 'issue-181' },
    'accurate-percentage': { type: 'string', default: '50' },
  },
  strict: true,
});
const whole = (name: keyof typeof args, min: number, max: number) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`demo:powerjob: --${name} must be a whole number from ${min} to ${max}, got "${args[name]}"\n`);
    process.exit(2);
  }
  return n;
};
if (args.db !== 'mariadb' && args.db !== 'postgres') {
  process.stderr.write(`demo:powerjob: --db must be mariadb or postgres, got "${args.db}"\n`);
  process.exit(2);
}
if (args.skew !== 'issue-181' && args.skew !== 'none') {
  process.stderr.write(`demo:powerjob: --skew must be issue-181 or none, got "${args.skew}"\n`);
  process.exit(2);
}

let cluster: RealCluster | null = null;
let fulcrum: ChildProcess | null = null;
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (fulcrum && fulcrum.exitCode === null) {
    const exited = new Promise((r) => fulcrum!.once('exit', r));
    fulcrum.kill('SIGTERM');
    await exited;
  }
  process.stderr.write('demo:powerjob: stopping the PowerJob cluster\n');
  await cluster?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  cluster = await startCluster({
    version: args.version,
    workerVersion: args['worker-version'],
    servers: whole('servers', 1, 20),
    apps: whole('apps', 0, 500),
    workersPerApp: whole('workers-per-app', 0, 50),
    db: args.db,
    skew: args.skew,
    accuratePercentage: whole('accurate-percentage', 0, 100),
    log: (l) => process.stderr.write(`demo:powerjob: ${l}\n`),
  });
} catch (error) {
  process.stderr.write(`demo:powerjob: could not start the cluster: ${(error as Error).message}\n`);
  process.exit(1);
}
process.stderr.write(`demo:powerjob: PowerJob ${cluster.version} servers ${cluster.serverAddress}, database ${cluster.db}\n`);
fulcrum = spawn(process.execPath, ['scripts/start.mjs'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, FULCRUM_POWERJOB_SERVERS: cluster.serverAddress, FULCRUM_POWERJOB_DB_URL: cluster.db },
});
fulcrum.once('exit', (code) => void stop(code ?? 1));
