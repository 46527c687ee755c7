// The document every page shares: language and time zone from next-intl's request config (lib/i18n),
// the colour scheme (<html data-theme>) from the same choices, the skip link and who is signed in.
// The frame around the page is the segment's: (console)/layout.tsx, (auth)/layout.tsx.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { cookies, headers } from 'next/headers';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { SessionProvider } from '@/components/auth/session';
import { principalOf } from '@/lib/api/principal';
import { requestPreferences } from '@/lib/i18n/server';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('shell');
  return { title: t('title'), description: t('description') };
}

// the demo banner depends on how this process was started, so nothing is prerendered at build time
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  const requestHeaders = await headers();
  const principal = principalOf(requestHeaders);
  const { theme } = requestPreferences(requestHeaders, await cookies());
  const user = principal ? { name: principal.name, role: principal.role } : null;
  const locale = await getLocale();
  const t = await getTranslations('shell');
  return (
    <html lang={locale} data-theme={theme}>
      <body>
        <NextIntlClientProvider>
          <a className="skip-link" href="#main">
            {t('skip')}
          </a>
          <SessionProvider user={user}>{children}</SessionProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
