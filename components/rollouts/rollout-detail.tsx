'use client';
// One rollout: where it is (step timeline), only the controls its state allows, a summary of its
// spec (selector, steps, guardrails, move policy, delivery, who is told), cohort vs control beside the whole
// cluster, the members, the moves and the events. Refreshes every 2 s. Promote to 100 % and abort
// ask first in an in-page dialog; abort lists the apps that will move back.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useApi, useSecondsSince } from '@/lib/hooks/use-api';
import { useContactPoints } from '@/lib/hooks/use-alerts';
import { rolloutActions } from '@/lib/hooks/use-rollouts';
import { ROLLOUT_NOTICE_EVENTS } from '@/lib/domain/rollout-notices';
import { StatusBadge } from '@/components/ui/status-badge';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { useFormat } from '@/components/ui/use-format';
import { StepTimeline } from './step-timeline';
import { CohortChart } from './cohort-chart';
import type { RolloutDetailView, RolloutSpecView } from './types';
import { ErrorAlert, useLoadErrorText, useProblemText } from '@/components/ui/field-errors';
import { useRolloutText } from './rollout-text';
import { reasonRow } from '@/lib/domain/rollout-texts';

const ACTIONS = ['start', 'pause', 'resume', 'promote', 'promote-full', 'abort', 'retry', 'stop'] as const;
const STEP_ACTIONS = new Set(['start', 'promote', 'advance', 'complete', 'promote-full', 'abort', 'retry', 'guardrail', 'pause', 'resume', 'move-failed', 'stop']);
const BACK_LISTED = 10;

/** Apps a rollout moved forward and has not moved back: an abort moves them back. */
export function appsToMoveBack(moves: RolloutDetailView['moves']): RolloutDetailView['moves'] {
  const back = new Set(moves.filter((m) => m.purpose === 'revert').map((m) => m.appId));
  const seen = new Set<number>();
  return moves.filter((m) => {
    if (m.purpose !== 'forward' || back.has(m.appId) || seen.has(m.appId) || !m.fromServer) return false;
    if (m.status !== 'moved' && m.status !== 'verified') return false;
    seen.add(m.appId);
    return true;
  });
}

function SpecSummary({ r, spec }: { r: RolloutDetailView; spec: RolloutSpecView }) {
  const t = useTranslations('rollout');
  const o = useTranslations('overview');
  const m = useTranslations('rolloutForm');
  const fmt = useFormat();
  const contactPoints = useContactPoints().data?.contactPoints;
  const sel = spec.selector;
  const told = spec.notify?.contactPoints ?? [];
  const allEvents = spec.notify?.events.length === ROLLOUT_NOTICE_EVENTS.length;
  const parts = [
    sel?.apps?.include?.length ? t('selApps', { list: sel.apps.include.join(', ') }) : null,
    sel?.apps?.exclude?.length ? t('selExcept', { list: sel.apps.exclude.join(', ') }) : null,
    sel?.tags?.include?.length ? t('selTags', { list: sel.tags.include.join(', ') }) : null,
    sel?.tags?.exclude?.length ? t('selExceptTags', { list: sel.tags.exclude.join(', ') }) : null,
    sel?.addresses?.include?.length ? t('selAddresses', { list: sel.addresses.include.join(', ') }) : null,
    sel?.addresses?.exclude?.length ? t('selExceptAddresses', { list: sel.addresses.exclude.join(', ') }) : null,
    sel?.versions?.min ? t('selVersionMin', { version: sel.versions.min }) : null,
    sel?.versions?.below ? t('selVersionBelow', { version: sel.versions.below }) : null,
  ].filter(Boolean);
  return (
    <dl className="spec" aria-label={t('specSummary')}>
      <dt>{t('candidate')}</dt>
      <dd>
        <code>{r.candidate.kind}</code>
        {r.candidate.params && Object.keys(r.candidate.params).length ? <code> {JSON.stringify(r.candidate.params)}</code> : null}
      </dd>
      <dt>{t('baseline')}</dt>
      <dd>{r.baseline ? <code>{r.baseline.kind}</code> : t('theBaseline')}</dd>
      <dt>{t('selector')}</dt>
      <dd>{parts.length ? parts.join('; ') : t('allWorkers')}</dd>
      <dt>{t('key')}</dt>
      <dd>{r.key === 'worker' ? t('keyWorker') : t('keyApp')}</dd>
      <dt>{t('measure')}</dt>
      <dd>{m(`measures.${r.measure}`)}</dd>
      <dt>{t('steps')}</dt>
      <dd>{r.steps.map((s) => `${s.percent}% (${'manual' in s.pause ? t('pauseManual') : t('pauseTimed', { duration: fmt.duration(s.pause.seconds) })})`).join(' → ')}</dd>
      <dt>{t('guardrails')}</dt>
      <dd>
        {spec.guardrails.length
          ? spec.guardrails
              .map((g) =>
                g.kind === 'alert'
                  ? t('guardAlert', { rule: g.ruleId, action: t(`guardAction.${g.action}`) })
                  : g.kind === 'jobs'
                    ? t('guardJobs', { action: t(`guardAction.${g.action}`) })
                    : t('guardFairness', { metric: o(`metrics.${g.metric}.label`), op: g.metric === 'jain' ? '<' : '>', threshold: g.threshold, action: t(`guardAction.${g.action}`) }),
              )
              .join('; ')
          : t('noGuardrails')}
      </dd>
      <dt>{t('movePolicy')}</dt>
      <dd>
        {spec.moves.enabled ? t('movesOn', { perMinute: spec.moves.perMinute, epsilon: spec.moves.epsilon, verify: fmt.duration(spec.moves.verifySeconds) }) : t('movesOff')}
        {spec.moves.enabled ? `; ${spec.moves.allowBusy ? t('movesAllowBusy') : t('movesQuietOnly')}${spec.moves.keepBalanced ? `; ${t('movesKeepBalanced')}` : ''}` : null}
      </dd>
      <dt>{t('delivery')}</dt>
      <dd>{t('deliveryText')}</dd>
      <dt>{t('notify')}</dt>
      <dd>
        {told.length
          ? t('notifyText', {
              contactPoints: told.map((id) => contactPoints?.find((cp) => cp.id === id)?.name ?? t('notifyDeleted', { id })).join(', '),
              events: allEvents ? t('notifyAllEvents') : spec.notify!.events.map((e) => t(`noticeEvents.${e}`)).join(', '),
            })
          : t('notifyNone')}
      </dd>
    </dl>
  );
}

