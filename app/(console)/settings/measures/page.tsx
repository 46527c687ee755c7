// Settings → Load measures: what "load" means for the weighted mix.
import { getTranslations } from 'next-intl/server';
import { MixWeightsEditor } from '@/components/settings/mix-weights-editor';
import { SettingsTabs } from '@/components/settings/settings-tabs';

export default async function MeasuresPage() {
  const t = await getTranslations('pages.settings');
  return (
    <>
      <SettingsTabs current="/settings/measures" />
      <h1>{t('measures')}</h1>
      <p className="lede">{t('measuresLede')}</p>
      <MixWeightsEditor />
    </>
  );
}
