// Request and response schemas of the operator API and the data plane: the routes validate with
// them, and scripts/openapi.ts generates docs/openapi.json from them.
import { z } from 'zod';
import { cohortSelector } from '../domain/cohort.ts';
import { hostPort } from '../domain/ingest-batch.ts';
import { CONTACT_KINDS, NOTICE_LANGUAGES } from '../domain/contact-messages.ts';
import { matchersField } from '../domain/silences.ts';
import { PROBLEM_CODES, type ProblemCode } from '../domain/problem-codes.ts';
import { LOCALES, THEMES, validTimeZone } from '../i18n/config.ts';

export const sourceBody = z.object({ address: hostPort.describe('a PowerJob server web address, host:port') }).strict();

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional().describe('what went wrong, in English'),
  code: z.enum(Object.keys(PROBLEM_CODES) as [ProblemCode, ...ProblemCode[]]).optional().describe('a stable machine code of the refusal; the console says it in the operator language (docs/console.md)'),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe("the values the code's message names (the rollout's state, the user name …)"),
  errors: z
    .array(
      z.object({
        path: z.string(),
        message: z.string(),
        code: z.string().optional().describe("zod's issue code, with its origin where it has one: too_small.number, invalid_type, custom"),
        key: z.string().optional().describe('for custom: which check refused the value (maxMeanBelowOne, recoveryAbove, inFuture …)'),
        minimum: z.number().optional(),
        maximum: z.number().optional(),
      }),
    )
    .optional(),
});

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  store: z.enum(['pglite', 'postgres']),
  uptimeS: z.number().int(),
  startedAt: z.iso.datetime(),
  leader: z.boolean().optional().describe('data plane only: whether this replica holds the job leader lease (docs/operations.md)'),
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

// ---------------------------------------------------------------------------------- analytics

export const measureParam = z.enum(['apps', 'workers', 'running', 'capacity', 'mix']).default('apps');
export const metricParam = z.enum(['jain', 'cv', 'maxMean', 'gini']).default('maxMean');
export const rangeParam = z.enum(['15m', '1h', '6h', '24h', '7d']).default('1h');

export const overviewQuery = z.object({ measure: measureParam }).strict();
export const fairnessSeriesQuery = z.object({ metric: metricParam, measure: measureParam, range: rangeParam }).strict();

const pageFields = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(50),
  order: z.enum(['asc', 'desc']).default('asc'),
  q: z.string().max(200).optional(),
  server: z.string().max(300).optional(),
  format: z.enum(['json', 'csv']).default('json'),
};

export const appsQuery = z
  .object({ ...pageFields, sort: z.enum(['name', 'appId', 'server', 'workers', 'running', 'since']).default('name') })
  .strict();

export const workersQuery = z
  .object({
    ...pageFields,
    sort: z.enum(['address', 'app', 'server', 'heartbeat', 'version', 'tag', 'score', 'cpuLoad']).default('address'),
    tag: z.string().max(255).optional(),
    version: z.string().max(64).optional(),
    status: z.enum(['live', 'offline']).optional(),
    app: z.string().max(255).optional(),
  })
  .strict();

const indicesSchema = z.object({ jain: z.number(), cv: z.number(), maxMean: z.number(), gini: z.number() });

export const overviewResponse = z.object({
  measure: measureParam,
  measureLabel: z.string(),
  generatedAt: z.iso.datetime(),
  staleAfterS: z.number(),
  fairness: indicesSchema.extend({ n: z.number().int(), total: z.number(), excluded: z.array(z.string()) }),
  servers: z.array(
    z.object({
      address: z.string(),
      health: z.enum(['up', 'down', 'unknown', 'stale']),
      statusReason: z.string().nullable(),
      dataAgeS: z.number(),
      appsOwned: z.number().int(),
      workersConnected: z.number().int(),
      runningInstances: z.number().int(),
      load: z.number(),
      share: z.number().nullable().describe('null for a server left out of the fairness figures (down or stale)'),
      fairShare: z.number().nullable().describe('the share this server would carry if load followed weight'),
      distance: z.number().nullable().describe('share − fairShare: above 0 when it carries more than its part'),
      weight: z.number(),
      version: z.string().nullable().describe("the server's PowerJob version, when it says"),
      confirmed: z.boolean().describe('false: only ingest batches named this server (no configured source polls it and no operator confirmed it); it is not delivered by /v1/assignment nor moved to (POST /api/servers/{address}/confirm)'),
    }),
  ),
  apps: z.array(z.object({ appId: z.number(), appName: z.string().nullable(), serverAddress: z.string().nullable(), load: z.number() })).describe('the app -> server binding view'),
  split: z.array(z.object({ appId: z.number(), appName: z.string().nullable(), servers: z.array(z.string()) })).describe('apps more than one server claims now (split brain)'),
  rollouts: z
    .array(z.object({ id: z.string(), name: z.string(), state: z.enum(['running', 'paused']), step: z.number().int().describe('0-based'), steps: z.number().int(), percent: z.number() }))
    .describe('rollouts running or paused now'),
  demo: z.object({ scenario: z.string() }).nullable(),
});

