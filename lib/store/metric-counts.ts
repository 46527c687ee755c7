// Counts /metrics shows that no other query answers: app moves by purpose and status, alert
// instances by state, firing instances by rule.
import type { SqlClient } from './db.ts';

export interface MetricCounts {
  moves: { purpose: string; status: string; n: number }[];
  alertStates: { state: string; n: number }[];
  firingByRule: { rule: string; severity: string; n: number }[];
}

export async function metricCounts(client: SqlClient): Promise<MetricCounts> {
  const [moves, states, firing] = await Promise.all([
    client.query<{ purpose: string; status: string; n: string }>('select purpose, status, count(*) as n from rollout_moves group by purpose, status'),
    client.query<{ state: string; n: string }>('select state, count(*) as n from alert_instances group by state'),
    client.query<{ name: string; severity: string | null; n: string }>(
      `select r.name, r.body->>'severity' as severity, count(*) as n from alert_instances i join alert_rules r on r.id = i.rule_id
       where i.state in ('firing', 'nodata') group by r.name, r.body->>'severity'`,
    ),
  ]);
  return {
    moves: moves.map((r) => ({ purpose: r.purpose, status: r.status, n: Number(r.n) })),
    alertStates: states.map((r) => ({ state: r.state, n: Number(r.n) })),
    firingByRule: firing.map((r) => ({ rule: r.name, severity: r.severity ?? 'none', n: Number(r.n) })),
  };
}
