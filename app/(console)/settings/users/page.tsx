// Settings → Users (admin only; the gate refuses everyone else).
import { SettingsTabs } from '@/components/settings/settings-tabs';
import { UsersEditor } from '@/components/settings/users-editor';

export const dynamic = 'force-dynamic';

export default function UsersPage() {
  return (
    <>
      <SettingsTabs current="/settings/users" />
      <h1>Users</h1>
      <p className="lede">
        Viewers read everything; operators also edit alert rules and silences and run rollouts; admins also manage users,
        tokens, sources and settings.
      </p>
      <UsersEditor />
    </>
  );
}
