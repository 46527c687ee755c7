'use client';
// One rollout: where it is (step timeline), the controls that fit its state, cohort vs control on
// the fairness chart with step markers, the members, the moves and the events. Refreshes every 2 s.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { useApi, useSecondsSince } from '@/lib/hooks/use-api';
import { StatusBadge } from '@/components/ui/status-badge';
import { StepTimeline } from './step-timeline';
import { CohortChart } from './cohort-chart';
import type { RolloutDetailView } from './types';

const ACTIONS: { action: string; label: string }[] = [
  { action: 'start', label: 'Start' },
  { action: 'pause', label: 'Pause' },
  { action: 'resume', label: 'Resume' },
  { action: 'promote', label: 'Promote' },
  { action: 'promote-full', label: 'Promote to 100%' },
  { action: 'abort', label: 'Abort' },
  { action: 'retry', label: 'Retry' },
  { action: 'stop', label: 'Stop balancing' },
];

const STEP_ACTIONS = new Set(['start', 'promote', 'advance', 'complete', 'promote-full', 'abort', 'retry', 'guardrail', 'pause', 'resume', 'move-failed', 'stop']);

export function RolloutDetail({ id }: { id: string }) {
  const { data: r, error, mutate, updatedAt } = useApi<RolloutDetailView>(`/api/rollouts/${encodeURIComponent(id)}`, 2000);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const age = useSecondsSince(updatedAt);

  async function act(action: string) {
    if (action === 'promote-full' && !window.confirm('Promote to 100%? This skips every remaining step and pause.')) return;
    if (action === 'abort' && !window.confirm('Abort? The cohort returns to the baseline and every app this rollout moved is moved back.')) return;
    setBusy(true);
    setProblem(null);
    const res = await fetch(`/api/rollouts/${encodeURIComponent(id)}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(action === 'promote-full' ? { confirm: true } : {}),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { detail?: string };
      setProblem(body.detail ?? `HTTP ${res.status}`);
    }
    await mutate();
    setBusy(false);
  }

  if (error && !r) return <p role="alert" className="error">Could not load the rollout: {error.message}</p>;
  if (!r) return <p aria-busy="true" className="placeholder">Loading the rollout…</p>;

  const markers = r.events
    .filter((e) => STEP_ACTIONS.has(e.action))
    .map((e) => ({ t: Date.parse(e.at), label: e.action === 'abort' || e.action === 'pause' || e.action === 'guardrail' ? e.action : `${e.percent}%` }))
    .reverse();
  const points = r.samples.map((s) => ({ t: Date.parse(s.at), cohort: s.cohortMaxMean, control: s.controlMaxMean, cluster: s.clusterMaxMean }));

  return (
    <>
      <h1>
        Rollout {r.name} <StatusBadge status={r.state} />
      </h1>
      <p className="lede">
        {r.candidate.kind}
        {r.candidate.params && Object.keys(r.candidate.params).length ? ` ${JSON.stringify(r.candidate.params)}` : ''} instead of {r.baseline?.kind ?? 'the baseline'}, bucketed by {r.key}
        {r.key === 'worker' ? ' (PowerJob binds whole apps: an app moves only when all its workers are in)' : ''}; now at {r.percent}% ({r.members.apps} apps, {r.members.workers} workers in the cohort).
        {r.reason ? ` Reason: ${r.reason}.` : ''}
      </p>
      <p className="freshness note">{age === null ? 'loading' : `updated ${age} s ago`}</p>
      <IfCan role="operator">
      <div className="toolbar" role="group" aria-label="Controls">
        {ACTIONS.map((a) => (
          <button key={a.action} type="button" disabled={busy || !r.allowedActions.includes(a.action)} onClick={() => void act(a.action)}>
            {a.label}
          </button>
        ))}
      </div>
      </IfCan>
      {problem ? (
        <p role="alert" className="error">
          {problem}
        </p>
      ) : null}
      <h2>Steps</h2>
      <StepTimeline rollout={r} now={Date.now()} />
      <h2>Cohort against control</h2>
      <CohortChart points={points} markers={markers} />
      <h2>Members</h2>
      <table>
        <caption>{r.members.apps} apps in the cohort</caption>
        <thead>
          <tr>
            <th scope="col">App</th>
            <th scope="col">Server</th>
            <th scope="col" className="num">Workers</th>
            <th scope="col" className="num">Bucket</th>
          </tr>
        </thead>
        <tbody>
          {r.members.list.slice(0, 200).map((m) => (
            <tr key={m.appId}>
              <th scope="row">{m.app}</th>
              <td>{m.server ?? 'unbound'}</td>
              <td className="num">{m.workers}</td>
              <td className="num">{m.bucket}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Moves</h2>
      {r.moves.length === 0 ? (
        <p className="note">No app moved yet.</p>
      ) : (
        <table>
          <caption>{r.moves.length} moves</caption>
          <thead>
            <tr>
              <th scope="col">App</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Purpose</th>
              <th scope="col">Status</th>
              <th scope="col">Verification</th>
            </tr>
          </thead>
          <tbody>
            {r.moves.map((m) => (
              <tr key={m.id}>
                <th scope="row">{m.appName ?? m.appId}</th>
                <td>{m.fromServer ?? 'unbound'}</td>
                <td>{m.toServer}</td>
                <td>{m.purpose}</td>
                <td>{m.phase}</td>
                <td className="wrap">
                  {m.verifiedAt
                    ? `${m.workersTotal ? `all ${m.workersTotal} workers` : 'workers'} seen at ${m.verifiedAt.slice(11, 19)}`
                    : m.phase === 'converging'
                      ? `${m.workersSeen} of ${m.workersTotal} workers on ${m.toServer}`
                      : (m.detail ?? 'waiting for the first worker')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Events</h2>
      <table>
        <caption>History, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {r.events.map((e) => (
            <tr key={e.id}>
              <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td className="wrap">{e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
