'use client';
// SWR hooks and requests for the Alerts page: rules, instances, history, silences, contact points,
// a debounced backtest of the rule being edited, and the changes an operator makes to them.
import { useEffect, useState } from 'react';
import { send, segment } from './api-client';
import { useApi } from './use-api';

export interface RuleView {
  id: number;
  version: number;
  name: string;
  series: { metric: string; measure: string };
  scope: { filter?: string };
  comparator: '>' | '>=' | '<' | '<=';
  threshold: number;
  recovery?: number;
  forSeconds: number;
  keepFiringForSeconds: number;
  severity: 'info' | 'warning' | 'critical';
  noData: 'nodata' | 'alerting' | 'ok' | 'keepLast';
  labels: Record<string, string>;
  description: string;
  updatedAt: string;
  updatedBy: string;
  status: { state: string; value: number | null; instances: number; firing: number; lastChange: string | null };
}

export interface AlertInstance {
  ruleId: number;
  ruleName: string;
  key: string;
  state: string;
  value: number | null;
  since: string;
  labels: Record<string, string>;
  /** when this firing was last sent (first time or a repeat); null: not sent */
  lastNotifiedAt: string | null;
  /** an active silence covers it now */
  silenced: boolean;
  silencedBy: number[];
}

export interface Transition {
  id: number;
  ruleId: number;
  ruleName: string;
  key: string;
  from: string;
  to: string;
  value: number | null;
  at: string;
  silenced: boolean;
}

export interface SilenceView {
  id: number;
  matchers: { name: string; value: string; op: string }[];
  startsAt: string;
  endsAt: string;
  recurrence: { days: number[]; start: string; end: string } | null;
  createdBy: string;
  comment: string;
}

export interface ContactPointView {
  id: number;
  name: string;
  kind: 'webhook' | 'dingtalk' | 'feishu' | 'wecom' | 'alertmanager';
  url: string;
  enabled: boolean;
  settings: { keywords?: string[]; atMobiles?: string[]; atAll?: boolean };
  secretSet: boolean;
  language: 'en' | 'zh-CN';
}

export interface FieldError {
  path: string;
  message: string;
}

export interface SilencePreview {
  text: string;
  active: number;
  alerts: { ruleId: number; ruleName: string; key: string; state: string; labels: Record<string, string> }[];
}

export interface BacktestView {
  supported: boolean;
  reason?: string;
  fired: number | null;
  evaluations: number;
  from: number;
  to: number;
  series: { key: string; labels: Record<string, string>; points: { t: number; value: number | null }[] }[];
  firings: { key: string; at: number; value: number | null }[];
}

export const useAlertRules = () => useApi<{ rules: RuleView[] }>('/api/alert-rules');
export const useAlertInstances = (state?: string) => useApi<{ alerts: AlertInstance[] }>(`/api/alerts${state ? `?state=${state}` : ''}`);
export const useAlertHistory = () => useApi<{ transitions: Transition[] }>('/api/alerts/history?limit=50');
export const useSilences = () => useApi<{ silences: SilenceView[]; now: string }>('/api/silences');
export const useContactPoints = () => useApi<{ contactPoints: ContactPointView[] }>('/api/contact-points');

/** What a refused rule save carries besides the problem: on a version conflict, the rule as it is now and what changed. */
export interface RuleConflict {
  current: RuleView;
  changed: string[];
}

export const alertActions = {
  /** creates a rule, or (with `id`) saves a new version of it over `version` */
  saveRule: (body: object, over?: { id: number; version: number }) =>
    over ? send<RuleView, RuleConflict>('PUT', `/api/alert-rules/${segment(over.id)}`, { ...body, version: over.version }) : send<RuleView, RuleConflict>('POST', '/api/alert-rules', body),
  deleteRule: (id: number) => send('DELETE', `/api/alert-rules/${segment(id)}`),
  createSilence: (body: unknown) => send('POST', '/api/silences', body),
  expireSilence: (id: number) => send('DELETE', `/api/silences/${segment(id)}`),
  /** creates a contact point, or (with `id`) replaces it */
  saveContactPoint: (body: unknown, id?: number) => (id === undefined ? send('POST', '/api/contact-points', body) : send('PUT', `/api/contact-points/${segment(id)}`, body)),
  testContactPoint: (id: number) => send<{ ok: boolean; error: string | null; ms: number }>('POST', `/api/contact-points/${segment(id)}/test`),
  deleteContactPoint: (id: number) => send('DELETE', `/api/contact-points/${segment(id)}`),
};

/** Backtests `rule` (null: nothing valid to test) 400 ms after it stops changing, and again every 15 s as data arrives. */
export function useBacktest(rule: unknown | null) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 15_000);
    return () => clearInterval(t);
  }, []);
  const key = rule === null ? null : JSON.stringify(rule);
  const [state, setState] = useState<{ key: string | null; data: BacktestView | null; error: string | null; loading: boolean }>({ key: null, data: null, error: null, loading: false });
  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, loading: true }));
      void send<BacktestView>('POST', '/api/alert-rules/backtest?range=24h', JSON.parse(key)).then((r) => {
        if (cancelled) return;
        setState({ key, data: r.ok ? r.data : null, error: r.ok ? null : (r.problem.detail ?? `HTTP ${r.status}`), loading: false });
      });
    }, 400);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, tick]);
  return { ...state, stale: state.key !== key };
}

/**
 * Previews a silence's matchers 400 ms after they stop changing: how the server parsed them (or the
 * error at each matcher) and the active alerts they would cover. Empty text: nothing asked.
 */
export function useSilencePreview(text: string) {
  const [state, setState] = useState<{ text: string; data: SilencePreview | null; errors: FieldError[] }>({ text: '', data: null, errors: [] });
  useEffect(() => {
    if (!text.trim()) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void send<SilencePreview>('POST', '/api/silences/preview', { matchers: text }).then((r) => {
        if (cancelled) return;
        setState({ text, data: r.ok ? r.data : null, errors: r.ok ? [] : (r.problem.errors ?? [{ path: 'matchers', message: r.problem.detail ?? `HTTP ${r.status}` }]) });
      });
    }, 400);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text]);
  return text.trim() && state.text === text ? state : { text, data: null, errors: [] };
}
