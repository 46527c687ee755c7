// The cluster gauges' exposition from a fixed snapshot, and docs/grafana-dashboard.json: an
// importable dashboard (the fields Grafana's import needs) whose every panel queries metrics this
// process exposes.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import client from 'prom-client';
import { z } from 'zod';
import { registerClusterMetrics, type ClusterSnapshot } from './cluster-metrics.ts';
import { metrics } from './metrics.ts';
import { DASHBOARD_PATH, dashboardExpressions, metricNames } from '../test/dashboard-support.ts';

const SNAPSHOT: ClusterSnapshot = {
  servers: [
    { address: '10.0.0.5:7700', health: 'up', appsOwned: 15, workersConnected: 30, runningInstances: 4, load: [{ measure: 'apps', load: 15, share: 0.75 }] },
    { address: '10.0.0.6:7700', health: 'down', appsOwned: 5, workersConnected: 0, runningInstances: 0, load: [{ measure: 'apps', load: 5, share: null }] },
  ],
  fairness: [
    { measure: 'apps', n: 1, jain: 1, cv: 0, maxMean: 1, gini: 0 },
    { measure: 'running', n: 0, jain: Number.NaN, cv: Number.NaN, maxMean: Number.NaN, gini: Number.NaN },
  ],
  rollouts: { byState: [{ state: 'running', n: 1 }, { state: 'completed', n: 3 }], active: [{ id: 'r1', name: 'bounded', state: 'running', step: 2, steps: 3, percent: 25 }] },
  counts: { moves: [{ purpose: 'forward', status: 'verified', n: 7 }, { purpose: 'revert', status: 'failed', n: 1 }], alertStates: [{ state: 'firing', n: 2 }], firingByRule: [{ rule: 'apps skew', severity: 'warning', n: 2 }] },
  outbox: { pending: 1, sent: 9, failed: 0 },
};

async function exposition(read: () => Promise<ClusterSnapshot>) {
  const registry = new client.Registry();
  registerClusterMetrics(registry, read);
  return registry.metrics();
}

describe('cluster metrics', () => {
  it('exposes each server, measure, rollout and alert state from one read per scrape', async () => {
    let reads = 0;
    const text = await exposition(async () => {
      reads++;
      return SNAPSHOT;
    });
    expect(reads).toBe(1);
    for (const line of [
      'fulcrum_server_up{server="10.0.0.5:7700"} 1',
      'fulcrum_server_up{server="10.0.0.6:7700"} 0',
      'fulcrum_server_health{server="10.0.0.6:7700",health="down"} 1',
      'fulcrum_server_health{server="10.0.0.6:7700",health="up"} 0',
      'fulcrum_server_apps_owned{server="10.0.0.5:7700"} 15',
      'fulcrum_server_load{server="10.0.0.5:7700",measure="apps"} 15',
      'fulcrum_server_load_share{server="10.0.0.5:7700",measure="apps"} 0.75',
      'fulcrum_fairness_max_mean{measure="apps"} 1',
      'fulcrum_fairness_servers{measure="running"} 0',
      'fulcrum_rollouts{state="completed"} 3',
      'fulcrum_rollout_step{rollout="r1",name="bounded",state="running"} 2',
      'fulcrum_rollout_percent{rollout="r1"} 25',
      'fulcrum_app_moves{purpose="revert",status="failed"} 1',
      'fulcrum_alert_instances{state="firing"} 2',
      'fulcrum_alert_instances{state="pending"} 0',
      'fulcrum_alerts_firing{alertname="apps skew",severity="warning"} 2',
      'fulcrum_alert_notifications{status="sent"} 9',
    ])
      expect(text).toContain(line);
    // a down server has no share; a measure with no live server has no figures
    expect(text).not.toContain('fulcrum_server_load_share{server="10.0.0.6:7700"');
    expect(text).not.toContain('fulcrum_fairness_max_mean{measure="running"}');
  });

  it('a failed read leaves the cluster gauges empty and counts the error', async () => {
    const text = await exposition(async () => {
      throw new Error('store down');
    });
    expect(text).toContain('fulcrum_cluster_read_errors_total 1');
    expect(text).not.toMatch(/^fulcrum_server_up\{/m);
  });
});

const target = z.object({ refId: z.string().min(1), expr: z.string().min(1), datasource: z.object({ type: z.literal('prometheus'), uid: z.literal('${DS_PROMETHEUS}') }) });
const gridPos = z.object({ x: z.number().int().min(0).max(23), y: z.number().int().min(0), w: z.number().int().min(1).max(24), h: z.number().int().min(1) }).refine((g) => g.x + g.w <= 24, 'within the 24 columns');
const panel = z.discriminatedUnion('type', [
  z.object({ type: z.literal('row'), id: z.number().int(), title: z.string().min(1), gridPos, panels: z.array(z.unknown()) }),
  z.object({
    type: z.enum(['timeseries', 'stat', 'table', 'state-timeline', 'gauge', 'bargauge']),
    id: z.number().int(),
    title: z.string().min(1),
    gridPos,
    datasource: z.object({ type: z.literal('prometheus'), uid: z.literal('${DS_PROMETHEUS}') }),
    targets: z.array(target).min(1),
    fieldConfig: z.object({ defaults: z.record(z.string(), z.unknown()), overrides: z.array(z.unknown()) }),
  }),
]);
const dashboardSchema = z.object({
  __inputs: z.array(z.object({ name: z.literal('DS_PROMETHEUS'), type: z.literal('datasource'), pluginId: z.literal('prometheus') })).length(1),
  title: z.string().min(1),
  uid: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
  schemaVersion: z.number().int().min(30),
  time: z.object({ from: z.string(), to: z.string() }),
  templating: z.object({ list: z.array(z.object({ name: z.string(), type: z.string(), query: z.string() })) }),
  panels: z.array(panel).min(1),
});

describe('docs/grafana-dashboard.json', () => {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD_PATH, 'utf8'));

  it('has what Grafana\'s import needs: a Prometheus data source input, unique panel ids, panels within the grid', () => {
    const parsed = dashboardSchema.safeParse(dashboard);
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 5))).toBe(true);
    const ids = (dashboard.panels as { id: number }[]).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    // $measure is the one template variable, and it lists every measure
    expect(dashboard.templating.list.map((v: { name: string; query: string }) => [v.name, v.query])).toEqual([['measure', 'apps,workers,running,capacity,mix']]);
  });

  it('queries only metrics this process exposes', async () => {
    const registry = new client.Registry();
    registerClusterMetrics(registry, async () => SNAPSHOT);
    const exposed = `${await registry.metrics()}\n${await metrics().registry.metrics()}`;
    const names = new Set([...exposed.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    const used = dashboardExpressions().flatMap((e) => metricNames(e.expr).map((name) => ({ panel: e.title, name })));
    expect(used.length).toBeGreaterThan(15);
    expect(used.filter((u) => !names.has(u.name))).toEqual([]);
  });
});
