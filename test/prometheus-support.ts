// For tests: Debian's real Prometheus and Alertmanager (`.ci/run` installs prometheus and
// prometheus-alertmanager), each started on 127.0.0.1 on a free port with a temporary data
// directory and a configuration written here, waited for until ready, and stopped after.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, freePort } from './support/process.ts';

export interface RunningTool {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

const which = (names: string[]) => names.map((n) => `/usr/bin/${n}`).find((p) => fs.existsSync(p)) ?? null;
export const PROMETHEUS_BIN = which(['prometheus']);
export const ALERTMANAGER_BIN = which(['prometheus-alertmanager', 'alertmanager']);

async function start(bin: string, args: (dir: string, port: number) => string[], config: string, name: string): Promise<RunningTool> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fulcrum-${name}-`));
  fs.writeFileSync(path.join(dir, 'config.yml'), config);
  const port = await freePort();
  const child: ChildProcess = spawn(bin, args(dir, port), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${out.slice(-1500)}`);
        const res = await fetch(`${url}/-/ready`);
        return res.ok ? true : null;
      },
      60_000,
      `${name} answers 200 on ${url}/-/ready`,
      200,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => out, stop };
}

/** Alertmanager (no clustering) whose one route sends every group to `webhookUrl` at once, resolved ones too. */
export function startAlertmanager(webhookUrl: string): Promise<RunningTool> {
  if (!ALERTMANAGER_BIN) throw new Error('prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager; .ci/run does)');
  const config = `route:
  receiver: test-hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: test-hook
    webhook_configs:
      - url: ${webhookUrl}
        send_resolved: true
`;
  return start(
    ALERTMANAGER_BIN,
    (dir, port) => [`--config.file=${dir}/config.yml`, `--storage.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    config,
    'alertmanager',
  );
}

/** Prometheus scraping `target` (host:port) at `/metrics` every `intervalS` seconds. */
export function startPrometheus(target: string, intervalS = 2): Promise<RunningTool> {
  if (!PROMETHEUS_BIN) throw new Error('prometheus is not installed (apt-get install prometheus; .ci/run does)');
  const config = `global:
  scrape_interval: ${intervalS}s
  evaluation_interval: ${intervalS}s
scrape_configs:
  - job_name: fulcrum
    metrics_path: /metrics
    static_configs:
      - targets: ['${target}']
`;
  return start(
    PROMETHEUS_BIN,
    (dir, port) => [`--config.file=${dir}/config.yml`, `--storage.tsdb.path=${dir}/data`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    config,
    'prometheus',
  );
}

/** An instant PromQL query's vector: each series' labels and value. */
export async function promQuery(prometheusUrl: string, query: string): Promise<{ metric: Record<string, string>; value: number }[]> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { status: string; error?: string; data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`PromQL ${query}: ${body.error}`);
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}
