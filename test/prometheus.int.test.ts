// A real Prometheus (Debian's prometheus 2.42, started here on loopback) scrapes a real Fulcrum
// running the issue-181 demo: PromQL over the scraped cluster metrics gives the demo's max/mean,
// the same the Overview shows, both from fulcrum_fairness_max_mean and computed from the per-server
// series. Also: a contact point's signing secret never comes back, in answers, the audit log or the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startServer, type RunningServer } from './support/process.ts';
import { promQuery, startPrometheus, type RunningTool } from './prometheus-support.ts';
import { dashboardExpressions, metricNames } from './dashboard-support.ts';

describe('cluster metrics scraped by a real Prometheus', () => {
  let fulcrum: RunningServer;
  let prometheus: RunningTool;

  beforeAll(async () => {
    fulcrum = await startServer({ env: { FULCRUM_DEMO: 'issue-181', FULCRUM_SAMPLE_INTERVAL: '2s', FULCRUM_COLLECT_INTERVAL: '2s' } });
    prometheus = await startPrometheus(new URL(fulcrum.dataPlaneUrl).host, 2);
  }, 180_000);
  afterAll(async () => {
    await prometheus?.stop();
    const code = await fulcrum?.stop();
    expect(code, `Fulcrum's exit code\n${fulcrum?.output().slice(-2000)}`).toBe(0);
  });

  const overview = async () => (await (await fulcrum.api('/api/overview?measure=apps')).json()) as { fairness: { maxMean: number; n: number }; servers: { address: string; health: string; appsOwned: number }[] };

  it('answers the demo\'s max/mean to PromQL, as the Overview shows it', async () => {
    // every app of the demo elected on the two servers
    const settled = await eventually(
      async () => {
        const o = await overview();
        const up = o.servers.filter((s) => s.health === 'up');
        return up.length === 2 && up.reduce((a, s) => a + s.appsOwned, 0) === 20 ? o : null;
      },
      120_000,
      'the demo elects all 20 apps on its two servers',
    );
    expect(settled.fairness.maxMean).toBeGreaterThanOrEqual(1.4);
    // Prometheus has scraped a sample that agrees with the Overview (the demo can still re-elect, so both are read again until they agree)
    const agreed = await eventually(
      async () => {
        const [o, fromGauge, computed] = await Promise.all([
          overview(),
          promQuery(prometheus.url, 'fulcrum_fairness_max_mean{measure="apps"}'),
          promQuery(prometheus.url, 'max(fulcrum_server_apps_owned * on(server) fulcrum_server_up) / avg(fulcrum_server_apps_owned * on(server) (fulcrum_server_up == 1))'),
        ]);
        if (fromGauge.length !== 1 || computed.length !== 1) return null;
        return Math.abs(fromGauge[0]!.value - o.fairness.maxMean) < 1e-9 && Math.abs(computed[0]!.value - o.fairness.maxMean) < 1e-9 ? { o, gauge: fromGauge[0]!, computed: computed[0]! } : null;
      },
      90_000,
      'PromQL answers the max/mean the Overview shows (fulcrum_fairness_max_mean and max/avg of fulcrum_server_apps_owned)',
      500,
    );
    expect(agreed.gauge.metric).toMatchObject({ __name__: 'fulcrum_fairness_max_mean', measure: 'apps', job: 'fulcrum' });
    // each server's series, one per server, and every measure
    const servers = await promQuery(prometheus.url, 'fulcrum_server_apps_owned');
    expect(servers.map((s) => s.metric.server).sort()).toEqual(agreed.o.servers.map((s) => s.address).sort());
    const measures = await promQuery(prometheus.url, 'count by (measure) (fulcrum_server_load)');
    expect(measures.map((m) => m.metric.measure).sort()).toEqual(['apps', 'capacity', 'mix', 'running', 'workers']);
    const rollouts = await promQuery(prometheus.url, 'sum(fulcrum_rollouts)');
    expect(rollouts[0]?.value).toBe(0);
  }, 240_000);

  it("runs every panel query of docs/grafana-dashboard.json, each reading metrics Prometheus has scraped", async () => {
    const metadata = await eventually(
      async () => {
        const m = (await (await fetch(`${prometheus.url}/api/v1/metadata`)).json()) as { data: Record<string, unknown> };
        return m.data.fulcrum_server_up ? m.data : null;
      },
      60_000,
      "Prometheus's metadata lists Fulcrum's metrics",
    );
    for (const { title, expr } of dashboardExpressions()) {
      // valid PromQL (Prometheus parses and runs it), over metrics it knows from the scrape
      await expect(promQuery(prometheus.url, expr), `${title}: ${expr}`).resolves.toBeInstanceOf(Array);
      for (const name of metricNames(expr)) expect(Object.keys(metadata), `${title} reads ${name}`).toContain(name);
    }
  }, 120_000);

  it('never answers, audits or logs a contact point\'s signing secret', async () => {
    const secret = 'SECnever-shown-again-0123456789';
    const post = await fulcrum.api('/api/contact-points', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ding', kind: 'dingtalk', url: 'http://127.0.0.1:9/robot/send?access_token=t0ken', secret, settings: { keywords: ['Fulcrum'] } }),
    });
    const created = await post.text();
    expect(post.status, created).toBe(201);
    expect(JSON.parse(created)).toMatchObject({ kind: 'dingtalk', secretSet: true });
    const id = (JSON.parse(created) as { id: number }).id;
    // the test goes to an address nothing listens on: it fails, and the reason is audited
    expect(await (await fulcrum.api(`/api/contact-points/${id}/test`, { method: 'POST' })).json()).toMatchObject({ ok: false });
    // a PUT without a secret keeps it
    const put = await fulcrum.api(`/api/contact-points/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ding', kind: 'dingtalk', url: 'http://127.0.0.1:9/robot/send?access_token=t0ken' }) });
    expect(await put.json()).toMatchObject({ secretSet: true });
    const texts = [created, await (await fulcrum.api('/api/contact-points')).text(), await (await fulcrum.api(`/api/audit?target=contact-point:${id}`)).text(), fulcrum.output()];
    expect(texts[2]).toContain('contact-point.test');
    for (const t of texts) expect(t).not.toContain(secret);
  }, 60_000);
});
