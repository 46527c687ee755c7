import { describe, expect, it } from 'vitest';
import { evaluate, globMatch, notificationOf, renderTemplate, ruleBody, type InstanceState, type Observation, type RuleBody } from './alert-rules.ts';

const rule = (over: Partial<RuleBody> = {}): RuleBody =>
  ruleBody.parse({ name: 'skew', series: { metric: 'maxMean', measure: 'apps' }, comparator: '>', threshold: 1.5, forSeconds: 30, severity: 'warning', ...over });

/** Runs the state machine over (second, observation) steps from t0 and returns the state after each. */
function run(r: RuleBody, steps: [number, number | null][], start?: InstanceState) {
  let s: InstanceState | undefined = start;
  const t0 = Date.UTC(2026, 0, 1);
  const out: { at: number; state: string; transition: string | null }[] = [];
  for (const [sec, v] of steps) {
    const obs: Observation = v === null ? { noData: true } : { value: v };
    const { next, transition } = evaluate(s, obs, r, t0 + sec * 1000);
    s = next;
    out.push({ at: sec, state: next.state, transition: transition ? `${transition.from}->${transition.to}@${transition.value}` : null });
  }
  return out;
}

describe('rule body', () => {
  it('fills defaults and accepts "instances" for running instances', () => {
    const r = ruleBody.parse({ name: 'x', series: { metric: 'cv', measure: 'instances' }, comparator: '>', threshold: 1, forSeconds: 0, severity: 'info' });
    expect(r.series.measure).toBe('running');
    expect(r.noData).toBe('nodata');
    expect(r.keepFiringForSeconds).toBe(0);
    expect(r.scope).toEqual({});
  });
  it('refuses a recovery threshold on the wrong side', () => {
    const bad = ruleBody.safeParse({ name: 'x', series: { metric: 'maxMean' }, comparator: '>', threshold: 1.5, recovery: 1.8, forSeconds: 0, severity: 'info' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['recovery']);
    const badBelow = ruleBody.safeParse({ name: 'x', series: { metric: 'jain' }, comparator: '<', threshold: 0.8, recovery: 0.7, forSeconds: 0, severity: 'info' });
    expect(badBelow.success).toBe(false);
    expect(ruleBody.safeParse({ name: 'x', series: { metric: 'jain' }, comparator: '<', threshold: 0.8, recovery: 0.9, forSeconds: 0, severity: 'info' }).success).toBe(true);
  });
  it('refuses thresholds the figure never crosses, saying which check and on which field', () => {
    const base = { name: 'skew', series: { metric: 'maxMean', measure: 'apps' }, comparator: '>', threshold: 1.5, forSeconds: 30, severity: 'warning' };
    for (const threshold of [0.9, -1, 0]) {
      const r = ruleBody.safeParse({ ...base, threshold });
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => [i.path.join('.'), (i as { params?: { key?: string } }).params?.key])).toEqual([['threshold', 'maxMeanBelowOne']]);
    }
    expect(ruleBody.safeParse({ ...base, threshold: 1 }).success).toBe(true);
    expect(ruleBody.safeParse({ ...base, threshold: 1.5, recovery: 0.8 }).error!.issues.map((i) => i.path.join('.'))).toContain('recovery');
    expect(ruleBody.safeParse({ ...base, series: { metric: 'jain' }, comparator: '<', threshold: 1.2 }).success).toBe(false);
    expect(ruleBody.safeParse({ ...base, series: { metric: 'jain' }, comparator: '<', threshold: 0.8 }).success).toBe(true);
    expect(ruleBody.safeParse({ ...base, series: { metric: 'cv' }, threshold: -0.1 }).success).toBe(false);
    // per-instance metrics keep their own ranges
    expect(ruleBody.safeParse({ ...base, series: { metric: 'splitOwner' }, threshold: 1 }).success).toBe(true);
  });

  it('refuses unknown metrics, fields and comparators', () => {
    expect(ruleBody.safeParse({ name: 'x', series: { metric: 'p99' }, comparator: '>', threshold: 1, forSeconds: 0, severity: 'info' }).success).toBe(false);
    expect(ruleBody.safeParse({ name: 'x', series: { metric: 'cv' }, comparator: '==', threshold: 1, forSeconds: 0, severity: 'info' }).success).toBe(false);
    expect(ruleBody.safeParse({ name: 'x', series: { metric: 'cv' }, comparator: '>', threshold: 1, forSeconds: 0, severity: 'info', extra: 1 }).success).toBe(false);
  });
});

