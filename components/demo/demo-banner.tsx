// Says, on every page, that the data comes from an emulated cluster, and how to connect a real one.
import { useTranslations } from 'next-intl';

export function DemoBanner({ scenario }: { scenario: string }) {
  const t = useTranslations('demo');
  return (
    <div className="demo-banner" role="note" aria-label={t('bannerLabel')}>
      {t.rich('banner', { scenario, strong: (c) => <strong>{c}</strong>, em: (c) => <em>{c}</em>, code: (c) => <code>{c}</code> })}
    </div>
  );
}
