// The console's frame: navigation on the left, the page on the right.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Nav } from '@/components/layout/nav';
import './globals.css';

export const metadata: Metadata = {
  title: 'Fulcrum',
  description: 'How evenly your PowerJob server cluster carries its apps',
};

export default function RootLayout({ children }: { children: ReactNode }) {
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
          <main id="main">{children}</main>
        </div>
      </body>
    </html>
  );
}
