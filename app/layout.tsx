// The console's frame: navigation on the left, the page on the right.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Nav } from '@/components/layout/nav';
import { DemoBanner } from '@/components/demo/demo-banner';
import { getRuntime } from '@/lib/runtime';
import './globals.css';

export const metadata: Metadata = {
  title: 'Fulcrum',
  description: 'How evenly your PowerJob server cluster carries its apps',
};

// the demo banner depends on how this process was started, so nothing is prerendered at build time
export const dynamic = 'force-dynamic';

export default function RootLayout({ children }: { children: ReactNode }) {
  const demo = getRuntime()?.demo;
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <aside className="sidebar">
            <div className="brand">
              Fulcrum<small>PowerJob cluster balance</small>
            </div>
            <Nav />
          </aside>
          <main id="main">
            {demo ? <DemoBanner scenario={demo.scenario} /> : null}
            {children}
          </main>
        </div>
      </body>
    </html>
  );
}
