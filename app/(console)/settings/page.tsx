// /settings opens on its first tab, Sources.
import { redirect } from 'next/navigation';

export default function SettingsPage() {
  redirect('/settings/sources');
}
