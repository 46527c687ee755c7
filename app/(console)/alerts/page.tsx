// Alerts: rules with their state, the threshold editor, active alerts, history, silences and contact points.
import { AlertsDashboard } from '@/components/alerts/alerts-dashboard';

export const dynamic = 'force-dynamic';

export default function AlertsPage() {
  return (
    <>
      <h1>Alerts</h1>
      <p className="lede">Thresholds on the imbalance and on each server, evaluated every few seconds on the stored series, without flapping.</p>
      <AlertsDashboard />
    </>
  );
}