export const fairnessSeriesResponse = z.object({
  metric: metricParam,
  measure: measureParam,
  range: rangeParam,
  resolution: z.enum(['raw', '1m', '1h']),
  bucketS: z.number(),
  points: z.array(z.object({ t: z.number().describe('epoch ms'), value: z.number().nullable().describe('null: no data (a gap)'), n: z.number().int() })),
  markers: z.array(z.object({ t: z.number(), kind: z.enum(['server-down', 'server-up', 'bindings']), label: z.string() })),
});

export const mixWeightsBody = z
  .object({
    apps: z.number().min(0).max(1000),
    workers: z.number().min(0).max(1000),
    running: z.number().min(0).max(1000),
  })
  .strict()
  .refine((w) => w.apps + w.workers + w.running > 0, { message: 'at least one weight must be above 0', path: [], params: { key: 'weightAboveZero' } });

// ------------------------------------------------------------------------------- strategies

export const previewBody = z
  .object({
    candidate: z.object({ kind: z.string(), params: z.record(z.string(), z.unknown()).optional() }).strict(),
    compare: z.array(z.object({ kind: z.string(), params: z.record(z.string(), z.unknown()).optional() }).strict()).max(8).optional(),
    measure: z.enum(['apps', 'workers', 'running', 'capacity', 'mix']).default('apps'),
    scenario: z.enum(['issue-181', 'zipf-8', 'weighted-8', 'join-8-9', 'leave-8-7', 'large']).optional().describe('a synthetic cluster instead of the live one'),
    seed: z.number().int().min(0).max(2 ** 31).default(1),
    selector: cohortSelector
      .optional()
      .describe("a rollout's selector: only the apps it admits (with every one of their workers) take the candidate's placement, the rest stay where they are, as a rollout of that subset at 100 % would leave them"),
    budget: z.number().int().min(1).max(100_000).optional().describe("a move budget: the plan is the best balance reachable with at most this many moves (a rollout's moves.budget)"),
    steps: z
      .array(z.number().int().min(1).max(100))
      .min(1)
      .max(20)
      .optional()
      .describe("a rollout's step percents: the plan step by step, each step's cohort from where the earlier steps left the apps"),
    rolloutId: z.string().min(1).max(64).default('ro-preview').describe('the rollout id the cohorts are bucketed by (a draft\'s id gives its exact cohorts; the creation form makes the id it then creates the rollout with)'),
    key: z.enum(['app', 'worker']).default('app'),
  })
  .strict();

// ------------------------------------------------------------------------------------ audit

