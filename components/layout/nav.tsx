'use client';
// The console's navigation; marks the current page for screen readers and sighted users alike.
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export const NAV_ITEMS = [
  { href: '/overview', label: 'Overview' },
  { href: '/servers', label: 'Servers' },
  { href: '/apps', label: 'Apps' },
  { href: '/workers', label: 'Workers' },
  { href: '/alerts', label: 'Alerts' },
  { href: '/strategies', label: 'Strategies' },
  { href: '/rollouts', label: 'Rollouts' },
  { href: '/audit', label: 'Audit' },
  { href: '/settings/sources', label: 'Settings' },
] as const;

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="nav">
        {NAV_ITEMS.map((item) => (
          <li key={item.href}>
            <Link href={item.href} aria-current={pathname.startsWith(item.href) ? 'page' : undefined}>
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
