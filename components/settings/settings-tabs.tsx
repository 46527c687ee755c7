'use client';
// The Settings pages' own links; Users and Tokens only for an admin.
import { useTranslations } from 'next-intl';
import { useCan } from '@/components/auth/session';

const TABS = [
  { href: '/settings/sources', key: 'sources', admin: false },
  { href: '/settings/measures', key: 'measures', admin: false },
  { href: '/settings/users', key: 'users', admin: true },
  { href: '/settings/tokens', key: 'tokens', admin: true },
] as const;

export function SettingsTabs({ current }: { current: (typeof TABS)[number]['href'] }) {
  const t = useTranslations('settings');
  const admin = useCan('admin');
  const tabs = TABS.filter((t) => admin || !t.admin);
  return (
    <nav aria-label={t('tabsLabel')} className="tabs">
      {tabs.map((tab, i) => (
        <span key={tab.href}>
          {i > 0 ? ' · ' : null}
          {tab.href === current ? <strong aria-current="page">{t(`tabs.${tab.key}`)}</strong> : <a href={tab.href}>{t(`tabs.${tab.key}`)}</a>}
        </span>
      ))}
    </nav>
  );
}
