// The cluster's balance on /metrics: per-server load under each measure and health, fairness per
// measure, rollouts, app moves and alerts, read from the store when Prometheus scrapes (once per
// scrape, shared by every gauge). Labels stay bounded: servers the store knows (forgotten ones
// leave), the five measures, fixed state sets, unfinished rollouts only, rules by name.
import client from 'prom-client';
import { DEFAULT_MIX, fairness, measureLoads, type LoadMeasure, type MixWeights } from './domain/fairness.ts';
import { ROLLOUT_STATES } from './domain/rollout.ts';
import type { Store } from './store/index.ts';

export const MEASURES: readonly LoadMeasure[] = ['apps', 'workers', 'running', 'capacity', 'mix'];
const HEALTH = ['up', 'down', 'unknown', 'stale'] as const;
const ALERT_STATES = ['inactive', 'pending', 'firing', 'nodata', 'resolved'] as const;

export async function clusterSnapshot(store: Store, now: Date) {
  const [servers, mix, rollouts, counts, outbox] = await Promise.all([
    store.listServers(now),
    store.getSetting<MixWeights>('mix_weights'),
    store.listRollouts(),
    store.metricCounts(),
    store.outboxCounts(),
  ]);
  // as the Overview counts them: a server up or not yet known; down and stale ones are left out of the figures
  const counted = (i: number) => servers[i]!.health === 'up' || servers[i]!.health === 'unknown';
  const perMeasure = MEASURES.map((measure) => {
    const loads = measureLoads(servers, measure, mix ?? DEFAULT_MIX, counted);
    const f = fairness(servers.map((s, i) => ({ address: s.address, load: loads[i]!, weight: s.weight, up: counted(i) })));
    return { measure, loads, f, share: new Map(f.servers.map((s) => [s.address, s.share])) };
  });
  return {
    servers: servers.map((s, i) => ({
      address: s.address,
      health: s.health,
      appsOwned: s.appsOwned,
      workersConnected: s.workersConnected,
      runningInstances: s.runningInstances,
      load: perMeasure.map((m) => ({ measure: m.measure, load: m.loads[i]!, share: m.share.get(s.address) ?? null })),
    })),
    fairness: perMeasure.map((m) => ({ measure: m.measure, n: m.f.n, jain: m.f.jain, cv: m.f.cv, maxMean: m.f.maxMean, gini: m.f.gini })),
    rollouts: {
      byState: ROLLOUT_STATES.map((state) => ({ state, n: rollouts.filter((r) => r.state === state).length })),
      active: rollouts.filter((r) => r.state === 'running' || r.state === 'paused' || r.state === 'balancing').map((r) => ({ id: r.id, name: r.name, state: r.state, step: r.step + 1, steps: r.spec.steps.length, percent: r.percent })),
    },
    counts,
    outbox,
  };
}

export type ClusterSnapshot = Awaited<ReturnType<typeof clusterSnapshot>>;

/**
 * Registers the cluster gauges on `registry`, fed by `read` (one read per scrape: gauges collected
 * within a second share it). A read that fails leaves the cluster gauges empty for that scrape and
 * counts in fulcrum_cluster_read_errors_total; the process metrics still answer.
 */
