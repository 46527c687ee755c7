// The servers table: health, data age and what each server carries.
import { useTranslations } from 'next-intl';
import { StatusBadge } from '@/components/ui/status-badge';
import { useFormat } from '@/components/ui/use-format';

export interface ServerRow {
  address: string;
  health: string;
  statusReason: string | null;
  dataAgeS: number;
  appsOwned: number;
  workersConnected: number;
  runningInstances: number;
  version: string | null;
  /** false: only ingest batches named it; not delivered to workers nor moved to until an operator confirms it */
  confirmed: boolean;
}

/** `totalApps`: the cluster's app count the share is of (the rows' sum when they are the whole cluster). */
export function ServersTable({ servers, caption, totalApps }: { servers: ServerRow[]; caption: string; totalApps?: number }) {
  const t = useTranslations('tables');
  const fmt = useFormat();
  const total = totalApps ?? servers.reduce((sum, s) => sum + s.appsOwned, 0);
  return (
    <div className="table-box">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('server')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col" className="num">{t('dataAge')}</th>
            <th scope="col" className="num">{t('appsOwned')}</th>
            <th scope="col" className="num">{t('shareOfApps')}</th>
            <th scope="col" className="num">{t('workersConnected')}</th>
            <th scope="col" className="num">{t('runningInstances')}</th>
            <th scope="col">{t('version')}</th>
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => (
            <tr key={s.address}>
              <th scope="row">
                <a href={`/servers/${encodeURIComponent(s.address)}`}>{s.address}</a>
              </th>
              <td className="wrap">
                <StatusBadge status={s.health} />
                {s.statusReason ? <span className="note"> {s.statusReason}</span> : null}
                {s.confirmed ? null : <span className="note"> {t('unconfirmed')}</span>}
              </td>
              <td className="num">{fmt.duration(s.dataAgeS)}</td>
              <td className="num">{s.appsOwned}</td>
              <td className="num">{total ? fmt.percent(s.appsOwned / total) : '–'}</td>
              <td className="num">{s.workersConnected}</td>
              <td className="num">{s.runningInstances}</td>
              <td>{s.version ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
