import { describe, expect, it } from 'vitest';
import { inWindow, isSilenced, matches, silenceBody, type Silence } from './silences.ts';
import { fingerprint, groupForDelivery, repeatDue, retryDelayMs, webhookBody, ZERO_TIME } from './alert-notifications.ts';

const at = (iso: string) => Date.parse(iso);

describe('silences', () => {
  it('matches labels with =, !=, =~ and !~', () => {
    const labels = { alertname: 'skew', server: '10.0.0.5:7700', severity: 'warning' };
    expect(matches([{ name: 'alertname', value: 'skew', op: '=' }], labels)).toBe(true);
    expect(matches([{ name: 'alertname', value: 'skew', op: '=' }, { name: 'severity', value: 'critical', op: '=' }], labels)).toBe(false);
    expect(matches([{ name: 'server', value: '10\\.0\\.0\\..*', op: '=~' }], labels)).toBe(true);
    expect(matches([{ name: 'server', value: '10\\.0', op: '=~' }], labels)).toBe(false); // anchored, like Alertmanager
    expect(matches([{ name: 'severity', value: 'critical', op: '!=' }], labels)).toBe(true);
    expect(matches([{ name: 'severity', value: 'warn.*', op: '!~' }], labels)).toBe(false);
    expect(matches([{ name: 'missing', value: '', op: '=' }], labels)).toBe(true);
  });
  it('a one-off silence covers [start, end)', () => {
    const s: Silence = { matchers: [{ name: 'alertname', value: 'skew', op: '=' }], startsAt: at('2026-01-01T10:00:00Z'), endsAt: at('2026-01-01T11:00:00Z') };
    expect(isSilenced([s], { alertname: 'skew' }, at('2026-01-01T09:59:59Z'))).toBe(false);
    expect(isSilenced([s], { alertname: 'skew' }, at('2026-01-01T10:00:00Z'))).toBe(true);
    expect(isSilenced([s], { alertname: 'other' }, at('2026-01-01T10:30:00Z'))).toBe(false);
    expect(isSilenced([s], { alertname: 'skew' }, at('2026-01-01T11:00:00Z'))).toBe(false);
  });
  it('a nightly window crossing midnight on weekdays', () => {
    // Mon..Fri 23:00 → 01:00 UTC; 2026-01-05 is a Monday
    const r = { days: [1, 2, 3, 4, 5], start: '23:00', end: '01:00' };
    expect(inWindow(r, at('2026-01-05T22:59:00Z'))).toBe(false);
    expect(inWindow(r, at('2026-01-05T23:00:00Z'))).toBe(true);
    expect(inWindow(r, at('2026-01-06T00:59:00Z'))).toBe(true); // Tuesday morning, opened Monday
    expect(inWindow(r, at('2026-01-06T01:00:00Z'))).toBe(false);
    expect(inWindow(r, at('2026-01-10T23:30:00Z'))).toBe(false); // Saturday night
    expect(inWindow(r, at('2026-01-10T00:30:00Z'))).toBe(true); // Saturday morning, opened Friday
    expect(inWindow(r, at('2026-01-05T00:30:00Z'))).toBe(false); // Monday morning, Sunday closed
  });
  it('a recurring silence silences only inside its window and its overall range', () => {
    const s: Silence = {
      matchers: [{ name: 'severity', value: 'warning', op: '=' }],
      startsAt: at('2026-01-01T00:00:00Z'),
      endsAt: at('2026-02-01T00:00:00Z'),
      recurrence: { days: [0, 1, 2, 3, 4, 5, 6], start: '02:00', end: '03:00' },
    };
    expect(isSilenced([s], { severity: 'warning' }, at('2026-01-15T02:30:00Z'))).toBe(true);
    expect(isSilenced([s], { severity: 'warning' }, at('2026-01-15T03:30:00Z'))).toBe(false);
    expect(isSilenced([s], { severity: 'warning' }, at('2026-02-01T02:30:00Z'))).toBe(false);
  });
  it('validates bodies', () => {
    const base = { matchers: [{ name: 'alertname', value: 'x' }], startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-02T00:00:00Z', comment: 'maintenance' };
    expect(silenceBody.parse(base).matchers[0]!.op).toBe('=');
    expect(silenceBody.safeParse({ ...base, endsAt: '2025-12-31T00:00:00Z' }).success).toBe(false);
    expect(silenceBody.safeParse({ ...base, recurrence: { days: [1], start: '25:00', end: '01:00' } }).success).toBe(false);
    expect(silenceBody.safeParse({ ...base, recurrence: { days: [1], start: '01:00', end: '01:00' } }).success).toBe(false);
  });
});

describe('notifications', () => {
  it('builds an Alertmanager version 4 webhook body', () => {
    const b = webhookBody('ops', 'http://fulcrum:3000', [
      {
        status: 'firing',
        labels: { alertname: 'skew', severity: 'warning' },
        annotations: { description: 'max/mean 1.8' },
        startsAt: '2026-01-01T00:00:00.000Z',
        endsAt: ZERO_TIME,
        generatorURL: 'http://fulcrum:3000/alerts?rule=1',
      },
    ]);
    expect(b).toMatchObject({ version: '4', status: 'firing', receiver: 'ops', truncatedAlerts: 0, groupLabels: { alertname: 'skew' }, commonLabels: { alertname: 'skew', severity: 'warning' } });
    expect(b.groupKey).toBe('{}:{alertname="skew"}');
    expect(b.alerts[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint({ b: '1', a: '2' })).toBe(fingerprint({ a: '2', b: '1' }));
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }));
  });
  const alert = (alertname: string, server: string, status: 'firing' | 'resolved' = 'firing') => ({
    status,
    labels: { alertname, severity: 'warning', server },
    annotations: { description: `${server} share`, threshold: '0.5' },
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: status === 'firing' ? ZERO_TIME : '2026-01-01T00:05:00.000Z',
    generatorURL: 'http://fulcrum:3000/alerts?rule=1',
  });

  it('puts a group of one rule\'s alerts in one body: firing while any fires, the labels they share in common', () => {
    const b = webhookBody('ops', 'http://f', [alert('share', 'a:7700', 'resolved'), alert('share', 'b:7700')]);
    expect(b.status).toBe('firing');
    expect(b.commonLabels).toEqual({ alertname: 'share', severity: 'warning' });
    expect(b.commonAnnotations).toEqual({ threshold: '0.5' });
    expect(b.alerts.map((a) => [a.status, a.labels.server])).toEqual([
      ['resolved', 'a:7700'],
      ['firing', 'b:7700'],
    ]);
    expect(webhookBody('ops', 'http://f', [alert('share', 'a:7700', 'resolved')]).status).toBe('resolved');
  });

  it('groups consecutive notifications of one rule per contact point, never one alert twice, at most max', () => {
    const n = (id: number, contactPointId: number, a: ReturnType<typeof alert>) => ({ id, contactPointId, item: a });
    const queue = [
      n(1, 1, alert('share', 'a')),
      n(2, 1, alert('share', 'b')),
      n(3, 1, alert('down', 'a')),
      n(4, 1, alert('share', 'c')),
      n(5, 1, alert('share', 'c', 'resolved')), // the same alert again: a body of its own, after
      n(6, 2, alert('share', 'd')),
      n(7, 2, alert('share', 'e')),
      n(8, 2, alert('share', 'f')),
    ];
    expect(groupForDelivery(queue).map((g) => g.map((x) => x.id))).toEqual([[1, 2], [3], [4], [5], [6, 7, 8]]);
    expect(groupForDelivery(queue, 2).map((g) => g.map((x) => x.id))).toEqual([[1, 2], [3], [4], [5], [6, 7], [8]]);
    expect(groupForDelivery([])).toEqual([]);
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map((n) => retryDelayMs(n, 1000, 10_000))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });
});

describe('repeated notifications', () => {
  const H = 3_600_000;
  const base = { firing: true, silencedNow: false, notifiedAt: 0, now: 4 * H, repeatMs: 4 * H };

  it('tells a firing instance again once the repeat interval has passed since it was last told', () => {
    expect(repeatDue(base)).toBe(true);
    expect(repeatDue({ ...base, now: 4 * H - 1 })).toBe(false);
    expect(repeatDue({ ...base, now: 9 * H, notifiedAt: 4 * H })).toBe(true);
  });

  it('tells an instance whose firing was silenced as soon as no silence covers it', () => {
    expect(repeatDue({ ...base, notifiedAt: null, now: 1 })).toBe(true);
    expect(repeatDue({ ...base, notifiedAt: null, silencedNow: true })).toBe(false);
    expect(repeatDue({ ...base, notifiedAt: null, repeatMs: 0 })).toBe(true);
  });

  it('never repeats with the interval off, under a silence, or when not firing', () => {
    expect(repeatDue({ ...base, repeatMs: 0, now: 100 * H })).toBe(false);
    expect(repeatDue({ ...base, silencedNow: true })).toBe(false);
    expect(repeatDue({ ...base, firing: false })).toBe(false);
  });
});