export function registerClusterMetrics(registry: client.Registry, read: () => Promise<ClusterSnapshot>) {
  if (registry.getSingleMetric('fulcrum_server_up')) return;
  let cached: { at: number; value: Promise<ClusterSnapshot | null> } | null = null;
  const snapshot = () => {
    const now = Date.now();
    if (!cached || now - cached.at > 1_000) {
      cached = {
        at: now,
        value: read().catch(() => {
          errors.inc();
          return null;
        }),
      };
    }
    return cached.value;
  };
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (s: ClusterSnapshot, set: (labels: Record<L, string>, v: number) => void) => void) =>
    new client.Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const s = await snapshot();
        this.reset();
        if (s) fill(s, (labels, v) => Number.isFinite(v) && this.set(labels as never, v));
      },
    });

  gauge('fulcrum_server_up', 'Whether the PowerJob server is up (1) or down, stale or unknown (0)', ['server'], (s, set) => s.servers.forEach((x) => set({ server: x.address }, x.health === 'up' ? 1 : 0)));
  gauge('fulcrum_server_health', 'The PowerJob server\'s health, one series per state, 1 for the current one', ['server', 'health'], (s, set) =>
    s.servers.forEach((x) => HEALTH.forEach((h) => set({ server: x.address, health: h }, x.health === h ? 1 : 0))),
  );
  gauge('fulcrum_server_apps_owned', 'Apps bound to the PowerJob server', ['server'], (s, set) => s.servers.forEach((x) => set({ server: x.address }, x.appsOwned)));
  gauge('fulcrum_server_workers_connected', 'Live workers connected to the PowerJob server', ['server'], (s, set) => s.servers.forEach((x) => set({ server: x.address }, x.workersConnected)));
  gauge('fulcrum_server_running_instances', 'Job instances running on the PowerJob server', ['server'], (s, set) => s.servers.forEach((x) => set({ server: x.address }, x.runningInstances)));
  gauge('fulcrum_server_load', 'The PowerJob server\'s load under each load measure', ['server', 'measure'], (s, set) =>
    s.servers.forEach((x) => x.load.forEach((l) => set({ server: x.address, measure: l.measure }, l.load))),
  );
  gauge('fulcrum_server_load_share', 'The PowerJob server\'s share of the cluster\'s load (0..1) under each measure; absent while it is down or stale', ['server', 'measure'], (s, set) =>
    s.servers.forEach((x) => x.load.forEach((l) => l.share !== null && set({ server: x.address, measure: l.measure }, l.share))),
  );
  const fair = (name: string, help: string, pick: (f: ClusterSnapshot['fairness'][number]) => number) =>
    gauge(name, help, ['measure'], (s, set) => s.fairness.forEach((f) => f.n > 0 && set({ measure: f.measure }, pick(f))));
  fair('fulcrum_fairness_max_mean', 'Peak-to-average load (max/mean) over the live servers, per measure', (f) => f.maxMean);
  fair('fulcrum_fairness_jain', "Jain's fairness index over the live servers, per measure (1 = even)", (f) => f.jain);
  fair('fulcrum_fairness_cv', 'Coefficient of variation of the load over the live servers, per measure', (f) => f.cv);
  fair('fulcrum_fairness_gini', 'Gini coefficient of the load over the live servers, per measure (0 = even)', (f) => f.gini);
  gauge('fulcrum_fairness_servers', 'Servers counted in the fairness figures (up or not yet known)', ['measure'], (s, set) => s.fairness.forEach((f) => set({ measure: f.measure }, f.n)));
  gauge('fulcrum_rollouts', 'Rollouts by state', ['state'], (s, set) => s.rollouts.byState.forEach((r) => set({ state: r.state }, r.n)));
  gauge('fulcrum_rollout_step', 'The current step (1-based) of each running or paused rollout', ['rollout', 'name', 'state'], (s, set) =>
    s.rollouts.active.forEach((r) => set({ rollout: r.id, name: r.name, state: r.state }, r.step)),
  );
  gauge('fulcrum_rollout_steps', 'How many steps each running or paused rollout has', ['rollout'], (s, set) => s.rollouts.active.forEach((r) => set({ rollout: r.id }, r.steps)));
  gauge('fulcrum_rollout_percent', 'The cohort percent of each running or paused rollout', ['rollout'], (s, set) => s.rollouts.active.forEach((r) => set({ rollout: r.id }, r.percent)));
  gauge('fulcrum_app_moves', 'App moves recorded (kept with their rollout), by purpose (forward, revert) and status (moved, verified, conflict, missing, failed, reverted)', ['purpose', 'status'], (s, set) =>
    s.counts.moves.forEach((m) => set({ purpose: m.purpose, status: m.status }, m.n)),
  );
  gauge('fulcrum_alert_instances', 'Alert instances by state', ['state'], (s, set) => ALERT_STATES.forEach((state) => set({ state }, s.counts.alertStates.find((a) => a.state === state)?.n ?? 0)));
  gauge('fulcrum_alerts_firing', 'Firing (or no data) alert instances per rule', ['alertname', 'severity'], (s, set) => s.counts.firingByRule.forEach((r) => set({ alertname: r.rule, severity: r.severity }, r.n)));
  gauge('fulcrum_alert_notifications', 'Notifications in the outbox by status (delivered and failed ones are kept 7 days)', ['status'], (s, set) =>
    (['pending', 'sent', 'failed'] as const).forEach((st) => set({ status: st }, s.outbox[st])),
  );
  // registered last, so a scrape whose read failed counts it in the same answer
  const errors = new client.Counter({ name: 'fulcrum_cluster_read_errors_total', help: 'Scrapes whose read of the cluster state from the store failed', registers: [registry] });
}
