// Settings → Sources: where the collector gets its data.
import { getTranslations } from 'next-intl/server';
import { SourcesEditor } from '@/components/settings/sources-editor';
import { SettingsTabs } from '@/components/settings/settings-tabs';

export const dynamic = 'force-dynamic';

export default async function SourcesPage() {
  const t = await getTranslations('pages.settings');
  return (
    <>
      <SettingsTabs current="/settings/sources" />
      <h1>{t('sources')}</h1>
      <p className="lede">{t('sourcesLede')}</p>
      <SourcesEditor />
    </>
  );
}
