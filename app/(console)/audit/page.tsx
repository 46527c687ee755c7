// Audit: every change made from the console, the operator API or a background job, and by whom.
import { Suspense } from 'react';
import { AuditList } from '@/components/audit/audit-list';

export const dynamic = 'force-dynamic';

export default function AuditPage() {
  return (
    <>
      <h1>Audit</h1>
      <p className="lede">Every change, who or what made it, and the state before and after. Entries are only ever added.</p>
      <Suspense fallback={<p className="placeholder">Loading the audit log…</p>}>
        <AuditList />
      </Suspense>
    </>
  );
}
