// What /server/hello?debug=true says, turned into an ingest server snapshot. Pure.
import type { IngestBatch } from '../domain/ingest-batch.ts';
import type { Hello, WorkerInfo } from './client.ts';

type ServerSnapshot = NonNullable<IngestBatch['servers']>[number];
type SnapshotWorker = NonNullable<NonNullable<ServerSnapshot['apps']>[number]['workers']>[number];

const clean = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;

const HOST_PORT = /^[A-Za-z0-9._-]+:\d{1,5}$/;

function worker(w: WorkerInfo): SnapshotWorker | null {
  if (!HOST_PORT.test(w.address)) return null;
  const m = w.systemMetrics;
  const inRange01 = (v: number | null | undefined) => (v === null || v === undefined || v < 0 || v > 1 ? undefined : v);
  const nonNeg = (v: number | null | undefined) => (v === null || v === undefined || v < 0 ? undefined : v);
  return clean({
    address: w.address,
    lastActiveTime: Math.max(0, Math.trunc(w.lastActiveTime)),
    protocol: w.protocol === 'AKKA' || w.protocol === 'HTTP' ? w.protocol : undefined,
    tag: w.tag ?? undefined,
    client: w.client ?? undefined,
    overloading: w.overloading ?? undefined,
    lightTaskTrackerNum: nonNeg(w.lightTaskTrackerNum),
    heavyTaskTrackerNum: nonNeg(w.heavyTaskTrackerNum),
    systemMetrics: m
      ? clean({
          cpuProcessors: m.cpuProcessors === null || m.cpuProcessors === undefined ? undefined : Math.max(0, Math.trunc(m.cpuProcessors)),
          cpuLoad: m.cpuLoad ?? undefined,
          jvmUsedMemory: nonNeg(m.jvmUsedMemory),
          jvmMaxMemory: nonNeg(m.jvmMaxMemory),
          jvmMemoryUsage: inRange01(m.jvmMemoryUsage),
          diskUsed: nonNeg(m.diskUsed),
          diskTotal: nonNeg(m.diskTotal),
          diskUsage: inRange01(m.diskUsage),
          score: m.score === null || m.score === undefined ? undefined : Math.trunc(m.score),
        })
      : undefined,
  }) as SnapshotWorker;
}

export function helloToSnapshot(
  address: string,
  hello: Hello,
  observedAt: number,
  names: ReadonlyMap<number, string>,
  running: ReadonlyMap<number, number>,
): ServerSnapshot {
  const clusters = hello.appId2ClusterInfo ?? {};
  const appIds = new Set<number>(hello.appIds ?? []);
  for (const key of Object.keys(clusters)) if (/^\d+$/.test(key)) appIds.add(Number(key));
  const transport = hello.defaultAddress?.address ?? undefined;
  return clean({
    address,
    observedAt,
    status: 'up' as const,
    serverId: hello.serverInfo?.id ?? undefined,
    version: hello.serverInfo?.version ?? undefined,
    transportAddress: transport && HOST_PORT.test(transport) ? transport : undefined,
    apps: [...appIds].sort((a, b) => a - b).map((appId) =>
      clean({
        appId,
        appName: names.get(appId),
        runningInstances: running.get(appId),
        workers: Object.values(clusters[String(appId)]?.allWorkers ?? {})
          .map(worker)
          .filter((w): w is SnapshotWorker => w !== null),
      }),
    ),
  });
}

/** Apps that two or more live servers claim in one round: a split brain (PowerJob #616, #102). */
export function splitClaims(snapshots: readonly ServerSnapshot[], now: number, workerTimeoutMs = 60_000): Map<number, string[]> {
  const claims = new Map<number, string[]>();
  for (const s of snapshots) {
    if (s.status !== 'up') continue;
    for (const app of s.apps ?? []) {
      const live = (app.workers ?? []).some((w) => now - Number(w.lastActiveTime) < workerTimeoutMs);
      if (!live) continue;
      claims.set(app.appId, [...(claims.get(app.appId) ?? []), s.address]);
    }
  }
  return new Map([...claims].filter(([, servers]) => servers.length > 1));
}
