// The operator API's rollout operations: create, list, detail (members, moves, events, samples) and
// the actions, each a load → advance() → compare-and-set save. Route handlers only parse and call.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { overlapping } from '../domain/cohort.ts';
import { advance, allowedActions, holdsWorkers, newRollout, ROLLOUT_ACTIONS, ROLLOUT_STATES, rolloutSpec, timedPauseEndsAt, type RolloutAction, type RolloutEvent } from '../domain/rollout.ts';
import { bucketOf } from '../domain/cohort.ts';
import { cohortApps } from '../domain/rollout-plan.ts';
import { ROLLOUT_ID, rolloutIdOf } from '../domain/rollout-id.ts';
import { PLAN_MEASURES } from '../domain/app-load.ts';
import { loadPlanCluster } from '../jobs/rollout-controller.ts';
import { assumedPercentage, followRateReport, followTimings } from '../jobs/follow-rate.ts';
import { followRateSchema, textCode, textParams, type FollowRate } from './schemas.ts';
import type { Runtime } from '../runtime.ts';
import type { StoredRollout } from '../store/index.ts';
import { ProblemError, type FieldError } from '../domain/problem.ts';

/** A new rollout: its spec, and the id the creation form proposed (the one its preview bucketed cohorts by). */
export const rolloutBody = rolloutSpec.extend({
  id: z.string().regex(ROLLOUT_ID).optional().describe('the id to create the rollout with, `ro-` and ten hex digits (the creation form makes one so that its preview has the cohorts the rollout will have); without one the server makes one; 409 when it is taken'),
});

