// The background jobs of one Fulcrum process: fold heartbeats, sample servers, roll up, retain,
// evaluate alert rules and deliver their notifications.
import type { Config } from '../config.ts';
import type { Store } from '../store/index.ts';
import { alertJobs } from './alerts.ts';
import type { Job } from './runner.ts';
import { DEFAULT_ATTEMPT_LIMITS } from '../domain/attempt-limit.ts';

export function storeJobs(store: Store, config: Config): Job[] {
  return [
    { name: 'fold-heartbeats', intervalMs: 5_000, run: (now) => store.foldHeartbeats(now) },
    {
      name: 'sample-servers',
      intervalMs: config.FULCRUM_SAMPLE_INTERVAL,
      run: (now) => store.sampleServers(now, config.FULCRUM_SAMPLE_INTERVAL),
    },
    { name: 'rollup', intervalMs: 60_000, run: (now) => store.rollup(now) },
    // the change bus's rows only serve replicas catching up after a lost notification
    { name: 'prune-changes', intervalMs: 60_000, run: (now) => store.pruneChanges(now, 3_600_000) },
    {
      name: 'expire-sessions',
      intervalMs: 10 * 60_000,
      run: async (now) => (await store.deleteExpiredSessions(now)) + (await store.pruneSignInAttempts(now, DEFAULT_ATTEMPT_LIMITS.windowMs)),
    },
    {
      name: 'retention',
      intervalMs: 10 * 60_000,
      run: (now) =>
        store.enforceRetention(now, {
          rawMs: config.FULCRUM_RETENTION_RAW,
          minuteMs: config.FULCRUM_RETENTION_1M,
          hourMs: config.FULCRUM_RETENTION_1H,
          heartbeatLogMs: config.FULCRUM_RETENTION_HEARTBEATS,
          batchIdsMs: config.FULCRUM_RETENTION_BATCH_IDS,
        }),
    },
    ...alertJobs(store, {
      evalIntervalMs: config.FULCRUM_ALERT_EVAL_INTERVAL,
      // the newest sample may be up to two sample intervals (and one evaluation) old before it is "no data"
      sampleWindowMs: 2 * config.FULCRUM_SAMPLE_INTERVAL + config.FULCRUM_ALERT_EVAL_INTERVAL,
      retryBaseMs: config.FULCRUM_ALERT_RETRY_BASE,
      retryCapMs: config.FULCRUM_ALERT_RETRY_CAP,
      retryForMs: config.FULCRUM_ALERT_RETRY_FOR,
      repeatMs: config.FULCRUM_ALERT_REPEAT,
      alertmanagerResendMs: config.FULCRUM_ALERT_RESEND,
      // as Prometheus: a firing alert sent to Alertmanager is valid for 4 × max(resend delay, evaluation interval)
      alertmanagerValidForMs: 4 * Math.max(config.FULCRUM_ALERT_RESEND, config.FULCRUM_ALERT_EVAL_INTERVAL),
      externalUrl: config.FULCRUM_PUBLIC_URL ?? `http://localhost:${config.PORT}`,
      historyMs: config.FULCRUM_RETENTION_1H,
    }),
  ];
}
