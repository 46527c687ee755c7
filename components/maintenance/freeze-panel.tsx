'use client';
// The freeze switch on the Rollouts page: whether every move is stopped, by whom and why, and (for
// operators) the switch itself. Freezing needs a reason; unfreezing asks first, since moves resume.
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { IfCan } from '@/components/auth/session';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { ErrorAlert, FieldError, invalidProps, useErrorText, useLoadErrorText } from '@/components/ui/field-errors';
import { useFormat } from '@/components/ui/use-format';
import { sendMaintenance, useFreeze } from '@/lib/hooks/use-maintenance';

export function FreezePanel() {
  const t = useTranslations('maintenance.freeze');
  const loadText = useLoadErrorText();
  const fmt = useFormat();
  const errorText = useErrorText();
  const { data, error, mutate } = useFreeze();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<string[] | undefined>();
  const [refused, setRefused] = useState<string | null>(null);
  const [dialog, ask] = useConfirm();

  async function send(body: { frozen: boolean; reason?: string }) {
    setBusy(true);
    setRefused(null);
    setFieldErrors(undefined);
    const out = await sendMaintenance('PUT', '/api/maintenance/freeze', body);
    setBusy(false);
    if (out.ok) {
      setReason('');
      await mutate();
      return;
    }
    const mine = out.errors.filter((e) => e.path === 'reason');
    if (mine.length) setFieldErrors(mine.map(errorText));
    else setRefused(out.detail);
  }
  async function freeze(event: FormEvent) {
    event.preventDefault();
    await send({ frozen: true, reason });
  }
  async function unfreeze() {
    if (!(await ask({ title: t('unfreezeTitle'), body: <p>{t('unfreezeBody')}</p>, confirmLabel: t('unfreeze') }))) return;
    await send({ frozen: false });
  }

  if (error && !data) return <p role="alert" className="error">{t('loadError', { message: loadText(error) })}</p>;
  if (!data) return null;
  return (
    <section aria-labelledby="freeze-title" className="freeze-panel">
      {dialog}
      <h2 id="freeze-title">{t('title')}</h2>
      <p role="status" className={data.frozen ? 'bad' : undefined}>
        {data.frozen ? t('frozen', { by: data.by ?? '?', at: fmt.when(data.at), reason: data.reason ?? '' }) : t('running')}
      </p>
      <IfCan role="operator">
        {data.frozen ? (
          <p>
            <button type="button" disabled={busy} onClick={unfreeze}>
              {t('unfreeze')}
            </button>{' '}
            <span className="note">{t('unfreezeNote')}</span>
          </p>
        ) : (
          <form onSubmit={freeze} className="inline-form" aria-label={t('formLabel')}>
            <label htmlFor="freeze-reason">{t('reason')}</label>
            <input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} {...invalidProps('freeze-reason', fieldErrors, 'freeze-reason-hint')} />
            <button type="submit" className="danger" disabled={busy}>
              {t('freeze')}
            </button>
            <FieldError id="freeze-reason" messages={fieldErrors} />
            <span id="freeze-reason-hint" className="note">
              {t('freezeNote')}
            </span>
          </form>
        )}
        <ErrorAlert message={refused} />
      </IfCan>
    </section>
  );
}
