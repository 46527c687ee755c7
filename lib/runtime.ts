// The process-wide runtime: created by server.ts, read by route handlers and pages. Next.js bundles
// app/ into its own module graph, so the one shared instance lives on globalThis, not in a module.
import type { Config } from './config.ts';
import type { Store } from './store/index.ts';
import type { Collector } from './powerjob/collector.ts';
import type { Sources } from './powerjob/sources.ts';
import type { Auth } from './auth/service.ts';
import type { Oidc } from './auth/oidc.ts';
import type { Delivery } from './delivery/index.ts';
import type { AssumedPercentage } from './jobs/follow-rate.ts';

export interface Runtime {
  config: Config;
  store: Store;
  startedAt: Date;
  version: string;
  now(): Date;
  sources: Sources;
  collector: Collector;
  /** Users, sessions and tokens (lib/auth/service.ts). */
  auth: Auth;
  /** OIDC single sign-on, when FULCRUM_OIDC_ISSUER is set. */
  oidc?: Oidc;
  /** The emulated demo cluster, when one runs (FULCRUM_DEMO, no FULCRUM_POWERJOB_SERVERS). */
  demo?: DemoCluster;
  /** The delivery channels (assignment API, ZooKeeper, DNS) and what each has reached. */
  delivery?: Delivery;
  /** PowerJob's oms.accurate.select.server.percentage as Fulcrum assumes it before measuring (lib/jobs/follow-rate.ts). */
  accuratePercentage?: AssumedPercentage;
  /** Called after an operator changed a rollout, so the assignment cache reloads at once. */
  rolloutsChanged?: () => void;
}

export interface DemoCluster {
  scenario: string;
  description: string;
  servers(): { address: string; running: boolean }[];
  stopServer(address: string): Promise<void>;
  startServer(address: string): Promise<void>;
  addServer(): Promise<string>;
  /** the demo's app names, in order */
  apps(): string[];
  /** the worker processes: how many, down for a restart, holding a list delivered at their start, the rolling restart in progress */
  workers(): { total: number; restarting: number; withDeliveredList: number; rollingRestart: { done: number; total: number } | null };
  /** Restarts every worker of one app; the new processes read their server list at start. The number restarted. */
  restartAppWorkers(app: string): number;
  /** A rolling restart of all workers, one a second; throws while one is in progress. */
  rollingRestartWorkers(): { workers: number; endsInMs: number };
}

const KEY = Symbol.for('fulcrum.runtime');
type Holder = { [KEY]?: Runtime | undefined };

export function setRuntime(runtime: Runtime | undefined): void {
  (globalThis as Holder)[KEY] = runtime;
}

/** The runtime, or undefined while the process is starting (or outside server.ts, e.g. `next build`). */
export function getRuntime(): Runtime | undefined {
  return (globalThis as Holder)[KEY];
}

export function healthOf(runtime: Runtime) {
  const now = runtime.now();
  return {
    status: 'ok',
    version: runtime.version,
    store: runtime.store.kind,
    uptimeS: Math.round((now.getTime() - runtime.startedAt.getTime()) / 1000),
    startedAt: runtime.startedAt.toISOString(),
  };
}
