'use client';
// The Settings pages' own links; Users and Tokens only for an admin.
import { useCan } from '@/components/auth/session';

const TABS = [
  { href: '/settings/sources', label: 'Sources', admin: false },
  { href: '/settings/measures', label: 'Load measures', admin: false },
  { href: '/settings/users', label: 'Users', admin: true },
  { href: '/settings/tokens', label: 'Tokens', admin: true },
] as const;

export function SettingsTabs({ current }: { current: (typeof TABS)[number]['href'] }) {
  const admin = useCan('admin');
  const tabs = TABS.filter((t) => admin || !t.admin);
  return (
    <p>
      {tabs.map((t, i) => (
        <span key={t.href}>
          {i > 0 ? ' · ' : null}
          {t.href === current ? <strong>{t.label}</strong> : <a href={t.href}>{t.label}</a>}
        </span>
      ))}
    </p>
  );
}
