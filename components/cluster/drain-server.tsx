'use client';
// "Drain this server" / "Restore this server", beside Cordon: a drain cordons the server and moves
// every app it owns off with the safe-move protocol; a restore uncordons it and brings apps back.
// The confirmation names the apps that will move; the progress bar shows apps done, converging,
// left and skipped (with the reason) and the ETA, refreshed with the page.
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';
import { useRolloutText } from '@/components/rollouts/rollout-text';
import { serverActions } from '@/lib/hooks/use-servers';
import { ServerAction } from './server-action';

interface PlannedMove {
  app: string;
  from: string | null;
  to: string;
}

export interface DrainView {
  state: 'draining' | 'drained' | 'incomplete' | 'restoring' | 'restored';
  phase: 'drain' | 'restore';
  startedBy: string;
  startedAt: string;
  restoredBy: string | null;
  restoreStartedAt: string | null;
  /** why moves wait now (English), and the same as a code the console says in the operator's language */
  waiting: string | null;
  waitingText: { code: string; params: Record<string, unknown> } | null;
  progress: { total: number; left: number; converging: number; done: number; skipped: { appId: number; app: string; reason: string; code?: string | null; params?: unknown }[]; eta: string | null; leftApps: string[]; held?: { appId: number; app: string; reason: string; code?: string | null; params?: unknown }[] };
}

export function DrainProgress({ drain }: { drain: DrainView }) {
  const t = useTranslations('drainProgress');
  const fmt = useFormat();
  const say = useRolloutText();
  const p = drain.progress;
  const label = t('label', { phase: drain.phase });
  return (
    <section aria-label={label}>
      <p role="status">
        <strong>{t('state', { state: drain.state })}</strong> ({t('startedBy', { by: drain.phase === 'restore' ? (drain.restoredBy ?? drain.startedBy) : drain.startedBy, at: fmt.when(drain.phase === 'restore' ? (drain.restoreStartedAt ?? drain.startedAt) : drain.startedAt) })})
      </p>
      <p>
        <progress aria-label={label} max={Math.max(1, p.total)} value={p.done + p.skipped.length} /> {t('counts', { done: p.done, total: p.total, converging: p.converging, left: p.left, skipped: p.skipped.length })}
        {p.eta ? ` · ${t('eta', { at: fmt.when(p.eta) })}` : ''}
      </p>
      {drain.waiting ? <p className="warn">{say({ ...drain.waitingText, detail: drain.waiting })}</p> : null}
      {p.leftApps.length > 0 ? <p className="note">{t('left', { apps: p.leftApps.join(', ') })}</p> : null}
      {p.held && p.held.length > 0 ? (
        <ul aria-label={t('heldLabel')}>
          {p.held.map((h) => (
            <li key={h.appId} className="note">
              {say({ code: h.code, params: h.params, detail: h.reason })}
            </li>
          ))}
        </ul>
      ) : null}
      {p.skipped.length > 0 ? (
        <ul>
          {p.skipped.map((s) => (
            <li key={s.appId} className="warn">
              {t('skippedApp', { app: s.app, reason: say({ code: s.code, params: s.params, detail: s.reason }) })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The Drain button (no drain held) or the Restore button (drained, incomplete or still draining). */
export function DrainServer({ address, drain, wouldMove }: { address: string; drain: DrainView | null; wouldMove: PlannedMove[] }) {
  const router = useRouter();
  const t = useTranslations('serverActions');
  const holding = drain !== null && drain.state !== 'restored';
  const action = holding ? 'restore' : 'drain';
  const question =
    action === 'restore' ? t('restoreBody') : wouldMove.length === 0 ? t('drainBodyNone') : t('drainBody', { count: wouldMove.length, moves: wouldMove.map((m) => `${m.app} → ${m.to}`).join(', ') });
  return (
    <>
      {drain && drain.state !== 'restored' ? <DrainProgress drain={drain} /> : null}
      {drain?.state === 'restoring' ? null : (
        <ServerAction
          label={t(action)}
          note={t(`${action}Note`)}
          title={t(`${action}Title`, { address })}
          question={question}
          send={() => serverActions.drain(address, action)}
          done={() => router.refresh()}
        />
      )}
    </>
  );
}
