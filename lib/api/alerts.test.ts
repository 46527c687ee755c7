import { describe, expect, it } from 'vitest';
import { ruleBody } from '../domain/alert-rules.ts';
import { changedFields, ruleView } from './alerts.ts';

const body = ruleBody.parse({ name: 'skew', series: { metric: 'maxMean' }, comparator: '>', threshold: 1.5, forSeconds: 60, severity: 'warning' });
const stored = { id: 7, name: 'skew', version: 3, rule: body, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z', updatedBy: 'alice' };
const instance = (key: string, state: 'firing' | 'pending' | 'resolved', value: number) => ({ ruleId: 7, ruleName: 'skew', key, state, value, since: '2026-01-02T00:00:00.000Z', labels: {}, evaluatedAt: '2026-01-02T00:00:00.000Z', lastNotifiedAt: null });

describe('alert rule views', () => {
  it('names the fields that differ, nested ones by their top-level field', () => {
    expect(changedFields(body, { ...body, threshold: 2, series: { metric: 'maxMean', measure: 'workers' } })).toEqual(['series', 'threshold']);
    expect(changedFields(body, { ...body })).toEqual([]);
    expect(changedFields(body, { ...body, recovery: 1.2 })).toEqual(['recovery']);
  });
  it('shows the worst state of a rule’s instances, and only its own', () => {
    const v = ruleView(stored, [instance('server=a', 'pending', 0.4), instance('server=b', 'firing', 0.7), { ...instance('x', 'firing', 9), ruleId: 8 }], '2026-01-02T00:00:00.000Z');
    expect(v).toMatchObject({ id: 7, version: 3, threshold: 1.5, status: { state: 'firing', value: 0.7, instances: 2, firing: 1, lastChange: '2026-01-02T00:00:00.000Z' } });
    expect(ruleView(stored).status).toEqual({ state: 'inactive', value: null, instances: 0, firing: 0, lastChange: null });
  });
});
