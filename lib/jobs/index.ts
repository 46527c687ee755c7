// The background jobs of one Fulcrum process: fold heartbeats, sample servers, roll up, retain.
import type { Config } from '../config.ts';
import type { Store } from '../store/index.ts';
import type { Job } from './runner.ts';

export function storeJobs(store: Store, config: Config): Job[] {
  return [
    { name: 'fold-heartbeats', intervalMs: 5_000, run: (now) => store.foldHeartbeats(now) },
    {
      name: 'sample-servers',
      intervalMs: config.FULCRUM_SAMPLE_INTERVAL,
      run: (now) => store.sampleServers(now, config.FULCRUM_SAMPLE_INTERVAL),
    },
    { name: 'rollup', intervalMs: 60_000, run: (now) => store.rollup(now) },
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
  ];
}
