'use client';
// The move windows on the Rollouts page: the zone, whether rollout moves happen any time or only
// in the listed windows, a field per window with its error beside it, and whether moves may now.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useCan } from '@/components/auth/session';
import { FieldError, invalidProps, placeErrors, useErrorText, useLoadErrorText } from '@/components/ui/field-errors';
import { useFormat } from '@/components/ui/use-format';
import { sendMaintenance, useMoveWindows } from '@/lib/hooks/use-maintenance';

interface Form {
  timeZone: string;
  restricted: boolean;
  windows: string[];
}

export function MoveWindowsEditor() {
  const t = useTranslations('maintenance.windows');
  const loadText = useLoadErrorText();
  const fmt = useFormat();
  const errorText = useErrorText();
  const canEdit = useCan('operator');
  const { data, error, mutate } = useMoveWindows();
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (data && !form) setForm({ timeZone: data.timeZone, restricted: data.rollout !== null, windows: data.rollout ?? ['Mon-Fri 01:00-05:00'] });
  }, [data, form]);

  if (error && !data) return <p role="alert" className="error">{t('loadError', { message: loadText(error) })}</p>;
  if (!data || !form) return null;
  const status = data.status.rollout;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    setBusy(true);
    setMessage(null);
    setErrors({});
    const out = await sendMaintenance('PUT', '/api/maintenance/move-windows', { timeZone: form.timeZone.trim(), rollout: form.restricted ? form.windows : null });
    setBusy(false);
    if (out.ok) {
      setMessage(t('saved'));
      await mutate();
      return;
    }
    const paths: Record<string, string> = { timeZone: 'timeZone', rollout: 'rollout' };
    form.windows.forEach((_, i) => (paths[`rollout.${i}`] = `window-${i}`));
    const placed = placeErrors(out.errors, paths);
    setErrors(Object.fromEntries(Object.entries(placed.byField).map(([k, v]) => [k, v.map(errorText)])));
    setMessage([out.detail, ...placed.unplaced.map((e) => `${e.path}: ${errorText(e)}`)].join(' — '));
  }
  const setWindow = (i: number, text: string) => setForm({ ...form, windows: form.windows.map((w, j) => (j === i ? text : w)) });

  return (
    <section aria-labelledby="move-windows-title" className="freeze-panel move-windows">
      <h2 id="move-windows-title">{t('title')}</h2>
      <p role="status">
        {data.rollout === null
          ? t('anyTime')
          : status.allowedNow
            ? status.openUntil
              ? t('openUntil', { until: fmt.when(status.openUntil) })
              : t('openNow')
            : status.nextOpening
              ? t('waitUntil', { next: fmt.when(status.nextOpening) })
              : t('never')}
      </p>
      <form onSubmit={save} className="form-grid" aria-label={t('formLabel')}>
        <label>
          {t('timeZone')}
          <input type="text" value={form.timeZone} readOnly={!canEdit} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} {...invalidProps('mw-timeZone', errors.timeZone)} />
          <FieldError id="mw-timeZone" messages={errors.timeZone} />
        </label>
        <label>
          <input type="checkbox" checked={form.restricted} disabled={!canEdit} onChange={(e) => setForm({ ...form, restricted: e.target.checked })} /> {t('restricted')}
        </label>
        {form.restricted ? (
          <fieldset>
            <legend>{t('windowsLegend')}</legend>
            <p className="note" id="mw-hint">
              {t('hint')}
            </p>
            {form.windows.map((w, i) => (
              <div key={i} className="inline-form">
                <label htmlFor={`window-${i}`}>{t('window', { n: i + 1 })}</label>
                <input type="text" value={w} readOnly={!canEdit} onChange={(e) => setWindow(i, e.target.value)} {...invalidProps(`window-${i}`, errors[`window-${i}`], 'mw-hint')} />
                {canEdit && form.windows.length > 1 ? (
                  <button type="button" onClick={() => setForm({ ...form, windows: form.windows.filter((_, j) => j !== i) })}>
                    {t('remove', { n: i + 1 })}
                  </button>
                ) : null}
                <FieldError id={`window-${i}`} messages={errors[`window-${i}`]} />
              </div>
            ))}
            <FieldError id="mw-rollout" messages={errors.rollout} />
            {canEdit && form.windows.length < 20 ? (
              <p>
                <button type="button" onClick={() => setForm({ ...form, windows: [...form.windows, ''] })}>
                  {t('add')}
                </button>
              </p>
            ) : null}
          </fieldset>
        ) : null}
        {canEdit ? (
          <p>
            <button type="submit" disabled={busy}>
              {t('save')}
            </button>
          </p>
        ) : (
          <p className="note">{t('operatorsOnly')}</p>
        )}
        {message ? <p role={Object.keys(errors).length ? 'alert' : 'status'}>{message}</p> : null}
      </form>
    </section>
  );
}
