'use client';
// The weights of the "weighted mix" load measure: each server's share of apps, workers and running
// instances, weighted and summed.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useApi } from '@/lib/hooks/use-api';
import { useCan } from '@/components/auth/session';

type Weights = { apps: number; workers: number; running: number };

export function MixWeightsEditor() {
  const { data, mutate } = useApi<Weights>('/api/settings/mix-weights', 0);
  const [form, setForm] = useState<Weights | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const canEdit = useCan('admin');
  const t = useTranslations('settings.mix');
  const c = useTranslations('common');
  useEffect(() => {
    if (data && !form) setForm(data);
  }, [data, form]);
  if (!form) return <p aria-busy="true" className="placeholder">{c('loading')}</p>;
  async function save(event: FormEvent) {
    event.preventDefault();
    const res = await fetch('/api/settings/mix-weights', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(form) });
    if (res.ok) {
      setMessage(t('saved'));
      await mutate();
    } else {
      const p = (await res.json().catch(() => ({}))) as { detail?: string; errors?: { path: string; message: string }[] };
      setMessage([p.detail, ...(p.errors ?? []).map((e) => `${e.path}: ${e.message}`)].filter(Boolean).join(' — '));
    }
  }
  return (
    <form onSubmit={save} className="filters" aria-label={t('label')}>
      {(['apps', 'workers', 'running'] as const).map((k) => (
        <label key={k}>
          {t(k)}
          <input type="number" min={0} step="any" value={form[k]} readOnly={!canEdit} onChange={(e) => setForm({ ...form, [k]: Number(e.target.value) })} />
        </label>
      ))}
      {canEdit ? <button type="submit">{t('save')}</button> : <p className="note">{t('adminOnly')}</p>}
      {message ? <p role="status">{message}</p> : null}
    </form>
  );
}
