// npm run powerjob -- [--version 4.3.9] [--worker-version <v>] [--servers 3] [--apps 20] [--workers-per-app 2]
//   [--db mariadb|postgres] [--skew issue-181|none] [--accurate-percentage 50] [--fetch-only]
// Starts a real PowerJob cluster on loopback (powerjob/cluster.ts, docs/powerjob.md) and prints one
// JSON line once every worker has a server; progress goes to stderr. SIGTERM or Ctrl-C stops
// everything it started and drops its database.
import { parseClusterArgs } from '../powerjob/cli-options.ts';
import { DEFAULT_VERSION, ensureServerJars, ensureWorkerJars, startCluster, type RealCluster } from '../powerjob/cluster.ts';

function fail(message: string): never {
  process.stderr.write(`powerjob: ${message}\n`);
  process.exit(2);
}

const { fetchOnly, ...options } = parseClusterArgs(process.argv.slice(2), 'powerjob', true);
const log = (line: string) => process.stderr.write(`powerjob: ${line}\n`);

if (fetchOnly) {
  // fetch (and build) the jars only: CI does this in a step of its own, so a Maven failure is plain
  try {
    const version = options.version ?? DEFAULT_VERSION;
    process.stdout.write(`${ensureServerJars(version, log)}\n${ensureWorkerJars(options.workerVersion ?? version, log)}\n`);
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
  cluster = await startCluster({ ...options, log });
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
