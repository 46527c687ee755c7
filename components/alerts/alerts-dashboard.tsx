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
import { DataTable } from '@/components/ui/data-table';
import { alertActions, useAlertHistory, useAlertInstances, useAlertRules, type AlertInstance, type RuleView, type Transition } from '@/lib/hooks/use-alerts';

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
        <DataTable<RuleView>
          rows={rules.data?.rules ?? []}
          rowKey={(r) => r.id}
          columns={[
            { key: 'rule', label: t('rule'), rowHeader: true, cell: (r) => r.name },
            {
              key: 'watches',
              label: t('watches'),
              cell: (r) => (
                <>
                  {re.has(`metrics.${r.series.metric}`) ? re(`metrics.${r.series.metric}`) : r.series.metric} · {re.has(`measures.${r.series.measure}`) ? re(`measures.${r.series.measure}`) : r.series.measure}
                  {r.scope.filter ? ` · ${r.scope.filter}` : ''}
                </>
              ),
            },
            {
              key: 'condition',
              label: t('condition'),
              cell: (r) => (
                <>
                  {r.comparator} {r.threshold}
                  {r.recovery !== undefined ? t('recoversPast', { value: String(r.recovery) }) : ''}
                  {t('forDuration', { duration: f.duration(r.forSeconds) })}
                  {r.keepFiringForSeconds ? t('keepsFiring', { duration: f.duration(r.keepFiringForSeconds) }) : ''} · {re.has(`severities.${r.severity}`) ? re(`severities.${r.severity}`) : r.severity}
                </>
              ),
            },
            {
              key: 'state',
              label: t('state'),
              cell: (r) => (
                <>
                  <StatusBadge status={r.status.state} />
                  {r.status.instances > 1 ? t('ofFiring', { firing: r.status.firing, instances: r.status.instances }) : ''}
                </>
              ),
            },
            { key: 'value', label: t('value'), cell: (r) => fmt(r.status.value) },
            { key: 'lastChange', label: t('lastChange'), cell: (r) => when(r.status.lastChange) },
            {
              key: 'actions',
              label: c('actions'),
              cell: (r) => (
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
              ),
            },
          ]}
        />
        {rules.data && rules.data.rules.length === 0 && <p className="note">{t('noRules')}</p>}
      </section>

      <section aria-label={t('active')}>
        <h2>{t('active')}</h2>
        <DataTable<AlertInstance>
          rows={instances.data?.alerts ?? []}
          rowKey={(a) => `${a.ruleId}-${a.key}`}
          columns={[
            { key: 'rule', label: t('rule'), rowHeader: true, cell: (a) => a.ruleName },
            { key: 'instance', label: t('instance'), cell: (a) => labelText(a.labels) },
            {
              key: 'state',
              label: t('state'),
              cell: (a) => (
                <>
                  <StatusBadge status={a.state} />
                  {a.silenced && (
                    <>
                      {' '}
                      <span className="badge" title={t('silencedBy', { ids: a.silencedBy.map((id) => `#${id}`).join(', ') })}>
                        {t('silencedBadge')}
                      </span>
                    </>
                  )}
                </>
              ),
            },
            { key: 'value', label: t('value'), cell: (a) => fmt(a.value) },
            { key: 'since', label: t('since'), cell: (a) => when(a.since) },
            { key: 'lastNotified', label: t('lastNotified'), cell: (a) => (a.lastNotifiedAt ? when(a.lastNotifiedAt) : a.state === 'firing' || a.state === 'nodata' ? t('notYetSilenced') : '–') },
          ]}
        />
      </section>

      <section aria-label={t('history')}>
        <h2>{t('history')}</h2>
        <DataTable<Transition>
          rows={history.data?.transitions ?? []}
          rowKey={(tr) => tr.id}
          columns={[
            { key: 'when', label: t('when'), cell: (tr) => when(tr.at) },
            { key: 'rule', label: t('rule'), rowHeader: true, cell: (tr) => tr.ruleName },
            { key: 'instance', label: t('instance'), cell: (tr) => tr.key },
            {
              key: 'change',
              label: t('change'),
              cell: (tr) => (
                <>
                  {tr.from} → {tr.to}
                  {tr.silenced ? t('silencedMark') : ''}
                </>
              ),
            },
            { key: 'value', label: t('value'), cell: (tr) => fmt(tr.value) },
          ]}
        />
      </section>

      <SilencesPanel />
      <ContactPointsPanel />
    </>
  );
}
