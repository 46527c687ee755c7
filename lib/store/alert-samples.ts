// The stored per-server samples as the alert evaluator and the backtest read them: the newest
// moment, or every moment of a range.
import type { SamplesAt, ServerSample } from '../domain/alert-series.ts';
import type { SqlClient } from './db.ts';
import { num, type Timestamp } from './rows.ts';

/** A row of server_samples as SAMPLE_COLUMNS selects it. */
interface SampleRow {
  server_address: string;
  ts: Timestamp;
  status: ServerSample['status'];
  apps_owned: number;
  workers_connected: number;
  running_instances: number;
  capacity: number | string;
  data_age_s: number | null;
}

function sampleRow(r: SampleRow): ServerSample {
  return {
    server: r.server_address,
    status: r.status,
    appsOwned: Number(r.apps_owned),
    workersConnected: Number(r.workers_connected),
    runningInstances: Number(r.running_instances),
    capacity: Number(r.capacity),
    dataAgeS: num(r.data_age_s),
  };
}

const SAMPLE_COLUMNS = `server_address, ts, status, apps_owned, workers_connected, running_instances,
  coalesce(avg_score, 0) * workers_connected as capacity, data_age_s`;

/** The newest moment of the raw per-server series within `windowMs` before `now`, or null. */
export async function latestSamples(client: SqlClient, now: Date, windowMs: number): Promise<SamplesAt | null> {
  const rows = await client.query<SampleRow>(
    `select ${SAMPLE_COLUMNS} from server_samples
     where ts = (select max(ts) from server_samples where ts > $1 and ts <= $2)`,
    [new Date(now.getTime() - windowMs), now],
  );
  if (!rows.length) return null;
  return { t: new Date(rows[0]!.ts).getTime(), samples: rows.map(sampleRow) };
}

/** One moment of sampleMoments: the servers' columns as arrays, in server order. */
interface MomentRow {
  t: number;
  server: string[];
  status: ServerSample['status'][];
  apps: number[];
  workers: number[];
  running: number[];
  capacity: number[];
  age: (number | null)[];
}

/**
 * Every moment of the raw per-server series in [from, to], in time order. One row per moment with
 * the servers' columns as arrays: on PGlite, 24 h of 50 servers reads in about a tenth of the time
 * one row per sample takes (bench/alerts.ts).
 */
export async function sampleMoments(client: SqlClient, from: Date, to: Date): Promise<SamplesAt[]> {
  const by = 'order by server_address';
  const rows = await client.query<MomentRow>(
    `select (extract(epoch from ts) * 1000)::float8 as t, array_agg(server_address ${by}) as server, array_agg(status ${by}) as status,
            array_agg(apps_owned ${by}) as apps, array_agg(workers_connected ${by}) as workers, array_agg(running_instances ${by}) as running,
            array_agg((coalesce(avg_score, 0) * workers_connected)::float8 ${by}) as capacity, array_agg(data_age_s::float8 ${by}) as age
     from server_samples where ts >= $1 and ts <= $2 group by ts order by ts`,
    [from, to],
  );
  return rows.map((r) => ({
    t: Number(r.t),
    samples: r.server.map((address, i) => ({
      server: address,
      status: r.status[i]!,
      appsOwned: Number(r.apps[i]),
      workersConnected: Number(r.workers[i]),
      runningInstances: Number(r.running[i]),
      capacity: Number(r.capacity[i]),
      dataAgeS: num(r.age[i]),
    })),
  }));
}
