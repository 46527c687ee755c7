'use client';
// The sidebar: brand, navigation and the user menu. Below 900 px it folds into a top bar whose
// Menu button opens the navigation (and any link followed closes it again).
import { useEffect, useState } from 'react';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Nav } from './nav';
import { UserMenu } from '@/components/auth/user-menu';

export function Sidebar() {
  const t = useTranslations('shell');
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  return (
    <aside className="sidebar" data-open={open ? 'true' : 'false'}>
      <div className="sidebar-top">
        <div className="brand">
          Fulcrum<small>{t('tagline')}</small>
        </div>
        <button type="button" className="menu-button" aria-expanded={open} aria-controls="sidebar-panel" onClick={() => setOpen((o) => !o)}>
          {t('menu')}
        </button>
      </div>
      <div id="sidebar-panel" className="sidebar-panel">
        <Nav />
        <UserMenu />
      </div>
    </aside>
  );
}
