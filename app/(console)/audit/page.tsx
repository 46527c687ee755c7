// Audit: not built yet, and the page says so.
import { EmptyState } from '@/components/ui/empty-state';

export default function AuditPage() {
  return (
    <>
      <h1>Audit</h1>
      <EmptyState title="Nothing here yet">
        <p>Nothing can be changed from the console yet, so there is nothing to audit. Every change will be listed here once operators can edit thresholds and start rollouts.</p>
      </EmptyState>
    </>
  );
}
