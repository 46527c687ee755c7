'use client';
// The weights of the "weighted mix" load measure: each server's share of apps, workers and running
// instances, weighted and summed.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { mixWeightActions, useMixWeights, type MixWeights } from '@/lib/hooks/use-settings';
import { useCan } from '@/components/auth/session';
import { ErrorAlert, FieldError, invalidProps, useFormProblem } from '@/components/ui/field-errors';

type Weights = MixWeights;
type Field = keyof Weights;
const PATHS: Record<string, Field> = { apps: 'apps', workers: 'workers', running: 'running' };

export function MixWeightsEditor() {
  const { data, mutate } = useMixWeights();
  const [form, setForm] = useState<Weights | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const canEdit = useCan('admin');
  const t = useTranslations('settings.mix');
  const c = useTranslations('common');
  const problem = useFormProblem<Field>(PATHS);
  useEffect(() => {
    if (data && !form) setForm(data);
  }, [data, form]);
  if (!form) return <p aria-busy="true" className="placeholder">{c('loading')}</p>;
  async function save(event: FormEvent) {
    event.preventDefault();
    const r = await mixWeightActions.save(form!);
    problem.show(r.ok ? null : r.problem, r.status);
    setMessage(r.ok ? t('saved') : null);
    if (r.ok) await mutate();
  }
  return (
    <form onSubmit={save} className="filters fields-form" aria-label={t('label')} noValidate>
      {(['apps', 'workers', 'running'] as const).map((k) => (
        <div key={k} className="field">
          <label htmlFor={`mix-${k}`}>{t(k)}</label>
          <input type="number" min={0} step="any" value={form[k]} readOnly={!canEdit} onChange={(e) => setForm({ ...form, [k]: Number(e.target.value) })} {...invalidProps(`mix-${k}`, problem.byField[k])} />
          <FieldError id={`mix-${k}`} messages={problem.byField[k]} />
        </div>
      ))}
      {canEdit ? <button type="submit">{t('save')}</button> : <p className="note">{t('adminOnly')}</p>}
      {message ? <p role="status">{message}</p> : null}
      <ErrorAlert message={problem.message} />
    </form>
  );
}
