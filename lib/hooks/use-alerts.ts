'use client';
// SWR hooks and requests for the Alerts page: rules, instances, history, silences, contact points,
// a debounced backtest of the rule being edited, and the changes an operator makes to them.
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { FieldError } from '@/lib/api/problem';
import type {
  alertHistoryResponse,
  alertInstanceSchema,
  alertInstancesResponse,
  alertRuleConflictSchema,
  alertRuleSchema,
  alertRulesResponse,
  alertTransitionSchema,
  backtestResponse,
  contactPointSchema,
  contactPointsResponse,
  contactPointTestResponse,
  silencePreviewResponse,
  silenceSchema,
  silencesResponse,
} from '@/lib/api/schemas';
import { send, segment } from './api-client';
import { useApi } from './use-api';

export type RuleView = z.infer<typeof alertRuleSchema>;
export type AlertInstance = z.infer<typeof alertInstanceSchema>;
export type Transition = z.infer<typeof alertTransitionSchema>;
export type SilenceView = z.infer<typeof silenceSchema>;
export type ContactPointView = z.infer<typeof contactPointSchema>;
export type SilencePreview = z.infer<typeof silencePreviewResponse>;
export type BacktestView = z.infer<typeof backtestResponse>;
export type { FieldError };

export const useAlertRules = () => useApi<z.infer<typeof alertRulesResponse>>('/api/alert-rules');
export const useAlertInstances = (state?: string) => useApi<z.infer<typeof alertInstancesResponse>>(`/api/alerts${state ? `?state=${state}` : ''}`);
export const useAlertHistory = () => useApi<z.infer<typeof alertHistoryResponse>>('/api/alerts/history?limit=50');
export const useSilences = () => useApi<z.infer<typeof silencesResponse>>('/api/silences');
export const useContactPoints = () => useApi<z.infer<typeof contactPointsResponse>>('/api/contact-points');

/** What a refused rule save carries besides the problem: on a version conflict, the rule as it is now and what changed. */
export type RuleConflict = z.infer<typeof alertRuleConflictSchema>;

export const alertActions = {
  /** creates a rule, or (with `id`) saves a new version of it over `version` */
  saveRule: (body: object, over?: { id: number; version: number }) =>
    over ? send<RuleView, RuleConflict>('PUT', `/api/alert-rules/${segment(over.id)}`, { ...body, version: over.version }) : send<RuleView, RuleConflict>('POST', '/api/alert-rules', body),
  deleteRule: (id: number) => send('DELETE', `/api/alert-rules/${segment(id)}`),
  createSilence: (body: unknown) => send('POST', '/api/silences', body),
  expireSilence: (id: number) => send('DELETE', `/api/silences/${segment(id)}`),
  /** creates a contact point, or (with `id`) replaces it */
  saveContactPoint: (body: unknown, id?: number) => (id === undefined ? send('POST', '/api/contact-points', body) : send('PUT', `/api/contact-points/${segment(id)}`, body)),
  testContactPoint: (id: number) => send<z.infer<typeof contactPointTestResponse>>('POST', `/api/contact-points/${segment(id)}/test`),
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
