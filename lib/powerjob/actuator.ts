// The actuator: moves an app to another PowerJob server by compare-and-set of
// app_info.current_server (powerjob.md §2 and §4 "Levers for rebalancing"). PowerJob itself never
// moves a bound app; its workers follow a move within a few 10 s discovery cycles. The CAS means
// an election PowerJob made meanwhile (a failover) is never overwritten.
import type { EmulatedCluster } from '../emulator/cluster.ts';
import { openPowerJobDb } from './powerjob-db.ts';
import { redactUrl } from '../domain/redact.ts';
import type { JobSchedule } from '../domain/quiet-window.ts';
import type { InstanceRow } from '../domain/instance-report.ts';

export interface Actuator {
  /** Compare-and-set of app_info.current_server (a server's main-protocol address, see powerjob.md). */
  moveApp(appId: number, expected: string | null, target: string): Promise<{ outcome: 'moved' | 'conflict' | 'missing'; current: string | null }>;
  currentServer(appId: number): Promise<string | null>;
  /** The apps' enabled jobs and their schedules (job_info), when the actuator can read them: when an app may move without costing a run. */
  jobSchedules?(appIds: readonly number[]): Promise<Map<number, JobSchedule[]>>;
  /** The apps' instances (instance_info) expected in (fromMs, toMs], when the actuator can read them: the job-failure guardrail. */
  instances?(appIds: readonly number[], fromMs: number, toMs: number): Promise<InstanceRow[]>;
  close(): Promise<void>;
}

/** A main-protocol address as app_info.current_server holds it: host:port, never a web address with a scheme. */
const ADDRESS = /^[^\s:/,]+:\d{1,5}$/;

function checkTarget(target: string): void {
  if (!ADDRESS.test(target)) throw new Error(`moveApp: target "${target}" is not a host:port main-protocol address`);
}

/** PowerJob's own database: FULCRUM_POWERJOB_DB_URL (mysql://, mariadb:// or postgres://). */
export async function openActuator(url: string, options: { tablePrefix?: string } = {}): Promise<Actuator> {
  const db = await openPowerJobDb(url, options);
  const where = redactUrl(url);
  return {
    async moveApp(appId, expected, target) {
      checkTarget(target);
      try {
        return await db.compareAndSetCurrentServer(appId, expected, target);
      } catch (error) {
        throw new Error(`moving app ${appId} in ${where} failed: ${(error as Error).message}`);
      }
    },
    async currentServer(appId) {
      return (await db.readApp(appId))?.currentServer ?? null;
    },
    async jobSchedules(appIds) {
      try {
        return await db.jobSchedules(appIds);
      } catch (error) {
        throw new Error(`reading job_info in ${where} failed: ${(error as Error).message}`);
      }
    },
    async instances(appIds, fromMs, toMs) {
      try {
        return await db.instances(appIds, fromMs, toMs);
      } catch (error) {
        throw new Error(`reading instance_info in ${where} failed: ${(error as Error).message}`);
      }
    },
    close: () => db.close(),
  };
}

/** The demo's emulated cluster, in process: the same compare-and-set on its app_info (in memory, or its `--powerjob-db`). */
export function emulatorActuator(cluster: EmulatedCluster): Actuator {
  return {
    async moveApp(appId, expected, target) {
      checkTarget(target);
      return cluster.appInfo.compareAndSet(appId, expected, target, cluster.clock.now());
    },
    async currentServer(appId) {
      return (await cluster.appInfo.read(appId))?.currentServer ?? null;
    },
    // the emulated job_info and instance_info, when the scenario schedules jobs
    ...(cluster.scheduler
      ? {
          jobSchedules: async (appIds: readonly number[]) => cluster.scheduler!.jobSchedules(appIds),
          instances: async (appIds: readonly number[], fromMs: number, toMs: number) => cluster.scheduler!.instanceRows(appIds, fromMs, toMs),
        }
      : {}),
    // the cluster belongs to whoever started it
    close: async () => undefined,
  };
}
