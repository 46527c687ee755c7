// Settings → Tokens (admin only): API tokens for scripts, dashboards and agents.
import { getTranslations } from 'next-intl/server';
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { TokensEditor } from '@/components/settings/tokens-editor';

export const dynamic = 'force-dynamic';

export default async function TokensPage() {
  const t = await getTranslations('pages.settings');
  return (
    <>
      <SettingsTabs current="/settings/tokens" />
      <h1>{t('tokens')}</h1>
      <p className="lede">{t('tokensLede')}</p>
      <TokensEditor />
    </>
  );
}
