// Apps: each PowerJob app and the server that owns it; paged, sorted and filtered on the server.
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { headers } from 'next/headers';
import { ConnectClusterHelp, EmptyState } from '@/components/ui/empty-state';
import { AppsList } from '@/components/lists/apps-list';
import { dataPlaneUrl, requireRuntime } from '@/lib/api/console';

export const dynamic = 'force-dynamic';

export default async function AppsPage() {
  const runtime = requireRuntime();
  const summary = await runtime.store.clusterSummary(runtime.now());
  const t = await getTranslations('pages.apps');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede')}</p>
      {summary.apps === 0 && !runtime.demo ? (
        <EmptyState title={t('empty')}>
          <ConnectClusterHelp dataPlaneUrl={dataPlaneUrl(runtime, (await headers()).get('host'))} />
        </EmptyState>
      ) : (
        <Suspense fallback={<p className="placeholder">{t('loading')}</p>}>
          <AppsList />
        </Suspense>
      )}
    </>
  );
}