export function RolloutDetail({ id }: { id: string }) {
  const t = useTranslations('rollout');
  const c = useTranslations('common');
  const loadText = useLoadErrorText();
  const fmt = useFormat();
  const { data: r, error, mutate, updatedAt } = useApi<RolloutDetailView>(`/api/rollouts/${encodeURIComponent(id)}`, 2000);
  const [problem, setProblem] = useState<string | null>(null);
  const problemText = useProblemText();
  const said = useRolloutText();
  const [busy, setBusy] = useState(false);
  const [dialog, ask] = useConfirm();
  const age = useSecondsSince(updatedAt);

  async function act(action: string) {
    if (!r) return;
    if (action === 'promote-full' && !(await ask({ title: t('confirmFull.title'), body: <p>{t('confirmFull.body', { candidate: r.candidate.kind })}</p>, confirmLabel: t('actions.promote-full') }))) return;
    if (action === 'abort') {
      const back = appsToMoveBack(r.moves);
      const body = (
        <>
          <p>{t('confirmAbort.body', { baseline: r.baseline?.kind ?? t('theBaseline') })}</p>
          <p>{t('confirmAbort.back', { count: back.length })}</p>
          {back.length ? (
            <ul aria-label={t('moves')}>
              {back.slice(0, BACK_LISTED).map((m) => (
                <li key={m.id}>{t('confirmAbort.backItem', { app: m.appName ?? String(m.appId), to: m.toServer, from: m.fromServer ?? '' })}</li>
              ))}
              {back.length > BACK_LISTED ? <li>{t('confirmAbort.more', { count: back.length - BACK_LISTED })}</li> : null}
            </ul>
          ) : null}
        </>
      );
      if (!(await ask({ title: t('confirmAbort.title', { name: r.name }), body, confirmLabel: t('actions.abort'), danger: true }))) return;
    }
    setBusy(true);
    setProblem(null);
    const answer = await rolloutActions.act(id, action);
    if (!answer.ok) setProblem(problemText(answer.problem, answer.status));
    await mutate();
    setBusy(false);
  }

  if (error && !r) return <p role="alert" className="error">{t('loadError', { message: loadText(error) })}</p>;
  if (!r) return <p aria-busy="true" className="placeholder">{t('loading')}</p>;

  const actionName = (action: string) => (t.has(`eventActions.${action}`) ? t(`eventActions.${action}`) : action);
  const markers = r.events
    .filter((e) => STEP_ACTIONS.has(e.action))
    .map((e) => ({ t: Date.parse(e.at), label: e.action === 'abort' || e.action === 'pause' || e.action === 'guardrail' ? actionName(e.action) : `${e.percent}%` }))
    .reverse();
  // the reason by its own code (0021), else by the coded event it came from, else as stored (an operator's words)
  const reason = r.reason === null ? null : r.reasonCode ? said({ code: r.reasonCode, params: r.reasonParams, detail: r.reason }) : said(reasonRow(r.reason, r.events) ?? { detail: r.reason });
  const points = r.samples.map((s) => ({ t: Date.parse(s.at), cohort: s.cohortMaxMean, control: s.controlMaxMean, cluster: s.clusterMaxMean }));
  const allowed = ACTIONS.filter((a) => r.allowedActions.includes(a));

  return (
    <>
      {dialog}
      <h1>
        {t('title', { name: r.name })} <StatusBadge status={r.state} />
      </h1>
      <p className="lede">
        {t('lede', { candidate: r.candidate.kind, baseline: r.baseline?.kind ?? t('theBaseline'), percent: r.percent, apps: r.members.apps, workers: r.members.workers })}
        {reason ? ` ${t('reason', { reason })}` : ''}
      </p>
      <p className="freshness note">{age === null ? c('loading') : t('updated', { seconds: age })}</p>
      <IfCan role="operator">
        <div className="toolbar" role="group" aria-label={t('controls')}>
          {allowed.map((a) => (
            <button key={a} type="button" className={a === 'abort' ? 'danger' : undefined} disabled={busy} onClick={() => void act(a)}>
              {t(`actions.${a}`)}
            </button>
          ))}
          {allowed.length === 0 ? <span className="note">{t('noActions', { state: c(`status.${r.state}`) })}</span> : null}
        </div>
      </IfCan>
      <ErrorAlert message={problem} />
      {r.spec ? (
        <>
          <h2>{t('spec')}</h2>
          <SpecSummary r={r} spec={r.spec} />
        </>
      ) : null}
      <h2>{t('stepsHeading')}</h2>
      <StepTimeline rollout={r} now={Date.now()} />
      <h2>{t('chartHeading')}</h2>
      <CohortChart points={points} markers={markers} />
      <h2>{t('members')}</h2>
      <div className="table-box">
        <table>
          <caption>{t('membersCaption', { count: r.members.apps })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('app')}</th>
              <th scope="col">{t('server')}</th>
              <th scope="col" className="num">{t('workers')}</th>
              <th scope="col" className="num">{t('bucket')}</th>
            </tr>
          </thead>
          <tbody>
            {r.members.list.slice(0, 200).map((m) => (
              <tr key={m.appId}>
                <th scope="row">{m.app}</th>
                <td>{m.server ?? c('unbound')}</td>
                <td className="num">{m.workers}</td>
                <td className="num">{m.bucket}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('moves')}</h2>
      {r.moves.length === 0 ? (
        <p className="note">{t('noMoves')}</p>
      ) : (
        <div className="table-box">
          <table>
            <caption>{t('movesCaption', { count: r.moves.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('app')}</th>
                <th scope="col">{t('from')}</th>
                <th scope="col">{t('to')}</th>
                <th scope="col">{t('purpose')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('verification')}</th>
              </tr>
            </thead>
            <tbody>
              {r.moves.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.appName ?? m.appId}</th>
                  <td>{m.fromServer ?? c('unbound')}</td>
                  <td>{m.toServer}</td>
                  <td>{t.has(`purposes.${m.purpose}`) ? t(`purposes.${m.purpose}`) : m.purpose}</td>
                  <td>
                    <span className={`badge ${m.phase === 'failed' || m.phase === 'conflict' || m.phase === 'missing' ? 'down' : m.phase === 'verified' ? 'up' : 'unknown'}`}>
                      {t.has(`moveStatus.${m.phase}`) ? t(`moveStatus.${m.phase}`) : m.phase}
                    </span>
                  </td>
                  <td className="wrap">
                    {m.verifiedAt
                      ? t('workersSeen', { at: fmt.when(m.verifiedAt) })
                      : m.phase === 'converging'
                        ? t('workersConverging', { seen: m.workersSeen ?? 0, total: m.workersTotal ?? 0, server: m.toServer })
                        : (said(m) ?? t('waitingWorkers'))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('events')}</h2>
      <div className="table-box">
        <table>
          <caption>{t('eventsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('who')}</th>
              <th scope="col">{t('what')}</th>
              <th scope="col">{t('detail')}</th>
            </tr>
          </thead>
          <tbody>
            {r.events.map((e) => (
              <tr key={e.id}>
                <td>{fmt.when(e.at)}</td>
                <td>{e.actor}</td>
                <td>{actionName(e.action)}</td>
                <td className="wrap">{said(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
