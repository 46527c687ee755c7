// Each app's server list as a per-application channel (a config centre) publishes it: the
// assignment API's answer for the app, shaped for the oldest version among its live workers (an
// ordered list serves them all: a 5.1+ worker shuffles it anyway).
import { compareVersions } from '../domain/cohort.ts';
import type { Assignments } from '../dataplane/assignment.ts';
import type { ShapedFor } from './shape.ts';

export interface AppTarget {
  app: string;
  /** the oldest client version among the app's live workers, null when none reported one */
  version: string | null;
  servers: readonly string[];
  /** the rollout whose cohort (or control group) holds the app, as for a worker of no particular address */
  rollout: { id: string; inCohort: boolean } | null;
  shapedFor: ShapedFor;
}

/**
 * A config centre holds one value per application, so a rollout is followed per app: cohorts keyed
 * by app (the default) come through whole; a cohort keyed by worker address, or a selector on
 * tags or addresses, cannot be told apart inside one app's value, and the app gets what a worker
 * of no particular address, tag or zone would get.
 */
const NO_PARTICULAR_WORKER = '0.0.0.0:0';

export async function appTargets(
  apps: readonly { app: string; versions: readonly (string | null)[] }[],
  assignments: Pick<Assignments, 'assign'>,
): Promise<AppTarget[]> {
  const out: AppTarget[] = [];
  for (const { app, versions } of apps) {
    const known = versions.filter((v): v is string => Boolean(v)).sort(compareVersions);
    const version = known[0] ?? null;
    const got = await assignments.assign({ app, worker: NO_PARTICULAR_WORKER, ...(version ? { version } : {}) });
    if (!got || got.answer.body.servers.length === 0) continue; // nothing known yet: publish nothing rather than an empty list
    const b = got.answer.body;
    out.push({ app, version, servers: b.servers, rollout: b.rollout ? { id: b.rollout.id, inCohort: b.rollout.inCohort } : null, shapedFor: b.delivery.shapedFor });
  }
  return out;
}

/** The apps a store knows, with their live workers' versions (the roster and the app list). */
export function appsWithVersions(appNames: readonly (string | null)[], roster: readonly { appName: string | null; version: string | null }[]): { app: string; versions: (string | null)[] }[] {
  const versions = new Map<string, (string | null)[]>();
  for (const name of appNames) if (name) versions.set(name, []);
  for (const w of roster) if (w.appName) (versions.get(w.appName) ?? versions.set(w.appName, []).get(w.appName)!).push(w.version);
  return [...versions.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([app, v]) => ({ app, versions: v }));
}
