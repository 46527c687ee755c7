// Alerts: rules with their state, the threshold editor, active alerts, history, silences and contact points.
import { getTranslations } from 'next-intl/server';
import { AlertsDashboard } from '@/components/alerts/alerts-dashboard';

export const dynamic = 'force-dynamic';

export default async function AlertsPage() {
  const t = await getTranslations('pages.alerts');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede')}</p>
      <AlertsDashboard />
    </>
  );
}
