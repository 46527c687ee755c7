// npm run emulator -- --scenario <name|path> [--base-port 17700] [--speed N] [--seed N] [--discovery auto|http|direct] [--powerjob-db <url>]
// Runs an emulated PowerJob cluster on loopback and prints one JSON line with the server addresses
// once they listen; everything else goes to stderr. SIGTERM or Ctrl-C stops it. With
// --powerjob-db mysql://…|mariadb://…|postgres://… the servers keep app_info in that real database
// (PowerJob's DDL, created when missing), so moves written there reach the emulated workers.
import { parseArgs } from 'node:util';
import { startEmulator } from '../lib/emulator/cluster.ts';
import { loadScenario, scenarioNames } from '../lib/emulator/scenario.ts';

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      scenario: { type: 'string', default: 'issue-181' },
      'base-port': { type: 'string', default: '17700' },
      speed: { type: 'string', default: '1' },
      seed: { type: 'string' },
      discovery: { type: 'string', default: 'auto' },
      'report-every': { type: 'string', default: '10' },
      'powerjob-db': { type: 'string' },
    },
    strict: true,
  }).values;
} catch (error) {
  fail(`${(error as Error).message}\nusage: npm run emulator -- --scenario <${scenarioNames().join('|')}|path.json> [--base-port 17700] [--speed N] [--seed N] [--powerjob-db <url>]`);
}

const number = (name: string, value: string | undefined, min: number, max: number) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number from ${min} to ${max}, got "${value}"`);
  return n;
};
const basePort = number('base-port', args['base-port'], 0, 65000)!;
const speed = number('speed', args.speed, 0.01, 1000)!;
const seed = number('seed', args.seed, 0, 2 ** 31);
if (!['auto', 'http', 'direct'].includes(args.discovery!)) fail('--discovery must be auto, http or direct');

let scenario;
try {
  scenario = loadScenario(args.scenario!);
} catch (error) {
  fail((error as Error).message);
}

const started = performance.now();
const emulator = await startEmulator({
  scenario,
  basePort,
  speed,
  seed,
  discovery: args.discovery as 'auto' | 'http' | 'direct',
  powerjobDb: args['powerjob-db'],
}).catch((error: Error) =>
  fail(`could not start: ${error.message}`),
);
process.stdout.write(`${JSON.stringify({ scenario: scenario.name, servers: emulator.servers, workers: emulator.workerObjects.length, speed, seed: emulator.seed, discovery: emulator.discovery, appInfo: emulator.appInfoLocation })}\n`);

const everyMs = Number(args['report-every']) * 1000;
const report = setInterval(() => {
  const s = emulator.state();
  const owned = Object.values(s.servers).map((x) => x.appsOwned);
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  process.stderr.write(
    `${JSON.stringify({ t: Math.round((performance.now() - started) / 1000), appsOwned: owned, workersWithoutServer: s.workersWithoutServer, rssMiB: Math.round(mem.rss / 2 ** 20), heapMiB: Math.round(mem.heapUsed / 2 ** 20), cpuS: Math.round((cpu.user + cpu.system) / 1e5) / 10 })}\n`,
  );
}, everyMs);

const stop = async () => {
  clearInterval(report);
  await emulator.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
