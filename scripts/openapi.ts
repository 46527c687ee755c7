// The OpenAPI description of the operator API and the data plane, generated from the zod schemas
// the routes validate with. `npm run openapi` writes docs/openapi.json; a test keeps it current.
import { z } from 'zod';
import { ingestBatchSchema } from '../lib/domain/ingest-batch.ts';
import {
  appsQuery,
  auditQuery,
  auditResponse,
  fairnessSeriesQuery,
  fairnessSeriesResponse,
  followRateSchema,
  healthSchema,
  mixWeightsBody,
  previewBody,
  ingestResultSchema,
  overviewQuery,
  overviewResponse,
  problemSchema,
  sourceBody,
  sourcesResponse,
  workersQuery,
  alertHistoryQuery,
  alertInstanceSchema,
  alertsQuery,
  alertTransitionSchema,
  contactPointBody,
  contactPointSchema,
  silencePreviewBody,
  silencesQuery,
  alertHistoryResponse,
  alertInstancesResponse,
  alertRuleSchema,
  alertRulesResponse,
  backtestResponse,
  contactPointsResponse,
  contactPointTestResponse,
  demoServersResponse,
  silencePreviewResponse,
  silenceSchema,
  silencesResponse,
} from '../lib/api/schemas.ts';
import { backtestQuery } from '../lib/api/alerts.ts';
import { ruleBody, ruleUpdateBody } from '../lib/domain/alert-rules.ts';
import { silenceBody } from '../lib/domain/silences.ts';
import { VERSION } from '../lib/version.ts';
import { cordonBody, freezeBody, freezeState, moveWindowsBody } from '../lib/api/maintenance.ts';
import { steeringBody, steeringState } from '../lib/api/steering.ts';
import { drainBody } from '../lib/api/drains.ts';
import { ROLLING_RESTART_ACTIONS, rollingRestartBody, rollingRestartSchema, rollingRestartsSchema } from '../lib/api/rolling-restarts.ts';
import { changePasswordBody, preferencesBody, preferencesSchema, createTokenBody, createUserBody, createdTokenResponse, principalSchema, signInBody, tokenSchema, tokensResponse, updateUserBody, userSchema, usersResponse } from '../lib/api/schemas.ts';
import { deliveryResponseSchema } from '../lib/api/delivery.ts';
import { assignmentResponseSchema, rolloutActionBody, rolloutBody, rolloutDetailSchema, rolloutMarkersQuery, rolloutSummarySchema } from '../lib/api/rollouts.ts';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
/** Query parameters from a zod object schema. */
const queryParams = (s: z.ZodObject) => {
  const js = z.toJSONSchema(s, { io: 'input' }) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties).map(([name, schema]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, schema }));
};
const json = (ref: string, description = 'OK') => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });

function baseDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fulcrum',
      version: VERSION,
      description:
        'The console\'s operator API (port PORT, default 3000, paths under /api) and the data plane (port FULCRUM_DATAPLANE_PORT, default 3001). Generated from the zod schemas by `npm run openapi`; do not edit by hand. Every /api path needs a signed-in user (session cookie from /api/auth/sign-in), an API token (Authorization: Bearer) or HTTP Basic with a user\'s name and password, except the ones whose security is empty; reads need the viewer role, changes operator, users/tokens/sources/settings admin (docs/security.md). A cross-site change is refused with 403. A request body over 16 KiB on /api/auth/… or over 1 MiB elsewhere is refused with 413 before it is read.',
    },
    servers: [
      { url: 'http://localhost:3000', description: 'console (operator API)' },
      { url: 'http://localhost:3001', description: 'data plane' },
    ],
    paths: {
      '/api/health': {
        get: {
          summary: 'Console health',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: json('Health'), 503: { description: 'starting' } },
        },
      },
      '/api/sources': {
        get: {
          summary: 'The PowerJob servers the collector polls, with their collection status',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: json('Sources') },
        },
        post: {
          summary: 'Add a source (applies at the next collection round)',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SourceBody' } } } },
          responses: { 201: json('Sources', 'added'), 400: problem('invalid body, naming each bad field'), 409: problem('already a source'), 415: problem('not application/json') },
        },
      },
      '/api/sources/{address}': {
        parameters: [{ name: 'address', in: 'path', required: true, schema: { type: 'string' }, description: 'host:port, URL-encoded' }],
        put: {
          summary: 'Change a source added in the console',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SourceBody' } } } },
          responses: { 200: json('Sources'), 400: problem('invalid body'), 404: problem('no such source'), 409: problem('set by FULCRUM_POWERJOB_SERVERS, or the new address is already a source') },
        },
        delete: {
          summary: 'Remove a source added in the console',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: json('Sources'), 404: problem('no such source'), 409: problem('set by FULCRUM_POWERJOB_SERVERS') },
        },
      },
      '/api/overview': {
        get: {
          summary: 'Servers with their load and share under a measure, the fairness figures, and the app -> server binding view',
          servers: [{ url: 'http://localhost:3000' }],
          parameters: queryParams(overviewQuery),
          responses: { 200: json('Overview'), 400: problem('bad query parameter') },
        },
      },
      '/api/series/fairness': {
        get: {
          summary: 'A fairness figure over time at the resolution that fits the range (raw for 15m/1h, 1 min for 6h/24h, 1 h for 7d); null values are gaps',
          servers: [{ url: 'http://localhost:3000' }],
          parameters: queryParams(fairnessSeriesQuery),
          responses: { 200: json('FairnessSeries'), 400: problem('bad query parameter') },
        },
      },
      '/api/apps': {
        get: {
          summary: 'Apps, paged, sorted and filtered; format=csv exports every matching row',
          servers: [{ url: 'http://localhost:3000' }],
          parameters: queryParams(appsQuery),
          responses: { 200: { description: '{total, page, pageSize, rows}, or text/csv' }, 400: problem('bad query parameter') },
        },
      },
      '/api/workers': {
        get: {
          summary: 'Workers, paged, sorted and filtered; format=csv exports every matching row',
          servers: [{ url: 'http://localhost:3000' }],
          parameters: queryParams(workersQuery),
          responses: { 200: { description: '{total, page, pageSize, rows}, or text/csv' }, 400: problem('bad query parameter') },
        },
      },
      '/api/servers/{address}': {
        parameters: [{ name: 'address', in: 'path', required: true, schema: { type: 'string' }, description: 'host:port, URL-encoded' }],
        get: {
          summary: 'One server: its state, owned apps, workers, last hour of samples and binding history',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: { description: '{server, apps, workers, series, history}' }, 404: problem('no such server') },
        },
        delete: {
          summary: 'Forget a server that left for good (down or stale); its samples, binding and alert history stay, apps PowerJob still binds to it show as unowned, and anything that reports it again brings it back',
          servers: [{ url: 'http://localhost:3000' }],
          responses: {
            200: { description: '{address, health, lastSeenAt, appsStillBound}' },
            404: problem('no such server'),
            409: problem('the server is up or not known yet, or it is a configured source'),
          },
        },
      },
      '/api/servers/{address}/confirm': {
        parameters: [{ name: 'address', in: 'path', required: true, schema: { type: 'string' }, description: 'host:port, URL-encoded' }],
        post: {
          summary: 'Confirm a server that only ingest batches named (confirmedBy null), so that /v1/assignment delivers it and rollouts may move apps to it; servers the collector polls are confirmed already. Audited (server.confirm)',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: { description: '{address, confirmedBy, changed}' }, 404: problem('no such server') },
        },
      },
      '/api/maintenance/freeze': {
        get: { summary: 'The freeze switch: whether every move is stopped, who set or cleared it, when and why (docs/maintenance.md)', servers: [{ url: 'http://localhost:3000' }], responses: { 200: json('FreezeState') } },
        put: {
          summary: 'Freeze every move at once, on every replica ({frozen: true, reason}, the reason required), or let them go on ({frozen: false}); operators. Audited (maintenance.freeze, maintenance.unfreeze)',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/FreezeRequest' } } } },
          responses: { 200: { description: 'the FreezeState after the change, with changed (false when it already was so)' }, 400: problem('no reason to freeze, or an unknown field'), 415: problem('not application/json') },
        },
      },
      '/api/maintenance': {
        get: { summary: 'What holds moves back now: the freeze switch, the move windows with their status, the cordoned servers, the drains not restored with their progress, the failover steering setting (docs/maintenance.md)', servers: [{ url: 'http://localhost:3000' }], responses: { 200: { description: '{freeze: FreezeState, moveWindows: MoveWindows with status, cordoned: [{address, by, at, reason}], drains: [Drain], steering: SteeringState}' } } },
      },
      '/api/maintenance/steering': {
        get: {
          summary: 'Failover steering: whether it is on, its confirmation, why its moves wait (freeze, steering windows), the servers that do not answer, and the steered apps newest first (docs/maintenance.md)',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: { description: 'SteeringState with waiting, waitingText ({code, params}), silent: [{address, health, lastSeenAt, appsOwned}], history: [{at, kind: steer|correction, appId, app, from, to, status, verifiedAt, detail, code, params}]' } },
        },
        put: {
          summary: 'Switch failover steering on or off for every replica ({enabled, confirmSeconds?, reason?}; off by default, confirmation 3 s); operators. Audited (maintenance.steering.enable, maintenance.steering.disable)',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SteeringRequest' } } } },
          responses: { 200: { description: 'the SteeringState after the change, with changed (false when it already was so)' }, 400: problem('enabled missing, confirmSeconds not a whole number from 0 to 60, or an unknown field; nothing changed'), 415: problem('not application/json') },
        },
      },
      '/api/maintenance/move-windows': {
        get: { summary: 'When each kind of move may happen (null: any time) in which IANA zone, with status.<kind>: {allowedNow, nextOpening, openUntil}', servers: [{ url: 'http://localhost:3000' }], responses: { 200: { description: 'MoveWindows with status' } } },
        put: {
          summary: 'Replace the move windows ("<days> HH:MM-HH:MM" read on the zone\'s wall clock); operators. Audited (maintenance.move-windows.update)',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/MoveWindows' } } } },
          responses: { 200: { description: 'MoveWindows with status, after the change' }, 400: problem('an unknown zone (timeZone) or a window that does not parse (rollout.<i>, drain.<i>, steering.<i>), each with its reason; nothing changed'), 415: problem('not application/json') },
        },
      },
      '/api/servers/{address}/cordon': {
        parameters: [{ name: 'address', in: 'path', required: true, schema: { type: 'string' }, description: 'host:port, URL-encoded' }],
        post: {
          summary: 'Cordon a server: no rollout or plan places apps on it, and the delivered server lists put it last; its apps stay. Audited (server.cordon)',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/CordonRequest' } } } },
          responses: { 200: { description: '{address, cordoned: true, by, at, reason, changed}' }, 404: problem('no such server; nothing changed'), 409: problem('the last live server that is not cordoned; nothing changed') },
        },
      },
      '/api/servers/{address}/uncordon': {
        parameters: [{ name: 'address', in: 'path', required: true, schema: { type: 'string' }, description: 'host:port, URL-encoded' }],
        post: {
          summary: 'Uncordon a server: rollouts and plans may place apps on it again. Audited (server.uncordon)',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: { description: '{address, cordoned: false, changed}' }, 404: problem('no such server') },
        },
      },
      '/api/servers/{address}/drain': {
        parameters: [{ name: 'address', in: 'path', required: true, schema: { type: 'string' }, description: 'host:port, URL-encoded' }],
        get: {
          summary: "The server's drain (null when never drained) with its progress, and what a drain started now would move where",
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: { description: '{address, drain: Drain | null, wouldMove: [{appId, app, from, to}]}; a Drain is {id, server, state (draining, drained, incomplete, restoring, restored), startedBy, reason, perMinute, allowBusy, startedAt, drainedAt, restoredBy, restoreStartedAt, restoredAt, plan, restorePlan, phase, progress: {total, left, converging, done, skipped: [{appId, app, reason}], eta, leftApps, held: [{appId, app, reason}] (apps left that wait for a quiet window of their jobs)}, waiting (why moves wait, English, or null), waitingText ({code, params} of the same, said in the console\'s language)}' }, 404: problem('no such server') },
        },
        post: {
          summary: 'Drain a server: cordon it, then move every app it owns to the plan\'s targets with the safe-move protocol (compare-and-set, verified until its workers follow, moved back on failure) at the given rate, shared with rollouts, obeying the freeze switch and the drain move windows; operators. Audited (server.drain, server.cordon, drain.move per app, server.drained)',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/DrainRequest' } } } },
          responses: { 200: { description: 'the Drain' }, 400: problem('an unknown field or a rate out of range'), 404: problem('no such server (code server-not-found); nothing changed'), 409: problem('drained or being drained already (drain-exists), or the last live server not cordoned (drain-last-server); nothing changed') },
        },
      },
      '/api/servers/{address}/restore': {
        parameters: [{ name: 'address', in: 'path', required: true, schema: { type: 'string' }, description: 'host:port, URL-encoded' }],
        post: {
          summary: 'Restore a drained server: uncordon it and bring back the fewest apps that balance it, with the same safe moves; operators. Audited (server.restore, server.uncordon, restore.move per app, server.restored)',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: { description: 'the Drain, restoring' }, 404: problem('no such server (server-not-found)'), 409: problem('not drained, or being restored already (restore-not-drained); nothing changed') },
        },
      },
      '/api/rolling-restarts': {
        get: { summary: 'The rolling restart that holds the cluster (running, paused or aborting; null when none) and the recent ones, with their progress (docs/maintenance.md)', servers: [{ url: 'http://localhost:3000' }], responses: { 200: json('RollingRestarts') } },
        post: {
          summary: 'Start a rolling restart: for each server in the order given, drain it, say it is safe to restart, wait until it has gone down and reports again (or an operator says it is back), restore it, then the next; advanced by the leader at each controller tick; operators. Audited (rolling-restart.start and each step)',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RollingRestartRequest' } } } },
          responses: {
            201: json('RollingRestart', 'the rolling restart, running'),
            400: problem('an empty list (servers), a server named twice (servers.<i>), an unknown field or a value out of range; nothing changed'),
            404: problem('a server the store does not know (server-not-found); nothing changed'),
            409: problem('another rolling restart holds the cluster (rolling-restart-exists), a server drained or being drained by another drain (drain-exists), or the last live server not cordoned (drain-last-server); nothing changed'),
          },
        },
      },
      '/api/rolling-restarts/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { summary: "A rolling restart: its servers' phases, why it waits, which server, servers done, the ETA, the current drain's progress", servers: [{ url: 'http://localhost:3000' }], responses: { 200: json('RollingRestart'), 404: problem('no such rolling restart (rolling-restart-not-found)') } },
      },
      '/api/rolling-restarts/{id}/{action}': {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'action', in: 'path', required: true, schema: { type: 'string', enum: [...ROLLING_RESTART_ACTIONS] } },
        ],
        post: {
          summary: 'Act on a rolling restart. pause: no next step starts (the current drain or restore goes on to its end); resume; abort: a drain or restore in flight makes no further move, and it ends once its open moves are verified; continue: the server is back (skip the wait), or restart a server whose drain skipped apps; operators. Audited',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: json('RollingRestart', 'the rolling restart after the action'), 404: problem('no such rolling restart or action'), 409: problem('the action does not fit its state (rolling-restart-action-not-allowed); nothing changed') },
        },
      },
      '/api/settings/mix-weights': {
        get: { summary: 'Weights of the weighted-mix load measure', servers: [{ url: 'http://localhost:3000' }], responses: { 200: json('MixWeights') } },
        put: {
          summary: 'Replace the weights of the weighted-mix load measure',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/MixWeights' } } } },
          responses: { 200: json('MixWeights'), 400: problem('invalid weights, naming each bad field'), 415: problem('not application/json') },
        },
      },
      '/api/strategies': {
        get: { summary: 'The strategy catalogue: kind, description and parameter schema of each', servers: [{ url: 'http://localhost:3000' }], responses: { 200: { description: '{strategies: [{kind, description, params}]}' } } },
      },
      '/api/strategies/preview': {
        post: {
          summary: 'What a strategy (and any to compare) would do to the live cluster or a synthetic scenario: predicted load per server, fairness, apps and workers that would move, both rebalanced and moving only what must',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PreviewRequest' } } } },
          responses: { 200: { description: '{source, measure, servers, apps, workers, admittedApps (the apps a selector admits; all without one), current, strategies: [{kind, params, rebalanced (with a selector: only admitted apps re-elected), onlyWhatMustMove, plan: the fewest moves toward the candidate\'s target as a rollout makes them {appsMoved, loadMoved, moves: [{app, appId, from, to, load}], minimumMoves, candidateMoves, method (target | budget), maxMean {before, target, after}, load {before, target, after}, steps (with steps: per step {percent, cohortApps, appsMoved, loadMoved, moves, minimumMoves, maxMean, load}) }}], ms}' }, 400: problem('invalid body or strategy parameters, with their paths'), 415: problem('not application/json') },
        },
      },
      '/api/audit': {
        get: {
          summary: 'The audit log: every change, who made it, before and after; newest first, filtered, paged by cursor',
          servers: [{ url: 'http://localhost:3000' }],
          parameters: queryParams(auditQuery),
          responses: { 200: json('Audit'), 400: problem('bad query parameter') },
        },
      },
      '/api/alert-rules': {
        get: { summary: 'Every alert rule with its state (the worst of its instances), value and last change', servers: [{ url: 'http://localhost:3000' }], responses: { 200: json('AlertRules', '{rules: [rule fields + id, version, createdAt, updatedAt, updatedBy, status: {state, value, instances, firing, lastChange}]}') } },
        post: {
          summary: 'Create an alert rule; it is evaluated every FULCRUM_ALERT_EVAL_INTERVAL on the stored series',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertRule' } } } },
          responses: { 201: json('AlertRuleAnswer', 'the rule with its id and version (1)'), 400: problem('invalid body, naming each bad field'), 415: problem('not application/json') },
        },
      },
      '/api/alert-rules/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        get: { summary: 'One alert rule with its state', servers: [{ url: 'http://localhost:3000' }], responses: { 200: json('AlertRuleAnswer', 'the rule'), 404: problem('no such rule') } },
        put: {
          summary: 'Replace a rule; `version` is the version the edit was based on',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertRuleUpdate' } } } },
          responses: {
            200: json('AlertRuleAnswer', 'the rule with its new version'),
            400: problem('invalid body'),
            404: problem('no such rule'),
            409: { description: 'stale version: nothing saved; problem+json with `current` (the rule now) and `changed` (fields that differ from the body sent)', content: { 'application/problem+json': { schema: { type: 'object' } } } },
          },
        },
        delete: { summary: 'Delete a rule (its history stays)', servers: [{ url: 'http://localhost:3000' }], responses: { 204: { description: 'deleted' }, 404: problem('no such rule') } },
      },
      '/api/alert-rules/backtest': {
        post: {
          summary: 'How many times a rule would have fired over the stored raw samples of a range, and the watched series (at most 360 points per instance, the extreme value of each bucket)',
          servers: [{ url: 'http://localhost:3000' }],
          parameters: queryParams(backtestQuery),
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AlertRule' } } } },
          responses: { 200: json('Backtest', '{range, from, to, supported, fired, evaluations, firingEvaluations, series: [{key, labels, points: [{t, value}]}], firings: [{key, at, value}]}; supported=false (fired null) for unownedApp and splitOwner, which are not kept as a series'), 400: problem('invalid rule') },
        },
      },
      '/api/alerts': {
        get: {
          summary: 'Alert instances: ruleId, state, value, since, labels, and whether a silence covers each now (silenced, silencedBy)',
          servers: [{ url: 'http://localhost:3000' }],
          parameters: queryParams(alertsQuery),
          responses: { 200: json('AlertInstances', '{alerts: AlertInstance[]}'), 400: problem('bad query parameter') },
        },
      },
      '/api/alerts/history': {
        get: {
          summary: 'Every transition of every alert instance, newest first, with the value that caused it',
          servers: [{ url: 'http://localhost:3000' }],
          parameters: queryParams(alertHistoryQuery),
          responses: { 200: json('AlertHistory', '{transitions: AlertTransition[]}'), 400: problem('bad query parameter') },
        },
      },
      '/api/silences': {
        get: { summary: 'Silences not yet ended (all=true: every one)', servers: [{ url: 'http://localhost:3000' }], parameters: queryParams(silencesQuery), responses: { 200: json('Silences', '{silences, now}'), 400: problem('bad query parameter') } },
        post: {
          summary:
            'Create a silence: matchers in Alertmanager\'s syntax (one text such as `alertname="apps skew", server=~"10\\.0\\..*"`, a list of such texts, or {name, op, value} objects), start, end, comment, creator (default: the requester), optional recurring window (days of week, HH:MM to HH:MM, UTC). A matcher that does not parse is a 400 with errors[].path `matchers.N`',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Silence' } } } },
          responses: { 201: json('SilenceAnswer', 'the silence'), 400: problem('invalid body'), 415: problem('not application/json') },
        },
      },
      '/api/silences/preview': {
        post: {
          summary: 'Parse matchers (errors at matchers.N) and list the active alerts a silence with them would cover now; nothing is saved',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: schema(silencePreviewBody, 'input') } } },
          responses: { 200: json('SilencePreview', '{matchers, text, active, alerts: [{ruleId, ruleName, key, state, value, labels}]}'), 400: problem('a matcher does not parse'), 415: problem('not application/json') },
        },
      },
      '/api/silences/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        delete: { summary: 'Expire a silence now', servers: [{ url: 'http://localhost:3000' }], responses: { 200: json('SilenceAnswer', 'the silence, ended'), 404: problem('no such silence') } },
      },
      '/api/contact-points': {
        get: {
          summary: 'Contact points (URLs redacted for viewers; secrets never answered)',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: json('ContactPoints', '{contactPoints}') },
        },
        post: {
          summary: 'Add a contact point (webhook, dingtalk, feishu, wecom or alertmanager); every enabled one receives every firing and resolved notification through the outbox, within its rate limit (docs/alerts.md)',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ContactPoint' } } } },
          responses: { 201: json('ContactPointAnswer', 'the contact point'), 400: problem('invalid body'), 409: problem('the name is taken') },
        },
      },
      '/api/contact-points/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        put: { summary: 'Replace a contact point (its secret and language stay unless given)', servers: [{ url: 'http://localhost:3000' }], requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ContactPoint' } } } }, responses: { 200: json('ContactPointAnswer', 'the contact point'), 400: problem('invalid body'), 404: problem('no such contact point'), 409: problem('another contact point has the name (errors[name])') } },
        delete: { summary: 'Delete a contact point and its queued notifications', servers: [{ url: 'http://localhost:3000' }], responses: { 204: { description: 'deleted' }, 404: problem('no such contact point') } },
      },
      '/api/contact-points/{id}/test': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        post: { summary: 'Send a test notification now (not through the outbox)', servers: [{ url: 'http://localhost:3000' }], responses: { 200: json('ContactPointTest', '{ok, error, ms}'), 404: problem('no such contact point') } },
      },
      '/api/rollouts': {
        get: { summary: 'Every rollout, newest first, with its state, step and the actions that fit it', servers: [{ url: 'http://localhost:3000' }], responses: { 200: { description: '{rollouts: [RolloutSummary]}', content: { 'application/json': { schema: { type: 'object', properties: { rollouts: { type: 'array', items: { $ref: '#/components/schemas/RolloutSummary' } } } } } } } } },
        post: {
          summary: 'Create a rollout (state draft): the candidate strategy, the eligible subset, the bucketing key, the steps, the guardrails, the move policy and the contact points told of its events',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RolloutRequest' } } } },
          responses: { 201: json('RolloutSummary', 'created, state draft; Location names it'), 400: problem('invalid body or strategy parameters, or a contact point of notify that does not exist, with their paths'), 415: problem('not application/json') },
        },
      },
      '/api/rollouts/markers': {
        get: {
          summary: 'Rollout state changes (start, promote, timed advance, pause, guardrail, abort, retry, complete) in a time range, for chart markers',
          servers: [{ url: 'http://localhost:3000' }],
          parameters: queryParams(rolloutMarkersQuery),
          responses: { 200: { description: '{markers: [{t, rolloutId, name, action, percent, state}]}' }, 400: problem('bad range') },
        },
      },
      '/api/rollouts/follow-rate': {
        get: {
          summary: 'How fast the workers of moved apps followed (the accurate percentage measured from the moves, with its 95 % interval), the percentage move windows use, and whether to set oms.accurate.select.server.percentage=100',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: json('FollowRate') },
        },
      },
      '/api/rollouts/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { summary: 'One rollout: state, step, percent, members, moves, events and cohort vs control samples', servers: [{ url: 'http://localhost:3000' }], responses: { 200: json('RolloutDetail'), 404: problem('no such rollout') } },
      },
      '/api/rollouts/{id}/{action}': {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'action', in: 'path', required: true, schema: { type: 'string', enum: ['start', 'pause', 'resume', 'promote', 'promote-full', 'abort', 'retry'] } },
        ],
        post: {
          summary: 'Act on a rollout. promote moves to the next step (completing after the last); promote-full needs {"confirm": true}; abort returns the cohort to the baseline and moves every moved app back; retry starts an aborted rollout again from its first step',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/RolloutActionRequest' } } } },
          responses: {
            200: json('RolloutSummary', 'the rollout after the action'),
            400: problem('invalid body, or promote-full without confirm'),
            404: problem('no such rollout or action'),
            409: problem('the action does not fit the state, or starting it would overlap a running rollout (named)'),
          },
        },
      },
      '/api/openapi.json': {
        get: { summary: 'This document', servers: [{ url: 'http://localhost:3000' }], responses: { 200: { description: 'OpenAPI 3.1' } } },
      },
      '/api/demo/servers': {
        get: {
          summary: 'The emulated demo cluster\'s servers (demo mode only)',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: json('DemoServers', 'scenario and servers'), 404: problem('no demo cluster runs') },
        },
        post: {
          summary: 'Add a server to the demo cluster (a fault button; no worker list names it)',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 201: { description: 'the new server and the list' }, 404: problem('no demo cluster runs') },
        },
      },
      '/api/demo/servers/{address}/{action}': {
        parameters: [
          { name: 'address', in: 'path', required: true, schema: { type: 'string' }, description: 'a demo server web address, URL-encoded' },
          { name: 'action', in: 'path', required: true, schema: { type: 'string', enum: ['stop', 'start'] } },
        ],
        post: {
          summary: 'Stop or start a demo server',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: { description: 'the servers after the change' }, 404: problem('no demo cluster, no such server, or no such action') },
        },
      },
      '/api/delivery': {
        get: {
          summary: 'The delivery channels (assignment API, and ZooKeeper and DNS when configured) with their state and the reason when failing, and per rollout what each has reached; moves per rollout. A delivered list takes effect at the worker\'s next start',
          servers: [{ url: 'http://localhost:3000' }],
          responses: { 200: json('Delivery') },
        },
      },
      '/api/delivery/answer': {
        get: {
          summary: "What GET /v1/assignment would answer one worker now (not counted as a fetch): its list, shaped for its version, and when it takes effect (at the worker's next start)",
          servers: [{ url: 'http://localhost:3000' }],
          parameters: [
            { name: 'app', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'worker', in: 'query', required: true, schema: { type: 'string' }, description: 'ip:port' },
            { name: 'version', in: 'query', required: false, schema: { type: 'string' }, description: 'the worker client version' },
          ],
          responses: { 200: json('Assignment'), 400: problem('a bad query parameter'), 503: problem('no assignment snapshot yet') },
        },
      },
      '/api/demo/workers/restart': {
        post: {
          summary: 'Restart demo workers: with {"app"} every worker of that app at once, without it all workers one by one (a rolling restart). Each new worker process reads its server list at start, as a real PowerJob worker does, so a delivered strategy takes effect from then on, where an app has no live owner. Audited',
          servers: [{ url: 'http://localhost:3000' }],
          requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { app: { type: 'string' } }, additionalProperties: false } } } },
          responses: {
            200: { description: 'the app\'s workers restarted: how many, and the workers\' state' },
            202: { description: 'the rolling restart began: how many workers, and in how many ms it ends' },
            404: problem('no demo cluster runs, or no such app'),
            409: problem('a rolling restart is in progress'),
          },
        },
      },
      '/healthz': {
        get: { summary: 'Data plane health', servers: [{ url: 'http://localhost:3001' }], responses: { 200: json('Health'), 503: { description: 'starting' } } },
      },
      '/v1/assignment': {
        get: {
          summary: 'The server order this worker should use: the baseline strategy, or the candidate of a rollout whose cohort holds it, over the confirmed servers only (polled by the collector, or confirmed by an operator). Workers never seen before get an answer; workers below FULCRUM_ASSIGNMENT_MIN_VERSION always get the baseline',
          servers: [{ url: 'http://localhost:3001' }],
          security: [{ assignmentToken: [] }],
          parameters: [
            { name: 'app', in: 'query', required: true, schema: { type: 'string' }, description: 'PowerJob appName' },
            { name: 'worker', in: 'query', required: true, schema: { type: 'string' }, description: 'the worker ip:port' },
            { name: 'version', in: 'query', required: false, schema: { type: 'string' }, description: 'client version' },
            { name: 'tag', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'zone', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'powerjob'] }, description: "powerjob (or Accept: text/plain): the order in PowerJob's server-address format, host:7700,host:7701" },
            { name: 'wait', in: 'query', required: false, schema: { type: 'integer', minimum: 0, maximum: 60 }, description: 'long poll with If-None-Match: answer as soon as this worker\'s assignment changes, else 304 after this many seconds' },
            { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            200: {
              description: 'the assignment; ETag carries its revision; Fulcrum-Stale: true (with Fulcrum-Snapshot-Age seconds) when the store is unreachable and the answer comes from memory',
              headers: { ETag: { schema: { type: 'string' } }, 'Fulcrum-Stale': { schema: { type: 'string', enum: ['true'] } }, 'Fulcrum-Snapshot-Age': { schema: { type: 'integer' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Assignment' } }, 'text/plain': { schema: { type: 'string', example: '10.0.0.5:7700,10.0.0.6:7700' } } },
            },
            304: { description: 'If-None-Match is the current revision (after the wait, when one was asked for)' },
            400: problem('missing or bad app, worker, wait or format'),
            401: problem('FULCRUM_ASSIGNMENT_TOKEN is set and the Bearer token is missing or wrong'),
            503: problem('starting: no snapshot yet'),
          },
          },
        },
      '/metrics': {
        get: {
          summary: 'Fulcrum’s own metrics in Prometheus text format (docs/operations.md)',
          servers: [{ url: 'http://localhost:3001' }],
          responses: { 200: { description: 'Prometheus text exposition', content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } } } },
        },
      },
      '/v1/ingest': {
        post: {
          summary: 'Push a batch of server snapshots and worker heartbeats (docs/ingest.md)',
          servers: [{ url: 'http://localhost:3001' }],
          security: [{ ingestToken: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestBatch' } } } },
          responses: {
            200: {
              ...json('IngestResult', 'stored; or stored before, then with Fulcrum-Duplicate-Batch: true and nothing new stored'),
              headers: { 'Fulcrum-Duplicate-Batch': { schema: { type: 'string', enum: ['true'] } } },
            },
            400: problem('not JSON, or not a valid batch; every bad field named; nothing stored'),
            401: problem('missing or wrong Bearer token'),
            405: problem('not POST'),
            413: problem('body over FULCRUM_INGEST_MAX_BYTES'),
            415: problem('not application/json'),
            503: problem('starting, or the store could not take the batch; nothing stored, send it again'),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        ingestToken: { type: 'http', scheme: 'bearer', description: 'FULCRUM_INGEST_TOKEN' },
        assignmentToken: { type: 'http', scheme: 'bearer', description: 'FULCRUM_ASSIGNMENT_TOKEN (only when set)' },
      },
      schemas: {
        Problem: schema(problemSchema),
        Health: schema(healthSchema),
        FollowRate: schema(followRateSchema),
        Sources: schema(sourcesResponse),
        SourceBody: schema(sourceBody, 'input'),
        IngestBatch: schema(ingestBatchSchema, 'input'),
        IngestResult: schema(ingestResultSchema),
        Overview: schema(overviewResponse),
        MixWeights: schema(mixWeightsBody, 'input'),
        FreezeState: schema(freezeState),
        FreezeRequest: schema(freezeBody, 'input'),
        SteeringState: schema(steeringState),
        SteeringRequest: schema(steeringBody, 'input'),
        MoveWindows: schema(moveWindowsBody, 'input'),
        CordonRequest: schema(cordonBody, 'input'),
        DrainRequest: schema(drainBody, 'input'),
        RollingRestartRequest: schema(rollingRestartBody, 'input'),
        RollingRestart: schema(rollingRestartSchema),
        RollingRestarts: schema(rollingRestartsSchema),
        Audit: schema(auditResponse),
        PreviewRequest: schema(previewBody, 'input'),
        FairnessSeries: schema(fairnessSeriesResponse),
        AlertRule: schema(ruleBody, 'input'),
        AlertRuleUpdate: schema(ruleUpdateBody, 'input'),
        AlertInstance: schema(alertInstanceSchema),
        AlertTransition: schema(alertTransitionSchema),
        AlertRuleAnswer: schema(alertRuleSchema),
        AlertRules: schema(alertRulesResponse),
        AlertInstances: schema(alertInstancesResponse),
        AlertHistory: schema(alertHistoryResponse),
        Backtest: schema(backtestResponse),
        SilenceAnswer: schema(silenceSchema),
        Silences: schema(silencesResponse),
        SilencePreview: schema(silencePreviewResponse),
        ContactPointAnswer: schema(contactPointSchema),
        ContactPoints: schema(contactPointsResponse),
        ContactPointTest: schema(contactPointTestResponse),
        DemoServers: schema(demoServersResponse),
        Silence: schema(silenceBody, 'input'),
        ContactPoint: schema(contactPointBody, 'input'),
        RolloutRequest: schema(rolloutBody, 'input'),
        RolloutActionRequest: schema(rolloutActionBody, 'input'),
        RolloutSummary: schema(rolloutSummarySchema),
        RolloutDetail: schema(rolloutDetailSchema),
        Assignment: schema(assignmentResponseSchema),
        Delivery: schema(deliveryResponseSchema),
      },
    },
  };
}

const AUTH_PROBLEMS = {
  401: { description: 'no valid credentials', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
  403: { description: 'the role does not allow it, a cross-site change, or the password must be changed first', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
};
const PUBLIC = new Set(['/api/health', '/api/openapi.json', '/api/auth/sign-in', '/api/auth/oidc/start', '/api/auth/oidc/callback']);

/** Sign-in, users and tokens; and on every operator path, the credentials it takes and 401/403. */
export function openApiDocument(): Record<string, unknown> {
  const doc = baseDocument();
  const console = [{ url: 'http://localhost:3000' }];
  const body = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
  const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }];
  Object.assign(doc.paths, {
    '/api/auth/sign-in': { post: { summary: 'Sign in with name and password: sets the HttpOnly session cookie (fulcrum_session). Limited per account and per address', servers: console, security: [], requestBody: body('SignIn'), responses: { 200: { description: '{name, role, mustChangePassword}' }, 400: problem('invalid body'), 401: problem('wrong name or password'), 403: problem('a cross-site request'), 429: problem('too many failed attempts; see Retry-After') } } },
    '/api/auth/sign-out': { post: { summary: 'Ends this session and clears its cookie', servers: console, responses: { 204: { description: 'signed out' } } } },
    '/api/auth/me': { get: { summary: "Who this request is signed in as, with a user's own preferences", servers: console, responses: { 200: json('Principal') } } },
    '/api/auth/preferences': { put: { summary: "Keeps the signed-in user's own language, time zone and colour scheme (null forgets one); they then follow the user to any browser", servers: console, requestBody: body('Preferences'), responses: { 200: json('PreferencesResponse'), 400: problem('invalid body (a language or zone this server does not know)'), 403: problem('a token: it has no preferences') } } },
    '/api/auth/password': { post: { summary: "Changes the signed-in user's own password; the user's other sessions end", servers: console, requestBody: body('ChangePassword'), responses: { 200: { description: '{name, role, mustChangePassword}' }, 400: problem('invalid body, or the same password'), 403: problem('wrong current password, or a token') } } },
    '/api/auth/oidc/start': { get: { summary: 'Redirects to the OIDC provider (FULCRUM_OIDC_ISSUER)', servers: console, security: [], parameters: [{ name: 'next', in: 'query', required: false, schema: { type: 'string' } }], responses: { 303: { description: 'to the provider' }, 404: problem('OIDC is not configured') } } },
    '/api/auth/oidc/callback': { get: { summary: "The provider's redirect back: checks the code, state, nonce and ID token, starts a session", servers: console, security: [], responses: { 303: { description: 'signed in; to the page asked for' }, 400: problem('the sign-in failed, with why'), 404: problem('OIDC is not configured') } } },
    '/api/users': {
      get: { summary: 'Every user with role and state (admin)', servers: console, responses: { 200: json('Users') } },
      post: { summary: 'Adds a user, who must change the initial password at first sign-in (admin)', servers: console, requestBody: body('CreateUser'), responses: { 201: json('User', 'added'), 400: problem('invalid body, naming each bad field'), 409: problem('the name is taken') } },
    },
    '/api/users/{id}': {
      parameters: idParam,
      patch: { summary: 'Changes role, disabled, or sets a new password the user must change (admin)', servers: console, requestBody: body('UpdateUser'), responses: { 200: json('User'), 400: problem('invalid body'), 404: problem('no such user'), 409: problem('the last admin') } },
      delete: { summary: 'Removes a user and their sessions (admin)', servers: console, responses: { 204: { description: 'removed' }, 404: problem('no such user'), 409: problem('the last admin') } },
    },
    '/api/tokens': {
      get: { summary: 'API tokens with role, expiry and state, never the secrets (admin)', servers: console, responses: { 200: json('Tokens') } },
      post: { summary: 'Creates a token; the answer holds it, shown this once (admin)', servers: console, requestBody: body('CreateToken'), responses: { 201: json('CreatedToken', 'created'), 400: problem('invalid body, or an expiry in the past') } },
    },
    '/api/tokens/{id}': { parameters: idParam, delete: { summary: 'Revokes a token (admin)', servers: console, responses: { 200: json('Token'), 404: problem('no such token'), 409: problem('already revoked') } } },
  });
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    if (!path.startsWith('/api/') || PUBLIC.has(path)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters') continue;
      const o = op as { security?: unknown; responses: Record<string, unknown> };
      o.security ??= [{ session: [] }, { bearer: [] }, { basic: [] }];
      o.responses = { ...o.responses, ...AUTH_PROBLEMS };
    }
  }
  const components = doc.components as { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
  Object.assign(components.securitySchemes, {
    session: { type: 'apiKey', in: 'cookie', name: 'fulcrum_session', description: 'from POST /api/auth/sign-in (or OIDC)' },
    bearer: { type: 'http', scheme: 'bearer', description: 'an API token from Settings → Tokens (viewer, operator or admin)' },
    basic: { type: 'http', scheme: 'basic', description: "a user's name and password" },
  });
  Object.assign(components.schemas, {
    SignIn: schema(signInBody, 'input'),
    ChangePassword: schema(changePasswordBody, 'input'),
    Preferences: schema(preferencesBody, 'input'),
    PreferencesResponse: schema(preferencesSchema),
    Principal: schema(principalSchema),
    User: schema(userSchema),
    Users: schema(usersResponse),
    CreateUser: schema(createUserBody, 'input'),
    UpdateUser: schema(updateUserBody, 'input'),
    Token: schema(tokenSchema),
    Tokens: schema(tokensResponse),
    CreateToken: schema(createTokenBody, 'input'),
    CreatedToken: schema(createdTokenResponse),
  });
  return doc;
}

export const OPENAPI_PATH = new URL('../docs/openapi.json', import.meta.url);
