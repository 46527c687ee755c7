// The console's frame: navigation on the left, the page on the right. Without a signed-in user
// (the sign-in page) or before the password is changed, only the page itself.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { Nav } from '@/components/layout/nav';
import { DemoBanner } from '@/components/demo/demo-banner';
import { SessionProvider } from '@/components/auth/session';
import { UserMenu } from '@/components/auth/user-menu';
import { getRuntime } from '@/lib/runtime';
import { principalOf } from '@/lib/api/principal';
import './globals.css';

export const metadata: Metadata = {
  title: 'Fulcrum',
  description: 'How evenly your PowerJob server cluster carries its apps',
};

// the demo banner depends on how this process was started, so nothing is prerendered at build time
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const demo = getRuntime()?.demo;
  const principal = principalOf(await headers());
  const user = principal ? { name: principal.name, role: principal.role } : null;
  return (
    <html lang="en">
      <body>
        <SessionProvider user={user}>
          {user && !principal?.mustChangePassword ? (
            <div className="shell">
              <aside className="sidebar">
                <div className="brand">
                  Fulcrum<small>PowerJob cluster balance</small>
                </div>
                <Nav />
                <UserMenu />
              </aside>
              <main id="main">
                {demo ? <DemoBanner scenario={demo.scenario} /> : null}
                {children}
              </main>
            </div>
          ) : (
            <main id="main" className="auth-main">
              {children}
            </main>
          )}
        </SessionProvider>
      </body>
    </html>
  );
}
