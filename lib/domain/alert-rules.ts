// Alert rules: the rule body (zod), and the state machine of one alert instance
// (inactive → pending → firing → resolved, plus nodata) with hysteresis, `for`, keep-firing-for and
// the no-data policies of anchors.md §D. Pure: time is a parameter.
import { z } from 'zod';
import { LOAD_MEASURES } from './fairness.ts';

export const FAIRNESS_METRICS = ['jain', 'cv', 'maxMean', 'gini'] as const;
export const SERVER_METRICS = ['serverShare', 'serverDown', 'dataAge'] as const;
export const APP_METRICS = ['unownedApp', 'splitOwner'] as const;
export const ALERT_METRICS = [...FAIRNESS_METRICS, ...SERVER_METRICS, ...APP_METRICS] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const COMPARATORS = ['>', '>=', '<', '<='] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const NO_DATA_POLICIES = ['nodata', 'alerting', 'ok', 'keepLast'] as const;
export type NoDataPolicy = (typeof NO_DATA_POLICIES)[number];

/** What each metric's value means, for the editor and the docs. */
export const METRIC_LABELS: Record<AlertMetric, string> = {
  jain: "Jain's index (1 = fair)",
  cv: 'coefficient of variation',
  maxMean: 'max/mean (peak-to-average)',
  gini: 'Gini coefficient',
  serverShare: "a server's share of the load (0..1), per server",
  serverDown: 'a server is down or stale (1) or up (0), per server',
  dataAge: "age of a server's data in seconds, per server",
  unownedApp: 'an app has no live owner (1) or has one (0), per app',
  splitOwner: 'servers claiming an app (2+ = split ownership), per app',
};

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name is letters, digits and _');

const ruleFields = z
  .object({
    name: z.string().trim().min(1).max(200),
    series: z
      .object({
        metric: z.enum(ALERT_METRICS),
        // "instances" is the issue's word for running instances
        measure: z.preprocess((v) => (v === 'instances' ? 'running' : v), z.enum(LOAD_MEASURES)).default('apps'),
      })
      .strict(),
    scope: z
      .object({ filter: z.string().max(200).optional().describe('per-server/per-app metrics: a glob (* and ?) over the server address or app name') })
      .strict()
      .default({}),
    comparator: z.enum(COMPARATORS),
    threshold: z.number().finite(),
    recovery: z.number().finite().optional().describe('hysteresis: a firing alert resolves only when the value crosses back past this'),
    forSeconds: z.number().int().min(0).max(86_400),
    keepFiringForSeconds: z.number().int().min(0).max(86_400).default(0),
    severity: z.enum(SEVERITIES),
    noData: z.enum(NO_DATA_POLICIES).default('nodata'),
    labels: z.record(labelName, z.string().max(200)).default({}),
    description: z.string().max(2000).default('').describe('a template: {{value}}, {{threshold}}, {{name}}, {{labels.server}}, {{labels.app}}'),
  })
  .strict();

function recoveryOnTheRightSide(r: { comparator: Comparator; threshold: number; recovery?: number | undefined }, ctx: z.RefinementCtx) {
  if (r.recovery === undefined) return;
  const above = r.comparator === '>' || r.comparator === '>=';
  if (above ? r.recovery > r.threshold : r.recovery < r.threshold) {
    ctx.addIssue({
      code: 'custom',
      path: ['recovery'],
      params: { key: above ? 'recoveryAbove' : 'recoveryBelow' },
      message: above ? 'with > or >=, the recovery threshold must be at or below the threshold' : 'with < or <=, the recovery threshold must be at or above the threshold',
    });
  }
}

/**
 * Thresholds a figure can never cross are refused: max/mean is at least 1 (the busiest server
 * carries at least the average), Jain's index and Gini lie in [0, 1], CV and a share are never
 * negative. A rule on such a threshold would never fire, or fire always.
 */
function thresholdInRange(r: { series: { metric: string }; threshold: number; recovery?: number | undefined }, ctx: z.RefinementCtx) {
  const m = r.series.metric;
  const check = (field: 'threshold' | 'recovery', v: number | undefined) => {
    if (v === undefined) return;
    if (m === 'maxMean' && v < 1) ctx.addIssue({ code: 'custom', path: [field], params: { key: 'maxMeanBelowOne' }, message: 'max/mean is never below 1 (1 is perfectly even): a threshold below 1 never fires, or always does' });
    else if ((m === 'jain' || m === 'gini') && (v < 0 || v > 1)) ctx.addIssue({ code: 'custom', path: [field], params: { key: 'betweenZeroAndOne' }, message: `${m === 'jain' ? "Jain's index" : 'Gini'} lies between 0 and 1` });
    else if ((m === 'cv' || m === 'serverShare' || m === 'dataAge') && v < 0) ctx.addIssue({ code: 'custom', path: [field], params: { key: 'notNegative' }, message: 'this figure is never negative' });
  };
  check('threshold', r.threshold);
  check('recovery', r.recovery);
}

