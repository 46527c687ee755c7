'use client';
// Silences: what is silenced now or later (one-off or a recurring window), and a form to add one.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';
import { sendJson, useSilences } from '@/lib/hooks/use-alerts';

const DAYS = [0, 1, 2, 3, 4, 5, 6];

export function SilencesPanel() {
  const silences = useSilences();
  const t = useTranslations('alerts.silences');
  const c = useTranslations('common');
  const f = useFormat();
  const when = (iso: string) => f.when(iso);
  const day = (d: number) => t(`dayNames.${d}`);
  const [matchers, setMatchers] = useState('alertname=');
  const [hours, setHours] = useState('2');
  const [comment, setComment] = useState('');
  const [recurring, setRecurring] = useState(false);
  const [window, setWindow] = useState({ start: '23:00', end: '01:00', days: [1, 2, 3, 4, 5] });
  const [error, setError] = useState<string | null>(null);

  async function add() {
    const parsed = matchers
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean)
      .map((m) => {
        const op = ['!~', '=~', '!=', '='].find((o) => m.includes(o))!;
        const [name, value] = m.split(op).map((x) => x.trim());
        return { name: name!, value: value ?? '', op };
      });
    const start = new Date();
    const end = new Date(start.getTime() + Number(hours) * 3_600_000);
    const r = await sendJson<{ errors?: { path: string; message: string }[]; detail?: string }>('POST', '/api/silences', {
      matchers: parsed,
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
      comment,
      ...(recurring ? { recurrence: window } : {}),
    });
    if (!r.ok) return setError(r.json.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? r.json.detail ?? `HTTP ${r.status}`);
    setError(null);
    setComment('');
    void silences.mutate();
  }

  return (
    <section aria-label={t('title')}>
      <h2>{t('title')}</h2>
      <div className="table-box">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('matchers')}</th>
            <th scope="col">{t('from')}</th>
            <th scope="col">{t('until')}</th>
            <th scope="col">{t('window')}</th>
            <th scope="col">{t('by')}</th>
            <th scope="col">{t('comment')}</th>
            <th scope="col">{c('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(silences.data?.silences ?? []).map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.matchers.map((m) => `${m.name}${m.op}${m.value}`).join(', ')}</th>
              <td>{when(s.startsAt)}</td>
              <td>{when(s.endsAt)}</td>
              <td>{s.recurrence ? t('windowText', { days: s.recurrence.days.map(day).join(' '), start: s.recurrence.start, end: s.recurrence.end }) : t('always')}</td>
              <td>{s.createdBy}</td>
              <td>{s.comment}</td>
              <td>
                <IfCan role="operator">
                  <button type="button" onClick={async () => { await sendJson('DELETE', `/api/silences/${s.id}`); void silences.mutate(); }}>
                    {t('expire')}
                  </button>
                </IfCan>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <IfCan role="operator">
      <form className="inline-form" aria-label={t('form')} onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <label>
          {t('matchers')} <input value={matchers} onChange={(e) => setMatchers(e.target.value)} placeholder="alertname=skew, server=~10\.0\..*" />
        </label>
        <label>
          {t('forHours')} <input type="number" min={0.01} step="any" value={hours} onChange={(e) => setHours(e.target.value)} />
        </label>
        <label>
          {t('comment')} <input value={comment} onChange={(e) => setComment(e.target.value)} required />
        </label>
        <label>
          <input type="checkbox" checked={recurring} onChange={(e) => setRecurring(e.target.checked)} /> {t('recurring')}
        </label>
        {recurring && (
          <>
            <label>
              {t('windowFrom')} <input value={window.start} onChange={(e) => setWindow({ ...window, start: e.target.value })} pattern="\d\d:\d\d" />
            </label>
            <label>
              {t('windowTo')} <input value={window.end} onChange={(e) => setWindow({ ...window, end: e.target.value })} pattern="\d\d:\d\d" />
            </label>
            <fieldset>
              <legend>{t('days')}</legend>
              {DAYS.map((i) => (
                <label key={i}>
                  <input
                    type="checkbox"
                    checked={window.days.includes(i)}
                    onChange={(e) => setWindow({ ...window, days: e.target.checked ? [...window.days, i].sort() : window.days.filter((x) => x !== i) })}
                  />
                  {day(i)}
                </label>
              ))}
            </fieldset>
          </>
        )}
        <button type="submit">{t('add')}</button>
      </form>
      </IfCan>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}