describe('state machine', () => {
  it('goes pending, then firing once the breach has lasted `for`', () => {
    const out = run(rule(), [[0, 1.2], [10, 1.6], [20, 1.7], [30, 1.8], [40, 1.9], [50, 1.7]]);
    expect(out.map((o) => o.state)).toEqual(['inactive', 'pending', 'pending', 'pending', 'firing', 'firing']);
    expect(out[1]!.transition).toBe('inactive->pending@1.6');
    expect(out[4]!.transition).toBe('pending->firing@1.9');
  });
  it('drops back to inactive when the breach ends before `for`', () => {
    const out = run(rule(), [[0, 1.6], [10, 1.7], [20, 1.4], [30, 1.6]]);
    expect(out.map((o) => o.state)).toEqual(['pending', 'pending', 'inactive', 'pending']);
    expect(out[2]!.transition).toBe('pending->inactive@1.4');
  });
  it('fires at once with for = 0 and resolves when the value is back', () => {
    const out = run(rule({ forSeconds: 0 }), [[0, 1.6], [10, 1.4], [20, 1.4]]);
    expect(out.map((o) => o.transition)).toEqual(['inactive->firing@1.6', 'firing->resolved@1.4', null]);
  });
  it('hysteresis: a firing alert resolves only past the recovery threshold', () => {
    const out = run(rule({ forSeconds: 0, recovery: 1.2 }), [[0, 1.6], [10, 1.4], [20, 1.3], [30, 1.21], [40, 1.2], [50, 1.3]]);
    expect(out.map((o) => o.state)).toEqual(['firing', 'firing', 'firing', 'firing', 'resolved', 'resolved']);
    expect(out[4]!.transition).toBe('firing->resolved@1.2');
  });
  it('without hysteresis the same values flap', () => {
    const out = run(rule({ forSeconds: 0 }), [[0, 1.6], [10, 1.4], [20, 1.6], [30, 1.4]]);
    expect(out.filter((o) => o.transition?.endsWith('firing@1.6')).length).toBe(2);
  });
  it('below-threshold rules use the recovery threshold on the other side', () => {
    const r = rule({ series: { metric: 'jain', measure: 'apps' }, comparator: '<', threshold: 0.8, recovery: 0.9, forSeconds: 0 });
    const out = run(r, [[0, 0.7], [10, 0.85], [20, 0.95]]);
    expect(out.map((o) => o.state)).toEqual(['firing', 'firing', 'resolved']);
  });
  it('keep firing for: stays firing that long after the last breach, and a new breach restarts it', () => {
    const out = run(rule({ forSeconds: 0, keepFiringForSeconds: 30 }), [[0, 1.6], [10, 1.4], [20, 1.4], [30, 1.6], [40, 1.4], [50, 1.4], [60, 1.4], [70, 1.4]]);
    expect(out.map((o) => o.state)).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'firing', 'resolved', 'resolved']);
    expect(out[6]!.transition).toBe('firing->resolved@1.4');
  });
  it('resolved then breached again goes through pending again', () => {
    const out = run(rule({ forSeconds: 10 }), [[0, 1.6], [10, 1.6], [20, 1.0], [30, 1.6], [40, 1.6]]);
    expect(out.map((o) => o.state)).toEqual(['pending', 'firing', 'resolved', 'pending', 'firing']);
  });

  describe('no data', () => {
    it('nodata: enters the nodata state, and resolves when data is back within bounds', () => {
      const out = run(rule({ forSeconds: 0 }), [[0, 1.0], [10, null], [20, null], [30, 1.0]]);
      expect(out.map((o) => o.transition)).toEqual([null, 'inactive->nodata@null', null, 'nodata->resolved@1']);
    });
    it('nodata from firing replaces firing; data past the threshold goes back through `for`', () => {
      const out = run(rule({ forSeconds: 10 }), [[0, 1.6], [10, 1.6], [20, null], [30, 1.6], [40, 1.6]]);
      expect(out.map((o) => o.state)).toEqual(['pending', 'firing', 'nodata', 'pending', 'firing']);
    });
    it('alerting: no data counts as a breach, with `for`', () => {
      const out = run(rule({ noData: 'alerting', forSeconds: 20 }), [[0, 1.0], [10, null], [20, null], [30, null], [40, 1.0]]);
      expect(out.map((o) => o.state)).toEqual(['inactive', 'pending', 'pending', 'firing', 'resolved']);
    });
    it('ok: no data counts as fine and resolves a firing alert', () => {
      const out = run(rule({ noData: 'ok', forSeconds: 0 }), [[0, 1.6], [10, null], [20, null]]);
      expect(out.map((o) => o.state)).toEqual(['firing', 'resolved', 'resolved']);
    });
    it('keepLast: no data changes nothing, not even the timers', () => {
      const out = run(rule({ noData: 'keepLast', forSeconds: 0, keepFiringForSeconds: 15 }), [[0, 1.6], [10, null], [100, null], [110, 1.6], [120, 1.0], [130, 1.0], [140, 1.0]]);
      // keep-firing-for counts from the breach at 110 s: still firing at 120 s, resolved at 130 s
      expect(out.map((o) => o.state)).toEqual(['firing', 'firing', 'firing', 'firing', 'firing', 'resolved', 'resolved']);
    });
  });

  it('records the time and value of every change', () => {
    const t0 = 1_000_000;
    const a = evaluate(undefined, { value: 2 }, rule({ forSeconds: 0 }), t0);
    expect(a.next).toMatchObject({ state: 'firing', since: t0, activeAt: t0, lastBreachAt: t0, value: 2 });
    const b = evaluate(a.next, { value: 2.5 }, rule({ forSeconds: 0 }), t0 + 10_000);
    expect(b.transition).toBeNull();
    expect(b.next).toMatchObject({ state: 'firing', since: t0, lastBreachAt: t0 + 10_000, value: 2.5 });
  });
});

