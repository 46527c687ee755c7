// A real ZooKeeper (Debian's zookeeper package, 3.8) for tests: standalone, on 127.0.0.1 and a
// free port, with a data directory of its own; never the package's system service. `.ci/run`
// installs the package.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zookeeper from 'node-zookeeper-client';
import { eventually, freePort, tempDir } from './support/process.ts';

const JARS = ['/usr/share/java/zookeeper.jar'];
/** the package's example log4j configuration, so ZooKeeper logs to the console we capture */
const LOG_CONF = '/etc/zookeeper/conf_example';

export function zookeeperInstalled(): boolean {
  return JARS.every((j) => fs.existsSync(j)) && fs.existsSync('/usr/bin/java');
}

/** Whether `ruok` gets `imok`: the server is up and serving. */
function ruok(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => socket.end('ruok'));
    socket.on('data', (d) => (answer += d));
    socket.on('close', () => resolve(answer === 'imok'));
    socket.on('error', () => resolve(false));
  });
}

export interface RunningZooKeeper {
  port: number;
  connect: string;
  dataDir: string;
  output(): string;
  /** Stops it (SIGTERM, then waits for the exit). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Reads a node's data as text, null when it does not exist (a client of its own). */
  read(path: string): Promise<string | null>;
  close(): Promise<void>;
}

export async function startZooKeeper(): Promise<RunningZooKeeper> {
  const port = await freePort();
  const dir = tempDir('fulcrum-zk-');
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  const cfg = path.join(dir, 'zoo.cfg');
  fs.writeFileSync(
    cfg,
    [`tickTime=2000`, `dataDir=${dataDir}`, `clientPort=${port}`, `clientPortAddress=127.0.0.1`, 'admin.enableServer=false', '4lw.commands.whitelist=ruok', 'maxClientCnxns=0', ''].join('\n'),
  );
  let child: ChildProcess | null = null;
  let out = '';
  const start = async () => {
    const c = spawn('java', ['-Xmx128m', '-cp', [...JARS, LOG_CONF].join(':'), 'org.apache.zookeeper.server.ZooKeeperServerMain', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    c.stdout!.on('data', (d) => (out += d));
    c.stderr!.on('data', (d) => (out += d));
    await eventually(async () => {
      if (c.exitCode !== null) throw new Error(`ZooKeeper exited with ${c.exitCode}: ${out.slice(-2000)}`);
      return (await ruok(port)) ? true : null;
    }, 60_000, `ZooKeeper answering ruok on 127.0.0.1:${port}`, 100);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill('SIGTERM');
    await exited;
  };
  await start();
  const connect = `127.0.0.1:${port}`;
  return {
    port,
    connect,
    dataDir,
    output: () => out,
    stop,
    start,
    async read(node) {
      const client = zookeeper.createClient(connect, { sessionTimeout: 10_000, retries: 0 });
      try {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error(`connect to ZooKeeper ${connect}: no answer within 5 s`)), 5000);
          client.once('connected', () => {
            clearTimeout(t);
            resolve();
          });
          client.connect();
        });
        return await new Promise<string | null>((resolve, reject) =>
          client.getData(node, (error, data) => {
            if (error && 'getCode' in error && error.getCode() === zookeeper.Exception.NO_NODE) resolve(null);
            else if (error) reject(new Error(String(error)));
            else resolve(data ? data.toString('utf8') : '');
          }),
        );
      } finally {
        client.close();
      }
    },
    async close() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
