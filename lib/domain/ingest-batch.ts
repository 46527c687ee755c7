// The ingest batch: the one format in which statistics enter Fulcrum (agents, collectors, tests).
// Field names follow PowerJob's own classes (WorkerHeartbeat, SystemMetrics, WorkerInfo) so an agent
// can forward what a worker or a server already has; see shared/domain/powerjob.md §3.
import { z } from 'zod';

/** `host:port`, as in PowerJob's `server-address` list (no scheme, no path). */
const PORT = '(?:6553[0-5]|655[0-2]\\d|65[0-4]\\d{2}|6[0-4]\\d{3}|[1-5]\\d{4}|[1-9]\\d{0,3})';
export const hostPort = z
  .string()
  .regex(new RegExp(`^(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]):${PORT}$`), 'expected host:port with a port of 1-65535');

/** Epoch milliseconds (PowerJob's `heartbeatTime`) or an ISO-8601 date-time with offset. */
export const instant = z.union([
  z.number().int().min(0).max(8.64e15),
  z.iso.datetime({ offset: true }),
]);

export const systemMetricsSchema = z
  .object({
    cpuProcessors: z.number().int().min(0).optional(),
    cpuLoad: z.number().optional().describe('OS load average (not a percentage); negative when unavailable'),
    jvmUsedMemory: z.number().min(0).optional().describe('GB'),
    jvmMaxMemory: z.number().min(0).optional().describe('GB'),
    jvmMemoryUsage: z.number().min(0).max(1).optional(),
    diskUsed: z.number().min(0).optional().describe('GB'),
    diskTotal: z.number().min(0).optional().describe('GB'),
    diskUsage: z.number().min(0).max(1).optional(),
    score: z.number().int().optional().describe('(jvmMax - jvmUsed) * 2 + (cpuProcessors - cpuLoad), as the worker computes it'),
  })
  .strict();

const appId = z.number().int().min(0).max(2 ** 53 - 1);
// no store column can hold a NUL: such a batch is refused (400), not retried forever after a store error (503)
const shortText = (max: number) => z.string().max(max).refine((v) => !v.includes('\0'), 'must not contain a NUL character');

/** One worker heartbeat, as `WorkerHeartbeat` carries it. */
export const heartbeatSchema = z
  .object({
    workerAddress: hostPort.describe('the worker, ip:port'),
    appId,
    appName: shortText(255).min(1),
    serverAddress: hostPort.describe('the server the heartbeat went to: its web address (host:7700) or its transport address (ip:10010)'),
    heartbeatTime: instant,
    version: shortText(64).optional(),
    protocol: z.enum(['AKKA', 'HTTP']).optional(),
    tag: shortText(255).optional(),
    client: shortText(64).optional(),
    isOverload: z.boolean().optional(),
    lightTaskTrackerNum: z.number().int().min(0).optional(),
    heavyTaskTrackerNum: z.number().int().min(0).optional(),
    systemMetrics: systemMetricsSchema.optional(),
  })
  .strict();

/** A worker as a server's `/server/hello?debug=true` lists it (`WorkerInfo`). */
export const snapshotWorkerSchema = z
  .object({
    address: hostPort,
    lastActiveTime: instant,
    protocol: z.enum(['AKKA', 'HTTP']).optional(),
    tag: shortText(255).optional(),
    client: shortText(64).optional(),
    version: shortText(64).optional(),
    overloading: z.boolean().optional(),
    lightTaskTrackerNum: z.number().int().min(0).optional(),
    heavyTaskTrackerNum: z.number().int().min(0).optional(),
    systemMetrics: systemMetricsSchema.optional(),
  })
  .strict();

export const snapshotAppSchema = z
  .object({
    appId,
    appName: shortText(255).min(1).optional(),
    runningInstances: z.number().int().min(0).optional(),
    workers: z.array(snapshotWorkerSchema).max(100_000).optional(),
  })
  .strict();

/** What one server said about itself at one moment (or that it could not be reached). */
export const serverSnapshotSchema = z
  .object({
    address: hostPort.describe('the server web address, host:7700'),
    observedAt: instant,
    status: z.enum(['up', 'down']),
    reason: shortText(500).optional().describe('why the server is down or the data is doubtful'),
    serverId: z.number().int().min(0).optional(),
    version: shortText(64).optional(),
    transportAddress: hostPort.optional().describe('the address workers are told to use (ip:10010 for HTTP, ip:10086 for AKKA)'),
    apps: z.array(snapshotAppSchema).max(100_000).optional().describe('the apps this server holds, with their workers; omitted when the server was not reachable'),
  })
  .strict();

export const ingestBatchSchema = z
  .object({
    batchId: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
      .describe('unique per batch: sending the same batch again stores nothing twice'),
    source: shortText(128).optional().describe('who sent it: an agent or collector name'),
    sentAt: instant.optional(),
    servers: z.array(serverSnapshotSchema).max(10_000).optional(),
    heartbeats: z.array(heartbeatSchema).max(200_000).optional(),
  })
  .strict()
  .refine((b) => (b.servers?.length ?? 0) + (b.heartbeats?.length ?? 0) > 0, {
    message: 'a batch carries at least one server snapshot or heartbeat',
    path: [],
  });

export type IngestBatch = z.infer<typeof ingestBatchSchema>;
export type Heartbeat = z.infer<typeof heartbeatSchema>;
export type ServerSnapshot = z.infer<typeof serverSnapshotSchema>;
export type SystemMetrics = z.infer<typeof systemMetricsSchema>;

export interface FieldError {
  path: string;
  message: string;
}

/** zod issues as `{path, message}` with dotted paths (`heartbeats.3.appId`); the batch root is `(root)`. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}

export function toEpochMs(value: number | string): number {
  return typeof value === 'number' ? value : Date.parse(value);
}
