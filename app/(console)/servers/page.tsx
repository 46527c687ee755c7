// Servers: every PowerJob server Fulcrum has heard of, with its health and load.
import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import { ConnectClusterHelp, EmptyState } from '@/components/ui/empty-state';
import { ServersTable } from '@/components/cluster/servers-table';
import { dataPlaneUrl, requireRuntime } from '@/lib/api/console';
import { DemoControls } from '@/components/demo/demo-controls';
import { IfCan } from '@/components/auth/session';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { RollingRestartPanel } from '@/components/maintenance/rolling-restart-panel';

export const dynamic = 'force-dynamic';

export default async function ServersPage() {
  const runtime = requireRuntime();
  const servers = await runtime.store.listServers(runtime.now());
  const t = await getTranslations('pages.servers');
  return (
    <>
      <AutoRefresh />
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede', { seconds: runtime.config.FULCRUM_STALE_AFTER / 1000 })}</p>
      {servers.length === 0 ? (
        <EmptyState title={t('empty')}>
          <ConnectClusterHelp dataPlaneUrl={dataPlaneUrl(runtime, (await headers()).get('host'))} />
        </EmptyState>
      ) : (
        <>
          <ServersTable servers={servers.map((s) => ({ ...s, confirmed: s.confirmedBy !== null }))} caption={t('caption', { count: servers.length })} />
          <RollingRestartPanel servers={servers.filter((s) => s.confirmedBy !== null).map((s) => s.address)} />
        </>
      )}
      {runtime.demo ? (
        <IfCan role="operator">
          <DemoControls />
        </IfCan>
      ) : null}
    </>
  );
}
