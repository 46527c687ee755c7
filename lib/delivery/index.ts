// The delivery channels besides the assignment API, wired once: the ZooKeeper publisher and the DNS
// responder (each only when configured), fed by the assignment API's answers, and the status of
// every channel for the Rollouts page. A channel that fails reports it and retries; nothing here
// stops the rest of Fulcrum.
import type { Config } from '../config.ts';
import type { Answer, AssignmentQuery, Assignments } from '../dataplane/assignment.ts';
import type { Store } from '../store/index.ts';
import type { ChannelStatus } from './channel.ts';
import { createDnsResponder, type DnsResponder } from './dns.ts';
import { appsWithVersions, appTargets } from './targets.ts';
import { createZooKeeperChannel, type ZooKeeperChannel } from './zookeeper.ts';

export type { ChannelStatus } from './channel.ts';

/** The assignment API as a channel: workers (or their deploy scripts) that fetched their list. */
export interface AssignmentChannelStatus {
  channel: 'assignment';
  state: 'ok';
  reason: null;
  target: string;
  reached: { total: number; byRollout: Record<string, number> };
}

export interface Delivery {
  channels(): (ChannelStatus | AssignmentChannelStatus)[];
  /** what the assignment API would answer this worker now (not counted as a fetch): the console's "ask as a worker" */
  answerFor(q: AssignmentQuery): Promise<Answer['body'] | null>;
  /** a rollout or the servers changed */
  changed(): void;
  stop(): Promise<void>;
}

/** How long the list of app names a DNS label is matched against is kept (labels are case-insensitive; app names are not). */
const APP_NAMES_TTL_MS = 10_000;

export async function startDelivery(options: {
  config: Config;
  store: () => Store;
  assignments: Assignments;
  dataPlanePort: number;
  log: { warn(message: string, fields?: Record<string, unknown>): void; info(message: string, fields?: Record<string, unknown>): void };
}): Promise<Delivery> {
  const { config, assignments, log } = options;
  const errorText = (e: unknown) => ({ error: (e as Error).message || String(e) });
  const appList = async () => {
    const now = new Date();
    const [apps, roster] = await Promise.all([options.store().listApps(now), options.store().workerRoster(now)]);
    return appsWithVersions(apps.map((a) => a.appName), roster);
  };

  let zookeeper: ZooKeeperChannel | undefined;
  if (config.FULCRUM_ZOOKEEPER) {
    zookeeper = createZooKeeperChannel({
      connect: config.FULCRUM_ZOOKEEPER,
      root: config.FULCRUM_ZOOKEEPER_ROOT,
      profiles: config.FULCRUM_ZOOKEEPER_PROFILES,
      intervalMs: config.FULCRUM_ZOOKEEPER_INTERVAL,
      targets: async () => appTargets(await appList(), assignments),
      onError: (e) => log.warn('zookeeper channel: sync failed; retrying with back-off', errorText(e)),
    });
    zookeeper.start();
    log.info('zookeeper channel: publishing server lists', { connect: config.FULCRUM_ZOOKEEPER, root: config.FULCRUM_ZOOKEEPER_ROOT, profiles: config.FULCRUM_ZOOKEEPER_PROFILES });
  }

  let dns: DnsResponder | undefined;
  if (config.FULCRUM_DNS_PORT !== undefined && config.FULCRUM_DNS_ZONE) {
    let names: { at: number; byLabel: Map<string, string> } | null = null;
    const appNamed = async (label: string): Promise<string> => {
      if (!names || Date.now() - names.at > APP_NAMES_TTL_MS) {
        const list = await appList().catch(() => []);
        names = { at: Date.now(), byLabel: new Map(list.map((a) => [a.app.toLowerCase(), a.app])) };
      }
      return names.byLabel.get(label) ?? label;
    };
    dns = createDnsResponder({
      host: config.FULCRUM_HOST,
      port: config.FULCRUM_DNS_PORT,
      zone: config.FULCRUM_DNS_ZONE,
      answer: async (label, clientIp) => {
        const got = await assignments.assign({ app: label === null ? '' : await appNamed(label), worker: `${clientIp}:0`, ...(label === null ? { baselineOnly: true } : {}) });
        if (!got || got.answer.body.servers.length === 0) return null;
        const r = got.answer.body.rollout;
        return { servers: got.answer.body.servers, rollout: r ? { id: r.id, inCohort: r.inCohort } : null };
      },
      onError: (e) => log.warn('dns channel: failed; retrying with back-off', errorText(e)),
    });
    await dns.start();
    log.info('dns channel: answering', { zone: config.FULCRUM_DNS_ZONE, host: config.FULCRUM_HOST, port: dns.port(), state: dns.status().state });
  }

  return {
    channels: () => [
      { channel: 'assignment', state: 'ok', reason: null, target: `GET /v1/assignment on port ${options.dataPlanePort}`, reached: assignments.reached() },
      ...(zookeeper ? [zookeeper.status()] : []),
      ...(dns ? [dns.status()] : []),
    ],
    answerFor: async (q) => (await assignments.assign(q))?.answer.body ?? null,
    // after the assignment snapshot has reloaded, so the sync writes the new answers
    changed: () => void assignments.reload().then(() => zookeeper?.changed()),
    async stop() {
      await Promise.all([zookeeper?.stop(), dns?.stop()]);
    },
  };
}
