// What a page shows when it has nothing to show: say so, and say what to do next.
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';


export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="empty" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** The shared "connect a cluster" instructions, for every page whose data comes from ingestion. */
export function ConnectClusterHelp({ dataPlaneUrl }: { dataPlaneUrl: string }) {
  const t = useTranslations('empty');
  return (
    <>
      <p>{t('intro')}</p>
      <pre>{`curl -X POST ${dataPlaneUrl}/v1/ingest \\
  -H "Authorization: Bearer $FULCRUM_INGEST_TOKEN" \\
  -H "Content-Type: application/json" \\
  --data @docs/ingest.example.json`}</pre>
      <p className="note">{t('note')}</p>
    </>
  );
}
