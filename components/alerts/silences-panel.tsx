'use client';
// Silences: what is silenced now or later (one-off or a recurring window), and a form to add one
// with matchers written as in Alertmanager (alertname="apps skew", server=~"10\.0\..*"), each
// matcher's error beside the field and, before saving, the active alerts it would silence.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';
import { alertActions, useSilencePreview, useSilences, type FieldError, type SilenceView } from '@/lib/hooks/use-alerts';
import { DataTable, type Column } from '@/components/ui/data-table';

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
/** The place in the list as the operator counts (matchers.1 is matcher 2), or null for the list as a whole */
const matcherNumber = (path: string) => {
  const n = /^matchers\.(\d+)/.exec(path);
  return n ? Number(n[1]) + 1 : null;
};

const DAYS = [0, 1, 2, 3, 4, 5, 6];

export function SilencesPanel() {
  const silences = useSilences();
  const t = useTranslations('alerts.silences');
  const c = useTranslations('common');
  const f = useFormat();
  const when = (iso: string) => f.when(iso);
  const day = (d: number) => t(`dayNames.${d}`);
  const [matchers, setMatchers] = useState('');
  const [hours, setHours] = useState('2');
  const [comment, setComment] = useState('');
  const [recurring, setRecurring] = useState(false);
  const [window, setWindow] = useState({ start: '23:00', end: '01:00', days: [1, 2, 3, 4, 5] });
  const [error, setError] = useState<string | null>(null);
  const [saveErrors, setSaveErrors] = useState<{ text: string; errors: FieldError[] } | null>(null);
  const preview = useSilencePreview(matchers);
  // the errors of the text as it is now: from the save, else from the preview
  const matcherErrors = (saveErrors?.text === matchers ? saveErrors.errors : preview.errors).filter((e) => e.path === 'matchers' || e.path.startsWith('matchers.'));

  async function add() {
    const start = new Date();
    const end = new Date(start.getTime() + Number(hours) * 3_600_000);
    // the text goes as written: the server parses it as Alertmanager does and says which matcher is wrong
    const r = await alertActions.createSilence({
      matchers,
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
      comment,
      ...(recurring ? { recurrence: window } : {}),
    });
    if (!r.ok) {
      const errors = r.problem.errors ?? [];
      setSaveErrors({ text: matchers, errors });
      const other = errors.filter((e) => !e.path.startsWith('matchers'));
      return setError(other.length ? other.map((e) => `${e.path}: ${e.message}`).join('; ') : errors.length ? t('notSaved') : (r.problem.detail ?? `HTTP ${r.status}`));
    }
    setError(null);
    setSaveErrors(null);
    setComment('');
    setMatchers('');
    void silences.mutate();
  }

  const columns: Column<SilenceView>[] = [
    { key: 'matchers', label: t('matchers'), rowHeader: true, cell: (s) => s.matchers.map((m) => `${m.name}${m.op}${quote(m.value)}`).join(', ') },
    { key: 'from', label: t('from'), cell: (s) => when(s.startsAt) },
    { key: 'until', label: t('until'), cell: (s) => when(s.endsAt) },
    { key: 'window', label: t('window'), cell: (s) => (s.recurrence ? t('windowText', { days: s.recurrence.days.map(day).join(' '), start: s.recurrence.start, end: s.recurrence.end }) : t('always')) },
    { key: 'by', label: t('by'), cell: (s) => s.createdBy },
    { key: 'comment', label: t('comment'), cell: (s) => s.comment },
    {
      key: 'actions',
      label: c('actions'),
      cell: (s) => (
        <IfCan role="operator">
          <button type="button" onClick={async () => { await alertActions.expireSilence(s.id); void silences.mutate(); }}>
            {t('expire')}
          </button>
        </IfCan>
      ),
    },
  ];

  return (
    <section aria-label={t('title')}>
      <h2>{t('title')}</h2>
      <DataTable columns={columns} rows={silences.data?.silences ?? []} rowKey={(s) => s.id} />
      <IfCan role="operator">
      <form className="inline-form" aria-label={t('form')} onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <label>
          {t('matchers')}{' '}
          <input
            value={matchers}
            onChange={(e) => setMatchers(e.target.value)}
            size={48}
            placeholder='alertname="apps skew", server=~"10\.0\..*"'
            aria-invalid={matcherErrors.length > 0}
            aria-describedby="silence-matchers-help silence-matchers-errors silence-preview"
            required
          />
        </label>
        <p id="silence-matchers-help" className="note">
          {t('matchersHelp')}
        </p>
        <ul id="silence-matchers-errors" className="error" aria-label={t('matcherErrors')}>
          {matcherErrors.map((e) => (
            <li key={`${e.path}-${e.message}`}>
              {matcherNumber(e.path) === null ? t('matchers') : t('matcherN', { n: matcherNumber(e.path)! })}: {e.message}
            </li>
          ))}
        </ul>
        <div id="silence-preview" role="status" aria-label={t('previewLabel')}>
          {preview.data &&
            (preview.data.alerts.length === 0 ? (
              <p className="note">{t('previewNone', { text: preview.data.text, active: preview.data.active })}</p>
            ) : (
              <>
                <p className="note">{t('previewSome', { text: preview.data.text, count: preview.data.alerts.length, active: preview.data.active })}</p>
                <ul>
                  {preview.data.alerts.map((a) => (
                    <li key={`${a.ruleId}-${a.key}`}>
                      {a.ruleName} ({a.state}): {labelText(a.labels)}
                    </li>
                  ))}
                </ul>
              </>
            ))}
        </div>
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