export const auditQuery = z
  .object({
    actor: z.string().max(200).optional(),
    action: z.string().max(200).optional().describe('an action, or a prefix ending in "." (rollout. = every rollout action)'),
    target: z.string().max(500).optional().describe('a target, or a prefix ending in ":" (rollout: = every rollout)'),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    before: z.coerce.number().int().min(1).optional().describe('the cursor: entries older than this id (`next` of the previous page)'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** the controller's texts as codes (lib/domain/rollout-texts.ts, messages `rolloutTexts.<code>`) */
export const textCode = z.string().nullable().describe("the detail as a stable code (see rolloutTexts in the messages files); null on rows written before migration 0017 and on texts not the controller's");
/** a text inside a text (a guardrail's reason in its pause) */
const innerText = z.object({ code: z.string(), params: z.record(z.string(), z.unknown()) });
export const textParams = z
  .record(z.string(), z.union([z.string(), z.number(), z.null(), innerText, z.array(innerText)]))
  .nullable()
  .describe('the values the code\'s message needs; null stands for "unbound"; a value may be a text of its own ({code, params}) or a list of them');

export const auditResponse = z.object({
  entries: z.array(
    z.object({
      id: z.number().int(),
      at: z.iso.datetime(),
      actor: z.string(),
      action: z.string(),
      target: z.string(),
      before: z.unknown(),
      after: z.unknown(),
      detail: z.string().nullable().describe('in English'),
      detailCode: textCode.describe('the detail as a stable code (see rolloutTexts in the messages files); null on entries written before migration 0021 and on details without a code'),
      detailParams: textParams,
    }),
  ),
  next: z.number().int().nullable().describe('pass as `before` for the next (older) page; null at the end'),
  facets: z.object({ actors: z.array(z.string()), actions: z.array(z.string()) }),
});

// ----------------------------------------------------------------------------------- alerts

export const contactPointBody = z
  .object({
    name: z.string().trim().min(1).max(100).describe('also the `receiver` of the webhook body'),
    kind: z
      .enum(CONTACT_KINDS)
      .default('webhook')
      .describe('webhook: Alertmanager webhook JSON (version 4); dingtalk: DingTalk custom robot (markdown); feishu: Feishu/Lark custom bot (interactive card); wecom: WeCom group robot (markdown); alertmanager: an Alertmanager\'s API v2 (`url` is its base URL)'),
    url: z.url({ protocol: /^https?$/ }).describe('where messages are POSTed: the webhook or robot URL (with its access token), or the Alertmanager base URL'),
    enabled: z.boolean().default(true),
    settings: z
      .object({
        keywords: z.array(z.string().trim().min(1).max(50)).max(10).optional().describe('DingTalk "custom keywords": each message contains one of them'),
        atMobiles: z.array(z.string().regex(/^\+?[0-9-]{5,20}$/, 'a mobile number')).max(20).optional().describe('DingTalk: mobiles to @mention'),
        atAll: z.boolean().optional().describe('DingTalk: @all'),
      })
      .strict()
      .default({}),
    secret: z
      .string()
      .min(1)
      .max(200)
      .nullable()
      .optional()
      .describe('DingTalk (SEC…) or Feishu signing secret. Never answered back (responses say `secretSet`); on PUT, leave it out to keep the stored one, null to remove it'),
    language: z.enum(NOTICE_LANGUAGES).optional().describe('the language its messages (alerts and rollout events) are written in; on POST default zh-CN, on PUT leave it out to keep the stored one'),
  })
  .strict()
  .refine((b) => !b.secret || b.kind === 'dingtalk' || b.kind === 'feishu', { path: ['secret'], message: 'only DingTalk and Feishu robots have a signing secret' })
  .refine((b) => b.kind === 'dingtalk' || (!b.settings.keywords?.length && !b.settings.atMobiles?.length && !b.settings.atAll), { path: ['settings'], message: 'keywords and @mentions are DingTalk settings' });

export const contactPointSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(CONTACT_KINDS),
  url: z.string().describe('redacted to scheme, host and port for viewers'),
  enabled: z.boolean(),
  settings: z.object({ keywords: z.array(z.string()).optional(), atMobiles: z.array(z.string()).optional(), atAll: z.boolean().optional() }),
  secretSet: z.boolean().describe('a signing secret is stored (it is never answered back)'),
  language: z.enum(NOTICE_LANGUAGES).describe('the language its messages are written in'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const silencePreviewBody = z.object({ matchers: matchersField }).strict();

const alertStates = z.enum(['inactive', 'pending', 'firing', 'nodata', 'resolved']);

export const alertsQuery = z
  .object({ ruleId: z.coerce.number().int().min(1).optional(), state: alertStates.optional().describe('default: every state but inactive') })
  .strict();

export const alertHistoryQuery = z
  .object({ ruleId: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) })
  .strict();

export const silencesQuery = z.object({ all: z.enum(['true', 'false']).optional().describe('true: ended silences too') }).strict();

export const alertInstanceSchema = z.object({
  ruleId: z.number().int(),
  ruleName: z.string(),
  key: z.string().describe('"cluster", or the instance labels as k=v'),
  state: alertStates,
  value: z.number().nullable().describe('the last value evaluated; null: no data'),
  since: z.iso.datetime().describe('when the instance entered its state'),
  labels: z.record(z.string(), z.string()),
  evaluatedAt: z.iso.datetime(),
  lastNotifiedAt: z.iso.datetime().nullable().describe('when this firing was last notified (queued to every enabled contact point, first time or a repeat); null: not yet (silenced), or not firing'),
  silenced: z.boolean().describe('an active silence covers the alert now (its labels: alertname, severity, the rule\'s and the instance\'s)'),
  silencedBy: z.array(z.number().int()).describe('the ids of the silences that cover it now'),
});

export const alertTransitionSchema = z.object({
  id: z.number().int(),
  ruleId: z.number().int(),
  ruleName: z.string(),
  key: z.string(),
  labels: z.record(z.string(), z.string()),
  from: alertStates,
  to: alertStates,
  value: z.number().nullable().describe('the value that caused the transition'),
  at: z.iso.datetime(),
  silenced: z.boolean().describe('a silence covered it: kept here, not notified'),
});
// ---------------------------------------------------------------------------------- sign-in, users, tokens

const roleEnum = z.enum(['viewer', 'operator', 'admin']);
export const userName = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - only; 1 to 64 characters');
/** bcrypt reads 72 bytes at most, so a longer password would be silently cut: refused instead. */
export const newPasswordField = z
  .string()
  .min(10, 'at least 10 characters')
  .refine((s) => Buffer.byteLength(s) <= 72, { message: 'at most 72 bytes', params: { key: 'passwordBytes' } });

export const signInBody = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict();
export const changePasswordBody = z.object({ current: z.string().min(1).max(200), next: newPasswordField }).strict();

/** A user's own choices; null forgets one (the browser's cookie or its language decide again), absent keeps it. */
export const preferencesBody = z
  .object({
    locale: z.enum(LOCALES).nullable().optional(),
    timeZone: z
      .string()
      .max(64)
      .refine((v) => validTimeZone(v) === v, { message: 'not a time zone this server knows', params: { key: 'timeZone' } })
      .nullable()
      .optional()
      .describe('an IANA time zone (UTC, Asia/Shanghai …)'),
    theme: z.enum(THEMES).nullable().optional().describe('system follows the operating system'),
  })
  .strict();
export const preferencesSchema = z.object({ locale: z.enum(LOCALES).nullable(), timeZone: z.string().nullable(), theme: z.enum(THEMES).nullable() });

export const principalSchema = z.object({
  kind: z.enum(['user', 'token']),
  name: z.string(),
  role: roleEnum,
  via: z.enum(['session', 'basic', 'bearer']),
  mustChangePassword: z.boolean(),
  preferences: preferencesSchema.optional().describe("a user's own choices; absent for a token"),
});

export const userSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: roleEnum,
  mustChangePassword: z.boolean(),
  sso: z.boolean().describe('created by OIDC single sign-on; has no password'),
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export const usersResponse = z.object({ users: z.array(userSchema) });
export const createUserBody = z.object({ name: userName, role: roleEnum, password: newPasswordField.describe('initial password; the user must change it at first sign-in') }).strict();
export const updateUserBody = z
  .object({ role: roleEnum.optional(), disabled: z.boolean().optional(), password: newPasswordField.optional().describe('a new password the user must change at next sign-in') })
  .strict()
  .refine((b) => b.role !== undefined || b.disabled !== undefined || b.password !== undefined, 'change at least one of role, disabled, password');

export const tokenRoleEnum = z.enum(['viewer', 'operator', 'admin', 'ingest', 'assignment']);
export const tokenSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  role: tokenRoleEnum,
  prefix: z.string().describe('the first characters of the token, to tell tokens apart'),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  state: z.enum(['active', 'expired', 'revoked']),
});
export const tokensResponse = z.object({ tokens: z.array(tokenSchema) });
export const createTokenBody = z
  .object({
    name: z.string().min(1).max(100).refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32), { message: 'no control characters', params: { key: 'noControlChars' } }),
    role: tokenRoleEnum.describe('viewer/operator/admin: the operator API; ingest: POST /v1/ingest; assignment: GET /v1/assignment'),
    expiresAt: z.iso.datetime({ offset: true }).nullable().describe('when it stops working; null for never'),
  })
  .strict();