const sane = (r: z.output<typeof ruleFields>, ctx: z.RefinementCtx) => {
  recoveryOnTheRightSide(r, ctx);
  thresholdInRange(r, ctx);
};

export const ruleBody = ruleFields.superRefine(sane);
/** PUT: the rule body plus the version the edit was based on. */
export const ruleUpdateBody = ruleFields.extend({ version: z.number().int().min(1).describe('the version this edit was based on; a stale one gets 409') }).superRefine(sane);

export type RuleBody = z.output<typeof ruleBody>;
export type RuleInput = z.input<typeof ruleBody>;

export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

export type AlertState = 'inactive' | 'pending' | 'firing' | 'nodata' | 'resolved';

export interface InstanceState {
  state: AlertState;
  /** when the instance entered its state (ms) */
  since: number;
  /** when the current breach began (pending, firing) */
  activeAt: number | null;
  /** the last evaluation at which a firing instance still breached: keep-firing-for counts from it */
  lastBreachAt: number | null;
  /** the last value seen (null: no data) */
  value: number | null;
}

export type Observation = { value: number } | { noData: true };

export interface Transition {
  from: AlertState;
  to: AlertState;
  /** the value that caused it (null: no data) */
  value: number | null;
  at: number;
}

export const INACTIVE = (now: number): InstanceState => ({ state: 'inactive', since: now, activeAt: null, lastBreachAt: null, value: null });

type RuleTiming = Pick<RuleBody, 'comparator' | 'threshold' | 'recovery' | 'forSeconds' | 'keepFiringForSeconds' | 'noData'>;

/**
 * One evaluation of one instance. A firing instance holds while the value is still past the recovery
 * threshold (or the threshold when there is none), then keeps firing for keepFiringForSeconds after
 * the last breach; pending becomes firing once the breach has lasted forSeconds.
 */
export function evaluate(previous: InstanceState | undefined, observation: Observation, rule: RuleTiming, now: number): { next: InstanceState; transition: Transition | null } {
  const prev = previous ?? INACTIVE(now);
  const noData = 'noData' in observation;
  const value = noData ? null : observation.value;
  if (noData && rule.noData === 'keepLast') return { next: prev, transition: null };

  const move = (to: AlertState, fields: Partial<InstanceState> = {}) => {
    const next: InstanceState = { ...prev, ...fields, state: to, since: now, value };
    return { next, transition: { from: prev.state, to, value, at: now } };
  };
  const stay = (fields: Partial<InstanceState> = {}) => ({ next: { ...prev, ...fields, value }, transition: null });

  if (noData && rule.noData === 'nodata') {
    return prev.state === 'nodata' ? stay() : move('nodata', { activeAt: null, lastBreachAt: null });
  }
  // from here on, no data counts as a breach ('alerting') or as fine ('ok')
  const past = (limit: number) => (noData ? rule.noData === 'alerting' : compare(value!, rule.comparator, limit));

  if (prev.state === 'firing') {
    if (past(rule.recovery ?? rule.threshold)) return stay({ lastBreachAt: now });
    const keepMs = rule.keepFiringForSeconds * 1000;
    if (keepMs > 0 && now - (prev.lastBreachAt ?? prev.since) < keepMs) return stay();
    return move('resolved', { activeAt: null, lastBreachAt: null });
  }
  const breached = past(rule.threshold);
  if (prev.state === 'pending') {
    if (!breached) return move('inactive', { activeAt: null });
    if (now - (prev.activeAt ?? prev.since) >= rule.forSeconds * 1000) return move('firing', { lastBreachAt: now });
    return stay();
  }
  // inactive, resolved, nodata
  if (breached) {
    return rule.forSeconds === 0 ? move('firing', { activeAt: now, lastBreachAt: now }) : move('pending', { activeAt: now });
  }
  if (prev.state === 'nodata') return move('resolved', { activeAt: null });
  return stay();
}

/** Transitions that are told to contact points: into firing or nodata, and out of them. */
export function notificationOf(t: Pick<Transition, 'from' | 'to'>): 'firing' | 'resolved' | null {
  if (t.to === 'firing' || t.to === 'nodata') return 'firing';
  if (t.from === 'firing' || t.from === 'nodata') return 'resolved';
  return null;
}

/** Glob (* and ?) match, whole string, case-sensitive. */
export function globMatch(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(text);
}

/** Fills {{value}}, {{threshold}}, {{name}} and {{labels.x}} in a description template. */
export function renderTemplate(template: string, vars: { name: string; value: number | null; threshold: number; labels: Record<string, string> }): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => {
    if (key === 'value') return vars.value === null ? 'no data' : String(Math.round(vars.value * 1000) / 1000);
    if (key === 'threshold') return String(vars.threshold);
    if (key === 'name') return vars.name;
    if (key.startsWith('labels.')) return vars.labels[key.slice(7)] ?? '';
    return whole;
  });
}
