// The apps table: each app, the server that owns it, and its workers.
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/components/ui/use-format';

export interface AppRow {
  appId: number;
  appName: string | null;
  serverAddress: string | null;
  boundSince: string | null;
  workersLive: number;
  workersTotal: number;
  runningInstances: number | null;
  claimedBy: string[];
}

type Header = (label: string, column: string, numeric?: boolean) => ReactNode;

const plain: Header = (label, column, numeric) => (
  <th key={column} scope="col" className={numeric ? 'num' : undefined}>
    {label}
  </th>
);

/** `header` renders the sortable column headers (plain ones by default). */
export function AppsTable({ apps, caption, header = plain }: { apps: AppRow[]; caption?: string; header?: Header }) {
  const t = useTranslations('tables');
  const fmt = useFormat();
  return (
    <div className="table-box">
      <table>
        <caption>{caption ?? t('appsCaption', { count: apps.length })}</caption>
        <thead>
          <tr>
            {header(t('app'), 'name')}
            {header(t('appId'), 'appId', true)}
            {header(t('ownerServer'), 'server')}
            <th scope="col">{t('claimedBy')}</th>
            {header(t('boundSince'), 'since')}
            {header(t('liveWorkers'), 'workers', true)}
            {header(t('runningInstances'), 'running', true)}
          </tr>
        </thead>
        <tbody>
          {apps.map((a) => (
            <tr key={a.appId}>
              <th scope="row">{a.appName ?? t('appFallback', { id: a.appId })}</th>
              <td className="num">{a.appId}</td>
              <td>{a.serverAddress ?? t('noOwner')}</td>
              <td>{a.claimedBy.length > 1 ? <span className="error">{t('split', { servers: a.claimedBy.join(', ') })}</span> : (a.claimedBy[0] ?? '–')}</td>
              <td>{fmt.when(a.boundSince, '–')}</td>
              <td className="num">
                {a.workersLive} / {a.workersTotal}
              </td>
              <td className="num">{a.runningInstances ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
