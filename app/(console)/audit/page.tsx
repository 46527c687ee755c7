// Audit: every change made from the console, the operator API or a background job, and by whom.
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { AuditList } from '@/components/audit/audit-list';

export const dynamic = 'force-dynamic';

export default async function AuditPage() {
  const t = await getTranslations('pages.audit');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede')}</p>
      <Suspense fallback={<p className="placeholder">{t('loading')}</p>}>
        <AuditList />
      </Suspense>
    </>
  );
}
