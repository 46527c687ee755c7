// For tests: one transition of one alert instance queued to every enabled contact point exactly as
// the evaluator queues it (store.evaluateAlertRule), without samples to evaluate.
import { ZERO_TIME, type NotifiedAlert } from '../domain/alert-notifications.ts';
import type { Store } from '../store/index.ts';

export async function queueTransition(store: Store, ruleId: number, key: string, labels: Record<string, string>, status: 'firing' | 'resolved', at: Date, since = at) {
  const alert: NotifiedAlert = {
    status,
    labels: { alertname: 'apps skew', severity: 'warning', ...labels },
    annotations: { description: `${labels.server ?? key} carries too much`, value: '0.8', threshold: '0.5' },
    startsAt: since.toISOString(),
    endsAt: status === 'firing' ? ZERO_TIME : at.toISOString(),
    generatorURL: 'http://fulcrum.test/alerts?rule=1',
  };
  const firing = status === 'firing';
  await store.evaluateAlertRule(
    ruleId,
    () => [
      {
        key,
        labels,
        next: { state: firing ? 'firing' : 'resolved', since: at.getTime(), activeAt: firing ? since.getTime() : null, lastBreachAt: firing ? at.getTime() : null, value: firing ? 0.8 : 0.2 },
        transition: { from: firing ? 'pending' : 'firing', to: firing ? 'firing' : 'resolved', value: firing ? 0.8 : 0.2, at: at.getTime(), silenced: false, notify: alert },
      },
    ],
    at,
  );
  return alert;
}
