// Settings → Tokens (admin only): API tokens for scripts, dashboards and agents.
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { TokensEditor } from '@/components/settings/tokens-editor';

export const dynamic = 'force-dynamic';

export default function TokensPage() {
  return (
    <>
      <SettingsTabs current="/settings/tokens" />
      <h1>Tokens</h1>
      <p className="lede">Tokens let programs use the operator API or the data plane with a role of their own, until they expire or are revoked.</p>
      <TokensEditor />
    </>
  );
}