export const rolloutActionBody = z
  .object({
    /** promote-full: the operator confirmed skipping every remaining step */
    confirm: z.boolean().optional(),
    /** pause/abort: why (goes into the events and the audit log) */
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();


function summary(r: StoredRollout) {
  return {
    id: r.id,
    name: r.name,
    state: r.state,
    step: r.step,
    percent: r.percent,
    steps: r.spec.steps,
    candidate: r.spec.candidate,
    baseline: r.spec.baseline ?? null,
    key: r.spec.key,
    measure: r.spec.measure,
    reason: r.reason,
    reasonCode: r.reasonText?.code ?? null,
    reasonParams: r.reasonText?.params ?? null,
    pauseEndsAt: timedPauseEndsAt(r)?.toISOString() ?? null,
    allowedActions: allowedActions(r),
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The spec's contact points that do not exist, as field errors (`notify.contactPoints.<i>`). */
export async function notifyErrors(runtime: Runtime, body: z.infer<typeof rolloutSpec>): Promise<FieldError[]> {
  const ids = body.notify?.contactPoints ?? [];
  if (!ids.length) return [];
  const known = new Set((await runtime.store.listContactPoints()).map((cp) => cp.id));
  return ids.flatMap((id, i) => (known.has(id) ? [] : [{ path: `notify.contactPoints.${i}`, message: `no contact point ${id}`, code: 'custom', key: 'noContactPoint' }]));
}

export async function createRollout(runtime: Runtime, body: z.infer<typeof rolloutBody>, actor: string) {
  const { id: proposed, ...spec } = body;
  const id = proposed ?? rolloutIdOf(randomBytes(5));
  if (proposed && (await runtime.store.getRollout(proposed))) throw new ProblemError(409, `rollout ${proposed} exists already`);
  const stored = await runtime.store.createRollout(newRollout(id, spec), actor, runtime.now());
  return summary(stored);
}

export async function listRollouts(runtime: Runtime) {
  const rows = await runtime.store.listRollouts();
  return { rollouts: rows.map(summary) };
}

/** The workers known now, as the overlap check sees them. */
async function knownWorkers(runtime: Runtime) {
  const workers = await runtime.store.workerRoster(runtime.now(), { all: true });
  return workers.map((w) => ({ app: w.appName ?? `app#${w.appId}`, address: w.address, tag: w.tag, version: w.version }));
}

/** "rollout "x" (ro-…) on 3 workers: a/10.0.0.1:27777, …" for each running, paused or balancing rollout that covers a worker this one would. */
async function overlapsOf(runtime: Runtime, r: StoredRollout): Promise<string[]> {
  const others = (await runtime.store.listRollouts({ states: ['running', 'paused', 'balancing'] })).filter((o) => o.id !== r.id && holdsWorkers(o));
  if (others.length === 0) return [];
  const workers = await knownWorkers(runtime);
  const out: string[] = [];
  for (const o of others) {
    const both = overlapping(r.spec.selector, o.spec.selector, workers);
    if (both.workers.length > 0) out.push(`rollout "${o.name}" (${o.id}) on ${both.workers.length} worker(s): ${both.workers.slice(0, 3).join(', ')}${both.workers.length > 3 ? ', …' : ''}`);
    else if (both.everything) out.push(`rollout "${o.name}" (${o.id}) on every worker (neither selector narrows the selection)`);
  }
  return out;
}

export async function actOn(runtime: Runtime, id: string, action: RolloutAction, body: z.infer<typeof rolloutActionBody>, actor: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await runtime.store.getRollout(id);
    if (!r) throw new ProblemError(404, `no rollout ${id}`, { code: 'rollout-not-found', params: { id } });
    let event: RolloutEvent;
    switch (action) {
      case 'start':
      case 'retry':
        event = { type: action, overlaps: r.state === (action === 'start' ? 'draft' : 'aborted') ? await overlapsOf(runtime, r) : [] };
        break;
      case 'pause':
      case 'abort':
        event = { type: action, ...(body.reason ? { reason: `${body.reason} (${actor})` } : {}) };
        break;
      case 'promote-full':
        event = { type: 'promote-full', confirm: body.confirm };
        break;
      default:
        event = { type: action };
    }
    const now = runtime.now();
    const out = advance(r, event, now);
    if (!out.ok) throw new ProblemError(out.status, out.reason, out.refusal);
    if (!out.transition) return summary(r);
    if (await runtime.store.saveRolloutTransition(out.rollout, r.revision, out.transition, actor, now)) {
      runtime.rolloutsChanged?.();
      return summary((await runtime.store.getRollout(id))!);
    }
    // the controller (or another operator) changed it meanwhile: judge the action again on the new state
  }
  throw new ProblemError(409, `rollout ${id} kept changing while this ${action} was applied; try again`, { code: 'rollout-kept-changing', params: { id, action } });
}

export async function rolloutDetail(runtime: Runtime, id: string) {
  const r = await runtime.store.getRollout(id);
  if (!r) throw new ProblemError(404, `no rollout ${id}`, { code: 'rollout-not-found', params: { id } });
  const now = runtime.now();
  const [{ cluster }, moves, events, samples] = await Promise.all([
    loadPlanCluster(runtime.store, now),
    runtime.store.listMoves({ rolloutId: id, limit: 500 }),
    runtime.store.listRolloutEvents(id, 300),
    runtime.store.rolloutSampleSeries(id, 720),
  ]);
  const members = cohortApps(r, cluster.apps);
  return {
    ...summary(r),
    spec: r.spec,
    members: {
      apps: members.length,
      workers: members.reduce((a, m) => a + m.workers.length, 0),
      list: members.map((m) => ({ appId: m.id, app: m.name, server: m.server, workers: m.workers.length, bucket: bucketOf(r.id, m.name) })),
    },
    moves: moves.map((m) => ({
      ...m,
      // an open move is converging once the new owner holds a heartbeat of one of its workers
      phase: m.status === 'moved' ? (m.workersSeen ? 'converging' : 'waiting') : m.status,
      requestedAt: m.requestedAt.toISOString(),
      verifiedAt: m.verifiedAt?.toISOString() ?? null,
      progressAt: m.progressAt?.toISOString() ?? null,
    })),
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    samples: samples.map((s) => ({ ...s, at: s.at.toISOString() })),
  };
}

/** Rollout state changes in a range: markers for the Overview chart. */
export async function rolloutMarkers(runtime: Runtime, from: Date, to: Date) {
  const rows = await runtime.store.rolloutMarkers(from, to);
  return rows.map((e) => ({ t: e.at.getTime(), rolloutId: e.rolloutId, name: e.name, action: e.action, percent: e.percent, state: e.toState }));
}

// The answers' shapes, for the OpenAPI description (the request bodies are rolloutSpec and rolloutActionBody).
const iso = z.string().describe('ISO 8601 time');
/** the controller's texts as codes (lib/domain/rollout-texts.ts, messages `rolloutTexts.<code>`) */
export const rolloutSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(ROLLOUT_STATES).describe('balancing: completed, and still moving apps to keep the cluster balanced (moves.keepBalanced) until stopped'),
  step: z.number().int().describe('index of the current step in steps'),
  percent: z.number().int().describe('the cohort percent now (0 while draft and after an abort)'),
  steps: z.array(z.object({ percent: z.number(), pause: z.union([z.object({ manual: z.literal(true) }), z.object({ seconds: z.number() })]) })),
  candidate: z.object({ kind: z.string(), params: z.record(z.string(), z.unknown()).optional() }),
  baseline: z.object({ kind: z.string(), params: z.record(z.string(), z.unknown()).optional() }).nullable(),
  key: z.enum(['app', 'worker']),
  measure: z.enum(PLAN_MEASURES).describe('what its moves balance (apps when the spec names none)'),
  reason: z.string().nullable().describe('why it is paused or aborted, in English'),
  reasonCode: textCode.describe('the reason as a stable code (see rolloutTexts in the messages files); null for an operator\'s own words and on rollouts paused before migration 0021'),
  reasonParams: textParams,
  pauseEndsAt: iso.nullable().describe('when the current timed pause ends'),
  allowedActions: z.array(z.enum(ROLLOUT_ACTIONS)),
  createdAt: iso,
  startedAt: iso.nullable(),
  updatedAt: iso,
});
export const rolloutDetailSchema = rolloutSummarySchema.extend({
  spec: z.record(z.string(), z.unknown()).describe('the rollout as created, defaults filled in'),
  members: z.object({
    apps: z.number().int(),
    workers: z.number().int(),
    list: z.array(z.object({ appId: z.number(), app: z.string(), server: z.string().nullable(), workers: z.number(), bucket: z.number().int().min(1).max(100) })),
  }),
  moves: z.array(
    z.object({
      id: z.number(),
      appId: z.number(),
      appName: z.string().nullable(),
      fromServer: z.string().nullable(),
      toServer: z.string(),
      purpose: z.enum(['forward', 'revert']),
      status: z.enum(['moved', 'verified', 'conflict', 'missing', 'failed', 'reverted']),
      phase: z.enum(['waiting', 'converging', 'verified', 'conflict', 'missing', 'failed', 'reverted']).describe('an open move (status moved) is waiting until one of its workers reports to the new owner, then converging'),
      requestedAt: iso,
      verifiedAt: iso.nullable(),
      detail: z.string().nullable().describe('in English'),
      code: textCode,
      params: textParams,
      workersSeen: z.number().int().nullable().describe('how many of its live workers reported to toServer when it last progressed'),
      workersTotal: z.number().int().nullable(),
      progressAt: iso.nullable().describe('when workersSeen last grew; an open move fails only after its window passes with no progress'),
    }),
  ),
  events: z.array(
    z.object({ id: z.number(), at: iso, actor: z.string(), action: z.string(), fromState: z.string(), toState: z.string(), step: z.number(), percent: z.number(), detail: z.string().describe('in English'), code: textCode, params: textParams }),
  ),
  samples: z.array(
    z.object({ at: iso, step: z.number(), percent: z.number(), cohortApps: z.number(), cohortMaxMean: z.number().nullable(), controlMaxMean: z.number().nullable(), clusterMaxMean: z.number().nullable(), clusterJain: z.number().nullable() }),
  ),
});
export const assignmentResponseSchema = z.object({
  app: z.string(),
  worker: z.string(),
  servers: z.array(z.string()).describe('web addresses host:7700, in the order the worker should try them'),
  strategy: z.object({ id: z.string(), kind: z.string(), params: z.record(z.string(), z.unknown()) }),
  rollout: z.object({ id: z.string(), step: z.number().int(), percent: z.number().int(), inCohort: z.boolean() }).nullable(),
  delivery: z
    .object({
      shapedFor: z.enum(['ordered', 'shuffled', 'unknown']).describe('ordered: for a worker below 5.1.0, which keeps the order; shuffled: for 5.1.0 and later, which shuffles the list once at start (only its membership reaches the worker); unknown: no version given, shaped as ordered'),
      forVersions: z.string().describe('the same, in words'),
      takesEffect: z.literal('next-start').describe("at the worker's next start: a PowerJob worker reads server-address once, when its process starts, and the list decides only where an app lands when it has no live owner"),
      orderKept: z.boolean(),
      repeats: z.number().int().describe('how many times the intended server is listed: above 1 only for 5.1+ workers with FULCRUM_ASSIGNMENT_REPEAT_SHARE (a real 5.1.2 worker keeps repeated entries, and its shuffle weights them)'),
      intended: z.string().nullable().describe("the strategy's first live choice"),
      firstClaim: z.record(z.string(), z.number()).nullable().describe('share of the first claims (an app with no live owner) each live listed server gets from workers holding this list; null for an unknown version'),
    })
    .describe('how the list was shaped for the worker version, and when it takes effect'),
  revision: z.string().describe('also the ETag'),
});
export const rolloutMarkersQuery = z.object({ from: z.coerce.number().int().describe('epoch ms'), to: z.coerce.number().int().describe('epoch ms') }).strict();

/** How fast moved apps' workers followed, and what that advises (lib/jobs/follow-rate.ts). */
export async function followRate(runtime: Runtime): Promise<FollowRate> {
  const assumed = runtime.accuratePercentage ?? assumedPercentage(runtime.config.FULCRUM_POWERJOB_ACCURATE_PERCENTAGE, undefined);
  return followRateSchema.parse(await followRateReport(runtime.store, runtime.now(), assumed, followTimings(runtime.config.FULCRUM_COLLECT_INTERVAL)));
}
