// Request and response schemas of the operator API and the data plane: the routes validate with
// them, and scripts/openapi.ts generates docs/openapi.json from them.
import { z } from 'zod';
import { hostPort } from '../domain/ingest-batch.ts';

export const sourceBody = z.object({ address: hostPort.describe('a PowerJob server web address, host:port') }).strict();

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  store: z.enum(['pglite', 'postgres']),
  uptimeS: z.number().int(),
  startedAt: z.iso.datetime(),
});

export const sourceStatusSchema = z.object({
  address: z.string(),
  origin: z.enum(['env', 'console', 'demo']).describe('env: from FULCRUM_POWERJOB_SERVERS (read-only here); console: added in the console; demo: a server of the emulated demo cluster'),
  state: z.enum(['ok', 'failing', 'pending']),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int(),
  nextAttemptAt: z.iso.datetime().nullable(),
  appsHeld: z.number().int(),
  workers: z.number().int(),
  loggedIn: z.boolean(),
});

export const sourcesResponse = z.object({ sources: z.array(sourceStatusSchema) });

export const ingestResultSchema = z.object({
  batchId: z.string(),
  accepted: z.object({ servers: z.number().int(), heartbeats: z.number().int() }),
});