describe('helpers', () => {
  it('notifies into and out of firing and nodata only', () => {
    expect(notificationOf({ from: 'pending', to: 'firing' })).toBe('firing');
    expect(notificationOf({ from: 'inactive', to: 'nodata' })).toBe('firing');
    expect(notificationOf({ from: 'firing', to: 'resolved' })).toBe('resolved');
    expect(notificationOf({ from: 'nodata', to: 'pending' })).toBe('resolved');
    expect(notificationOf({ from: 'firing', to: 'nodata' })).toBe('firing');
    expect(notificationOf({ from: 'inactive', to: 'pending' })).toBeNull();
    expect(notificationOf({ from: 'pending', to: 'inactive' })).toBeNull();
  });
  it('matches globs', () => {
    expect(globMatch('127.0.0.*:7700', '127.0.0.2:7700')).toBe(true);
    expect(globMatch('127.0.0.?:7700', '127.0.0.12:7700')).toBe(false);
    expect(globMatch('app-1', 'app-10')).toBe(false);
  });
  it('renders templates', () => {
    expect(renderTemplate('{{name}}: {{value}} > {{threshold}} on {{labels.server}} {{other}}', { name: 'skew', value: 1.23456, threshold: 1.5, labels: { server: 'a:7700' } })).toBe(
      'skew: 1.235 > 1.5 on a:7700 {{other}}',
    );
  });
});
