'use client';
// The rolling-restart assistant on the Servers page: the one running (which server, its phase,
// servers done, ETA, what it waits for) with Pause / Resume / It is back / Abort, or, for
// operators, a form to start one: the servers ticked in the order to restart them, and why.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { IfCan } from '@/components/auth/session';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { ErrorAlert, FieldError, invalidProps, useFormProblem, useProblemText } from '@/components/ui/field-errors';
import { useFormat } from '@/components/ui/use-format';
import { rollingRestartActions, useRollingRestarts, type RollingRestartView } from '@/lib/hooks/use-rolling-restart';
import type { RollingRestartAction } from '@/lib/domain/rolling-restart';

const NOTE_CODES = ['safe-to-restart', 'waiting-for-return', 'overdue', 'drain-incomplete', 'paused', 'refused', 'aborting', 'aborted', 'completed', 'outside-restore'];

/** Which server, its phase since when, servers done, the ETA and what it waits for. */
export function RollingRestartProgress({ rr }: { rr: RollingRestartView }) {
  const t = useTranslations('rollingRestart');
  const fmt = useFormat();
  const p = rr.progress;
  return (
    <>
      <p role="status">
        <strong>{t('state', { state: rr.state })}</strong> · {t('done', { done: p.done, total: p.total })}
        {p.current ? ` · ${t('at', { address: p.current.address, index: p.current.index + 1, total: p.total, phase: p.current.phase, since: fmt.when(p.current.since) })}` : ''}
        {p.eta ? ` · ${t('eta', { at: fmt.when(p.eta) })}` : ''}
      </p>
      <progress aria-label={t('title')} max={Math.max(1, p.total)} value={p.done} />
      {rr.note ? <p className={rr.note.code === 'safe-to-restart' ? 'good' : 'warn'}>{NOTE_CODES.includes(rr.note.code) ? t(`notes.${rr.note.code}`, rr.note.params) : rr.note.detail}</p> : null}
      {rr.drain && p.current && (p.current.phase === 'draining' || p.current.phase === 'restoring') ? (
        <p className="note">{t('drain', { done: rr.drain.progress.done, total: rr.drain.progress.total, converging: rr.drain.progress.converging, left: rr.drain.progress.left, skipped: rr.drain.progress.skipped.length })}</p>
      ) : null}
    </>
  );
}

function Actions({ rr, refresh }: { rr: RollingRestartView; refresh: () => void }) {
  const t = useTranslations('rollingRestart');
  const problemText = useProblemText();
  const [dialog, ask] = useConfirm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function act(action: RollingRestartAction) {
    if (action === 'abort' && !(await ask({ title: t('abortTitle'), body: <p>{t('abortBody')}</p>, confirmLabel: t('actions.abort'), danger: true }))) return;
    setBusy(true);
    setError(null);
    const answer = await rollingRestartActions.act(rr.id, action);
    setBusy(false);
    if (!answer.ok) setError(problemText(answer.problem, answer.status));
    refresh();
  }
  return (
    <>
      {dialog}
      <p>
        {rr.allowedActions.map((a) => (
          <button key={a} type="button" disabled={busy} onClick={() => act(a)}>
            {t(`actions.${a}`)}
          </button>
        ))}
      </p>
      <ErrorAlert message={error} />
    </>
  );
}

function StartForm({ servers, refresh }: { servers: readonly string[]; refresh: () => void }) {
  const t = useTranslations('rollingRestart');
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const problem = useFormProblem({ servers: 'servers', reason: 'reason' } as const, { 'server-not-found': 'servers', 'drain-exists': 'servers', 'drain-last-server': 'servers' });
  const toggle = (address: string) => setChosen((c) => (c.includes(address) ? c.filter((a) => a !== address) : [...c, address]));
  async function start(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    problem.clear();
    const answer = await rollingRestartActions.start({ servers: chosen, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    setBusy(false);
    if (!answer.ok) return problem.show(answer.problem, answer.status);
    setChosen([]);
    setReason('');
    refresh();
  }
  return (
    <form onSubmit={start} aria-label={t('startLabel')}>
      <fieldset {...invalidProps('rolling-restart-servers', problem.byField.servers)}>
        <legend>{t('pick')}</legend>
        {servers.map((address) => (
          <label key={address}>
            <input type="checkbox" checked={chosen.includes(address)} onChange={() => toggle(address)} /> {address}
            {chosen.includes(address) ? ` (${chosen.indexOf(address) + 1})` : ''}
          </label>
        ))}
        <FieldError id="rolling-restart-servers" messages={problem.byField.servers} />
      </fieldset>
      <p>
        <label>
          {t('reason')} <input {...invalidProps('rolling-restart-reason', problem.byField.reason)} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        </label>
        <FieldError id="rolling-restart-reason" messages={problem.byField.reason} />
      </p>
      <p>
        <button type="submit" disabled={busy}>
          {t('start')}
        </button>{' '}
        <span className="note">{t('startNote')}</span>
      </p>
      <ErrorAlert message={problem.message} />
    </form>
  );
}

export function RollingRestartPanel({ servers }: { servers: readonly string[] }) {
  const t = useTranslations('rollingRestart');
  const { data, mutate } = useRollingRestarts();
  const refresh = () => void mutate();
  const current = data?.current ?? null;
  const last = current ? null : (data?.recent[0] ?? null);
  return (
    <section aria-label={t('title')} className="panel">
      <h2>{t('title')}</h2>
      <p className="lede">{t('lede')}</p>
      {current ? (
        <>
          <RollingRestartProgress rr={current} />
          <IfCan role="operator">
            <Actions rr={current} refresh={refresh} />
          </IfCan>
        </>
      ) : (
        <>
          <p>{t('none')}</p>
          {last ? <p className="note">{t('last', { state: last.state, done: last.progress.done, total: last.progress.total })}</p> : null}
          <IfCan role="operator">
            <StartForm servers={servers} refresh={refresh} />
          </IfCan>
        </>
      )}
    </section>
  );
}
