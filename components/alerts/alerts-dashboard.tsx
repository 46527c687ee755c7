'use client';
// The Alerts page: rules with state, value and last change; the editor; active alerts; history;
// silences (including recurring windows); webhook contact points with a test button.
import { IfCan } from '@/components/auth/session';
import { useState } from 'react';
import { StatusBadge } from '@/components/ui/status-badge';
import { RuleEditor } from './rule-editor';
import { SilencesPanel } from './silences-panel';
import { ContactPointsPanel } from './contact-points-panel';
import { sendJson, useAlertHistory, useAlertInstances, useAlertRules, type RuleView } from '@/lib/hooks/use-alerts';

const fmt = (v: number | null) => (v === null ? 'no data' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3));
const when = (iso: string | null) => (iso ? iso.slice(0, 19).replace('T', ' ') + ' UTC' : '—');
const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'cluster';

export function AlertsDashboard() {
  const rules = useAlertRules();
  const instances = useAlertInstances();
  const history = useAlertHistory();
  const [editing, setEditing] = useState<RuleView | 'new' | null>(null);

  const refresh = () => Promise.all([rules.mutate(), instances.mutate(), history.mutate()]);

  return (
    <>
      <section aria-label="Rules">
        <div className="toolbar">
          <h2>Rules</h2>
          {!editing && (
            <IfCan role="operator"><button type="button" onClick={() => setEditing('new')}>
              New rule
            </button></IfCan>
          )}
        </div>
        {editing && (
          <RuleEditor
            key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`}
            rule={editing === 'new' ? null : editing}
            onDone={() => {
              setEditing(null);
              void refresh();
            }}
          />
        )}
        <table>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Watches</th>
              <th scope="col">Condition</th>
              <th scope="col">State</th>
              <th scope="col">Value</th>
              <th scope="col">Last change</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(rules.data?.rules ?? []).map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name}</th>
                <td>
                  {r.series.metric} · {r.series.measure}
                  {r.scope.filter ? ` · ${r.scope.filter}` : ''}
                </td>
                <td>
                  {r.comparator} {r.threshold}
                  {r.recovery !== undefined ? `, recovers past ${r.recovery}` : ''}, for {r.forSeconds}s
                  {r.keepFiringForSeconds ? `, keeps firing ${r.keepFiringForSeconds}s` : ''} · {r.severity}
                </td>
                <td>
                  <StatusBadge status={r.status.state} />
                  {r.status.instances > 1 ? ` ${r.status.firing} of ${r.status.instances} firing` : ''}
                </td>
                <td>{fmt(r.status.value)}</td>
                <td>{when(r.status.lastChange)}</td>
                <td>
                  <IfCan role="operator">
                  <button type="button" aria-label={`Edit ${r.name}`} onClick={() => setEditing(r)}>
                    Edit
                  </button>{' '}
                  <button
                    type="button"
                    aria-label={`Delete ${r.name}`}
                    onClick={async () => {
                      if (!window.confirm(`Delete the rule "${r.name}"? Its history stays.`)) return;
                      await sendJson('DELETE', `/api/alert-rules/${r.id}`);
                      void refresh();
                    }}
                  >
                    Delete
                  </button>
                  </IfCan>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rules.data && rules.data.rules.length === 0 && <p className="note">No rules yet. A rule watches one series and fires when it crosses a threshold for long enough.</p>}
      </section>

      <section aria-label="Active alerts">
        <h2>Active alerts</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Instance</th>
              <th scope="col">State</th>
              <th scope="col">Value</th>
              <th scope="col">Since</th>
              <th scope="col">Last notified</th>
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
                      <span className="badge" title={`covered by silence ${a.silencedBy.map((id) => `#${id}`).join(', ')}`}>
                        silenced
                      </span>
                    </>
                  )}
                </td>
                <td>{fmt(a.value)}</td>
                <td>{when(a.since)}</td>
                <td>{a.lastNotifiedAt ? when(a.lastNotifiedAt) : a.state === 'firing' || a.state === 'nodata' ? 'not yet (silenced)' : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-label="History">
        <h2>History</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Rule</th>
              <th scope="col">Instance</th>
              <th scope="col">Change</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {(history.data?.transitions ?? []).map((t) => (
              <tr key={t.id}>
                <td>{when(t.at)}</td>
                <th scope="row">{t.ruleName}</th>
                <td>{t.key}</td>
                <td>
                  {t.from} → {t.to}
                  {t.silenced ? ' (silenced)' : ''}
                </td>
                <td>{fmt(t.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <SilencesPanel />
      <ContactPointsPanel />
    </>
  );
}