export const createdTokenResponse = z.object({ token: z.string().describe('shown this once; only its digest is stored'), ...tokenSchema.shape });

/** GET /api/rollouts/follow-rate (lib/jobs/follow-rate.ts followRateReport). */
export const followRateSchema = z.object({
  assumed: z.object({
    percentage: z.number().describe("oms.accurate.select.server.percentage as Fulcrum assumes it before measuring"),
    source: z.enum(['configured', 'demo', 'default']).describe('FULCRUM_POWERJOB_ACCURATE_PERCENTAGE, the demo cluster, or PowerJob’s shipped 50'),
  }),
  measured: z
    .object({
      percentage: z.number().describe('the maximum-likelihood accurate percentage of the moves’ traces'),
      lower: z.number().describe('its 95 % interval'),
      upper: z.number(),
      moves: z.number().int(),
      arrivals: z.number().int().describe('worker arrivals the traces saw'),
    })
    .nullable()
    .describe('null until evidenceNeeded is reached'),
  evidenceNeeded: z.object({ moves: z.number().int(), arrivals: z.number().int() }),
  lookBackHours: z.number(),
  windowPercentage: z.number().describe('the percentage move windows use now: the measured lower bound, never above a configured value'),
  window10WorkersMs: z.number().nullable().describe('a 10-worker app’s window at it; null when its workers would never follow'),
  converged: z.object({ moves: z.number().int(), p50Ms: z.number(), p95Ms: z.number(), maxMs: z.number() }).nullable().describe('request to verified, of the verified moves'),
  advice: z
    .object({
      kind: z.enum(['set-100', 'mismatch']).describe('set-100: setting the percentage to 100 on every server would shorten moves; mismatch: it is configured at 100 but the workers follow slower'),
      workers: z.number().int(),
      measuredMs: z.number().nullable().describe('when every worker of such an app is on its new owner in 99 of 100 moves, at the measured rate'),
      at100Ms: z.number().describe('the same at 100'),
    })
    .nullable(),
});
export type FollowRate = z.infer<typeof followRateSchema>;

