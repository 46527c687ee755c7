// npm run demo:powerjob -- [the options of npm run powerjob]
// Fulcrum on a real PowerJob cluster: starts one (powerjob/cluster.ts; 3 servers, 20 apps, 40
// workers by default, the issue-181 pile-up), then `npm start` with the collector and the actuator
// pointed at it. Ctrl-C or SIGTERM stops Fulcrum, then the cluster, and drops its database.
import { spawn, type ChildProcess } from 'node:child_process';
import { parseClusterArgs } from '../powerjob/cli-options.ts';
import { ROOT, startCluster, type RealCluster } from '../powerjob/cluster.ts';

const options = parseClusterArgs(process.argv.slice(2), 'demo:powerjob');

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
  cluster = await startCluster({ ...options, log: (l) => process.stderr.write(`demo:powerjob: ${l}\n`) });
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
