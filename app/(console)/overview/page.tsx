// Overview: is the cluster balanced, which server is overloaded, which apps put it there.
import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import { ConnectClusterHelp, EmptyState } from '@/components/ui/empty-state';
import { OverviewDashboard } from '@/components/overview/overview-dashboard';
import { FiringAlerts } from '@/components/alerts/firing-alerts';
import { dataPlaneUrl, requireRuntime } from '@/lib/api/console';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const runtime = requireRuntime();
  const summary = await runtime.store.clusterSummary(runtime.now());
  const t = await getTranslations('pages.overview');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede')}</p>
      <FiringAlerts />
      {summary.servers === 0 && !runtime.demo ? (
        <EmptyState title={t('empty')}>
          <ConnectClusterHelp dataPlaneUrl={dataPlaneUrl(runtime, (await headers()).get('host'))} />
        </EmptyState>
      ) : (
        <OverviewDashboard initialMeasure="apps" />
      )}
    </>
  );
}
