// The failover cluster of failover steering's integration test and bench:maintenance, and what both
// read of it: the survivors' max/mean and the steering plan's, and a loop stepped until a condition.
import { loadScenario, type Scenario } from '../lib/emulator/scenario.ts';
import { steeringDecision } from '../lib/domain/steering.ts';
import type { RolloutLoop } from './rollout-loop.ts';
export { stepUntil } from './rollout-loop.ts';

/** A cluster whose workers keep their configured order (4.3.9, before 5.1's shuffle), `rotated` of the apps deployed with the list rotated, no timed events. */
export function orderedCluster(base: Scenario, rotated: number, over: Partial<Scenario> = {}): Scenario {
  return { ...base, serverVersion: '4.3.9', workerVersions: [{ version: '4.3.9', share: 1 }], ...over, apps: { ...base.apps, ...over.apps, rotatedListShare: rotated }, events: [] };
}

/** The `failover` scenario's cluster (3 servers, 30 apps) with ordered lists, two thirds rotated: a killed server's apps all land on the next server of their list. */
export const orderedFailover = (): Scenario => orderedCluster(loadScenario('failover'), 2 / 3);

/** The running servers' apps owned (app_info), max over mean. */
export function survivorsMaxMean(loop: RolloutLoop): number {
  const owned = Object.values(loop.emulator.state().servers).filter((s) => s.running).map((s) => s.appsOwned);
  return Math.max(...owned) / (owned.reduce((a, b) => a + b, 0) / owned.length);
}

/** The steering plan's max/mean for the running servers when `killed` dies now: every app of it placed by the plan. */
export function planMaxMean(loop: RolloutLoop, killed: string): number {
  const state = loop.emulator.state();
  const servers = Object.keys(state.servers)
    .filter((a) => state.servers[a]!.running)
    .map((address) => ({ address, weight: 1, health: address === killed ? ('down' as const) : ('up' as const), transport: loop.emulator.transportAddressOf(address) }));
  const apps = Object.entries(state.bindings).map(([name, server]) => ({ id: loop.emulator.appIdOf(name)!, name, server }));
  return steeringDecision({ servers, silentSince: new Map([[killed, 0]]), apps, gate: { allowed: true }, confirmMs: 0, now: 0, attempted: new Set(), busy: new Set() }).plan.maxMean!;
}