// ================================================================================================
// Responses the console reads (appended for the browser's request layer, lib/hooks): its view types
// are z.infer of these, and scripts/openapi.ts documents them. Imports of this section stay here so
// the rest of the file is untouched; ES imports are hoisted wherever they stand.
// ================================================================================================
import { ruleBody } from '../domain/alert-rules.ts';
import { recurrenceSchema } from '../domain/silences.ts';

const matcherSchema = z.object({ name: z.string(), op: z.enum(['=', '!=', '=~', '!~']), value: z.string() });

/** GET /api/alert-rules, /api/alert-rules/{id}, and what POST and PUT answer (lib/api/alerts.ts ruleView) */
export const alertRuleSchema = z.object({
  id: z.number().int(),
  version: z.number().int().describe('grows by one with each saved edit; PUT names the version it was based on'),
  ...ruleBody.shape,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
  status: z.object({
    state: z.enum(['inactive', 'pending', 'firing', 'nodata', 'resolved']).describe('the worst state of its instances'),
    value: z.number().nullable(),
    instances: z.number().int(),
    firing: z.number().int(),
    lastChange: z.iso.datetime().nullable(),
  }),
});
export const alertRulesResponse = z.object({ rules: z.array(alertRuleSchema) });
/** the 409 of a PUT over a stale version: the problem, with the rule as it is now and the fields that differ */
export const alertRuleConflictSchema = z.object({ current: alertRuleSchema, changed: z.array(z.string()) });
export const alertInstancesResponse = z.object({ alerts: z.array(alertInstanceSchema) });
export const alertHistoryResponse = z.object({ transitions: z.array(alertTransitionSchema) });

export const backtestResponse = z.object({
  range: z.string(),
  from: z.number().describe('epoch ms'),
  to: z.number().describe('epoch ms'),
  supported: z.boolean().describe('false for unownedApp and splitOwner, which are not kept as a series'),
  reason: z.string().optional().describe('why it is not supported'),
  fired: z.number().int().nullable(),
  evaluations: z.number().int(),
  firingEvaluations: z.number().int(),
  series: z.array(z.object({ key: z.string(), labels: z.record(z.string(), z.string()), points: z.array(z.object({ t: z.number(), value: z.number().nullable() })) })),
  firings: z.array(z.object({ key: z.string(), at: z.number(), value: z.number().nullable() })),
});

export const silenceSchema = z.object({
  id: z.number().int(),
  matchers: z.array(matcherSchema),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  recurrence: recurrenceSchema.nullable(),
  createdBy: z.string(),
  comment: z.string(),
  createdAt: z.iso.datetime(),
});
export const silencesResponse = z.object({ silences: z.array(silenceSchema), now: z.iso.datetime() });
export const silencePreviewResponse = z.object({
  matchers: z.array(matcherSchema),
  text: z.string().describe('the matchers as the server reads them, in Alertmanager syntax'),
  active: z.number().int().describe('how many alerts are active now'),
  alerts: z.array(z.object({ ruleId: z.number().int(), ruleName: z.string(), key: z.string(), state: z.string(), value: z.number().nullable().optional(), labels: z.record(z.string(), z.string()) })).describe('the active alerts it would cover'),
});

export const contactPointsResponse = z.object({ contactPoints: z.array(contactPointSchema) });
export const contactPointTestResponse = z.object({ ok: z.boolean(), error: z.string().nullable(), ms: z.number().nullable() });

/** GET /api/demo/servers (demo mode only) */
export const demoServersResponse = z.object({
  scenario: z.string(),
  servers: z.array(z.object({ address: z.string(), running: z.boolean() })),
  apps: z.array(z.string()),
  workers: z.object({
    total: z.number().int(),
    restarting: z.number().int(),
    withDeliveredList: z.number().int(),
    rollingRestart: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  }),
});
