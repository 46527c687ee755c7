// Alerts: not built yet, and the page says so.
import { EmptyState } from '@/components/ui/empty-state';

export default function AlertsPage() {
  return (
    <>
      <h1>Alerts</h1>
      <EmptyState title="Nothing here yet">
        <p>Alert rules on the imbalance and on each server, with notifications and silences, are not built yet. Nothing is being evaluated and no notification will be sent.</p>
      </EmptyState>
    </>
  );
}
