'use client';
// Failover steering on the Rollouts page: whether it is on and with which confirmation, why its
// moves wait, the servers that do not answer, the apps it steered said in the operator's language,
// and (for operators) the switch.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { IfCan } from '@/components/auth/session';
import { ErrorAlert, useLoadErrorText } from '@/components/ui/field-errors';
import { useFormat } from '@/components/ui/use-format';
import { useRolloutText } from '@/components/rollouts/rollout-text';
import { sendMaintenance, useSteering } from '@/lib/hooks/use-maintenance';

export function SteeringPanel() {
  const t = useTranslations('maintenance.steering');
  const c = useTranslations('common');
  const loadText = useLoadErrorText();
  const fmt = useFormat();
  const say = useRolloutText();
  const { data, error, mutate } = useSteering();
  const [seconds, setSeconds] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!data) return;
    setBusy(true);
    setRefused(null);
    const confirm = seconds.trim() === '' ? undefined : Number(seconds);
    const out = await sendMaintenance('PUT', '/api/maintenance/steering', { enabled: !data.enabled, ...(confirm === undefined || data.enabled ? {} : { confirmSeconds: confirm }) });
    setBusy(false);
    if (out.ok) {
      setSeconds('');
      await mutate();
    } else setRefused([out.detail, ...out.errors.map((e) => `${e.path}: ${e.message}`)].join(' '));
  }

  if (error && !data) return <p role="alert" className="error">{t('loadError', { message: loadText(error) })}</p>;
  if (!data) return null;
  return (
    <section aria-labelledby="steering-title" className="freeze-panel">
      <h2 id="steering-title">{t('title')}</h2>
      <p role="status">
        {data.enabled ? t('on', { seconds: data.confirmSeconds }) : t('off')} {data.by ? t('setBy', { by: data.by, at: fmt.when(data.at) }) : null}
      </p>
      {data.enabled && data.waiting ? <p className="warn">{say({ ...(data.waitingText ?? {}), detail: data.waiting })}</p> : null}
      {data.silent.map((s) => (
        <p key={s.address} className="bad">
          {t('silent', { address: s.address, health: c.has(`status.${s.health}`) ? c(`status.${s.health}`) : s.health })}
        </p>
      ))}
      <IfCan role="operator">
        <form onSubmit={send} className="inline-form" aria-label={t('title')}>
          {data.enabled ? null : (
            <>
              <label htmlFor="steering-seconds">{t('confirmSeconds')}</label>
              <input id="steering-seconds" type="number" min={0} max={60} step={1} placeholder={String(data.confirmSeconds)} value={seconds} onChange={(e) => setSeconds(e.target.value)} />
            </>
          )}
          <button type="submit" disabled={busy}>
            {data.enabled ? t('turnOff') : t('turnOn')}
          </button>
        </form>
        <ErrorAlert message={refused} />
      </IfCan>
      {data.history.length === 0 ? (
        <p className="note">{t('none')}</p>
      ) : (
        <>
          <h3>{t('history')}</h3>
          <ul>
            {data.history.slice(0, 10).map((h) => (
              <li key={`${h.at}-${h.appId}-${h.kind}`}>
                {fmt.when(h.at)}, {h.kind === 'steer' ? t('kindSteer') : t('kindCorrection')}: {say({ code: h.code, params: h.params, detail: h.detail ?? `${h.app ?? h.appId}: ${h.from ?? '-'} → ${h.to}` })}
                {h.status === 'verified' ? ` (${t('verified')})` : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
