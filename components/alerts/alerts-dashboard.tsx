'use client';
// The Alerts page: rules with state, value and last change; the editor; active alerts; history;
// silences (including recurring windows); webhook contact points with a test button.
import { IfCan } from '@/components/auth/session';
import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useConfirm } from '@/components/ui/confirm-dialog';
import { useFormat } from '@/components/ui/use-format';
import { StatusBadge } from '@/components/ui/status-badge';
import { RuleEditor } from './rule-editor';
import { SilencesPanel } from './silences-panel';
import { ContactPointsPanel } from './contact-points-panel';
import { alertActions, useAlertHistory, useAlertInstances, useAlertRules, type RuleView } from '@/lib/hooks/use-alerts';

const figure = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3));

export function AlertsDashboard() {
  const rules = useAlertRules();
  const instances = useAlertInstances();
  const history = useAlertHistory();
  const [editing, setEditing] = useState<RuleView | 'new' | null>(null);
  const t = useTranslations('alerts');
  const c = useTranslations('common');
  const re = useTranslations('ruleEditor');
  const f = useFormat();
  const [dialog, ask] = useConfirm();
  const newRuleRef = useRef<HTMLButtonElement>(null);
  const fmt = (v: number | null) => (v === null ? c('noData') : figure(v));
  const when = (iso: string | null) => f.when(iso);
  const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ') || t('cluster');
  /** closes the editor and gives focus back to where it was opened from */
  const close = () => {
    setEditing(null);
    requestAnimationFrame(() => newRuleRef.current?.focus());
  };

  const refresh = () => Promise.all([rules.mutate(), instances.mutate(), history.mutate()]);

  return (
    <>
      <section aria-label={t('rules')}>
        {dialog}
        <div className="toolbar">
          <h2>{t('rules')}</h2>
          {!editing && (
            <IfCan role="operator"><button type="button" ref={newRuleRef} onClick={() => setEditing('new')}>
              {t('newRule')}
            </button></IfCan>
          )}
        </div>
        {editing && (
          <RuleEditor
            key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`}
            rule={editing === 'new' ? null : editing}
            onDone={() => {
              close();
              void refresh();
            }}
          />
        )}
        <div className="table-box">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('rule')}</th>
              <th scope="col">{t('watches')}</th>
              <th scope="col">{t('condition')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('value')}</th>
              <th scope="col">{t('lastChange')}</th>
              <th scope="col">{c('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(rules.data?.rules ?? []).map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td>
                  {re.has(`metrics.${r.series.metric}`) ? re(`metrics.${r.series.metric}`) : r.series.metric} · {re.has(`measures.${r.series.measure}`) ? re(`measures.${r.series.measure}`) : r.series.measure}
                  {r.scope.filter ? ` · ${r.scope.filter}` : ''}
                </td>
                <td>
                  {r.comparator} {r.threshold}
                  {r.recovery !== undefined ? t('recoversPast', { value: String(r.recovery) }) : ''}
                  {t('forDuration', { duration: f.duration(r.forSeconds) })}
                  {r.keepFiringForSeconds ? t('keepsFiring', { duration: f.duration(r.keepFiringForSeconds) }) : ''} · {re.has(`severities.${r.severity}`) ? re(`severities.${r.severity}`) : r.severity}
                </td>
                <td>
                  <StatusBadge status={r.status.state} />
                  {r.status.instances > 1 ? t('ofFiring', { firing: r.status.firing, instances: r.status.instances }) : ''}
                </td>
                <td>{fmt(r.status.value)}</td>
                <td>{when(r.status.lastChange)}</td>
                <td>
                  <IfCan role="operator">
                  <button type="button" aria-label={t('editLabel', { name: r.name })} onClick={() => setEditing(r)}>
                    {t('edit')}
                  </button>{' '}
                  <button
                    type="button"
                    aria-label={t('deleteLabel', { name: r.name })}
                    onClick={async () => {
                      if (!(await ask({ title: t('deleteTitle', { name: r.name }), body: <p>{t('deleteBody')}</p>, confirmLabel: t('delete'), danger: true }))) return;
                      await alertActions.deleteRule(r.id);
                      void refresh();
                    }}
                  >
                    {t('delete')}
                  </button>
                  </IfCan>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
        {rules.data && rules.data.rules.length === 0 && <p className="note">{t('noRules')}</p>}
      </section>

      <section aria-label={t('active')}>
        <h2>{t('active')}</h2>
        <div className="table-box">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('rule')}</th>
              <th scope="col">{t('instance')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('value')}</th>
              <th scope="col">{t('since')}</th>
              <th scope="col">{t('lastNotified')}</th>
            </tr>
          </thead>
          <tbody>
            {(instances.data?.alerts ?? []).map((a) => (
              <tr key={`${a.ruleId}-${a.key}`}>
                <th scope="row">{a.ruleName}</th>
                <td>{labelText(a.labels)}</td>
                <td>
                  <StatusBadge status={a.state} />
                  {a.silenced && (
                    <>
                      {' '}
                      <span className="badge" title={t('silencedBy', { ids: a.silencedBy.map((id) => `#${id}`).join(', ') })}>
                        {t('silencedBadge')}
                      </span>
                    </>
                  )}
                </td>
                <td>{fmt(a.value)}</td>
                <td>{when(a.since)}</td>
                <td>{a.lastNotifiedAt ? when(a.lastNotifiedAt) : a.state === 'firing' || a.state === 'nodata' ? t('notYetSilenced') : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>

      <section aria-label={t('history')}>
        <h2>{t('history')}</h2>
        <div className="table-box">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('rule')}</th>
              <th scope="col">{t('instance')}</th>
              <th scope="col">{t('change')}</th>
              <th scope="col">{t('value')}</th>
            </tr>
          </thead>
          <tbody>
            {(history.data?.transitions ?? []).map((tr) => (
              <tr key={tr.id}>
                <td>{when(tr.at)}</td>
                <th scope="row">{tr.ruleName}</th>
                <td>{tr.key}</td>
                <td>
                  {tr.from} → {tr.to}
                  {tr.silenced ? t('silencedMark') : ''}
                </td>
                <td>{fmt(tr.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>

      <SilencesPanel />
      <ContactPointsPanel />
    </>
  );
}
