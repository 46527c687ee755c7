// Settings → Sources: where the collector gets its data.
import { SourcesEditor } from '@/components/settings/sources-editor';
import { SettingsTabs } from '@/components/settings/settings-tabs';

export const dynamic = 'force-dynamic';

export default function SourcesPage() {
  return (
    <>
      <SettingsTabs current="/settings/sources" />
      <h1>Sources</h1>
      <p className="lede">
        The PowerJob servers Fulcrum polls every collection interval with GET /server/hello?debug=true (read-only: it
        never calls /server/acquire). Agents can also push statistics to the data plane directly.
      </p>
      <SourcesEditor />
    </>
  );
}
