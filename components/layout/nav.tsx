'use client';
// The console's navigation; marks the current page for screen readers and sighted users alike.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';

export const NAV_ITEMS = [
  { href: '/overview', key: 'overview' },
  { href: '/servers', key: 'servers' },
  { href: '/apps', key: 'apps' },
  { href: '/workers', key: 'workers' },
  { href: '/alerts', key: 'alerts' },
  { href: '/strategies', key: 'strategies' },
  { href: '/rollouts', key: 'rollouts' },
  { href: '/audit', key: 'audit' },
  { href: '/settings/sources', key: 'settings' },
] as const;

export function Nav() {
  const pathname = usePathname();
  const t = useTranslations('shell');
  return (
    <nav aria-label={t('mainNav')}>
      <ul className="nav">
        {NAV_ITEMS.map((item) => {
          const area = item.href === '/settings/sources' ? '/settings' : item.href;
          return (
            <li key={item.href}>
              <Link href={item.href} aria-current={pathname.startsWith(area) ? 'page' : undefined}>
                {t(`nav.${item.key}`)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
