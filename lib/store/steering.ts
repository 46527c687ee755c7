// Failover steering's setting in the store (the settings row `maintenance.steering`, shared by
// every replica), written together with its audit entry; its moves are rows of rollout_moves
// under steering ids (`st-<server>`, lib/domain/steering.ts), read through listMoves.
import type { SqlClient, SqlRunner } from './db.ts';
import { recordAudit } from './audit.ts';
import { getSetting, putSetting } from './settings.ts';
import { MAINTENANCE_LOCK } from './maintenance.ts';
import { STEERING_OFF, steeringState, type SteeringState } from '../domain/steering.ts';

const STEERING_KEY = 'maintenance.steering';

/** The setting now; off (with the default confirmation) when it was never set or what is stored does not parse. */
export async function getSteering(sql: SqlRunner): Promise<SteeringState> {
  const parsed = steeringState.safeParse(await getSetting(sql, STEERING_KEY));
  return parsed.success ? parsed.data : STEERING_OFF;
}

/** Writes the setting and audits it (`maintenance.steering.enable` / `.disable`) in one transaction; the state before and after. */
export async function setSteering(client: SqlClient, next: SteeringState, now: Date): Promise<{ before: SteeringState; after: SteeringState }> {
  return client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MAINTENANCE_LOCK]);
    const before = await getSteering(tx);
    await putSetting(tx, STEERING_KEY, next, now);
    await recordAudit(tx, {
      actor: next.by ?? 'unknown',
      action: next.enabled ? 'maintenance.steering.enable' : 'maintenance.steering.disable',
      target: 'maintenance:steering',
      before,
      after: next,
      ...(next.reason ? { detail: next.reason } : {}),
      at: now,
    });
    return { before, after: next };
  });
}
