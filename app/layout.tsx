// The console's frame: a skip link, navigation on the left (a top bar on narrow screens), the page
// on the right. Without a signed-in user (the sign-in page) or before the password is changed, only
// the page itself. The language and time zone come from next-intl's request config (lib/i18n), the
// colour scheme (<html data-theme>) from the same choices.
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { cookies, headers } from 'next/headers';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { Sidebar } from '@/components/layout/sidebar';
import { LanguageSwitch, ThemeSwitch } from '@/components/layout/preferences';
import { DemoBanner } from '@/components/demo/demo-banner';
import { SessionProvider } from '@/components/auth/session';
import { getRuntime } from '@/lib/runtime';
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
  const demo = getRuntime()?.demo;
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
          <SessionProvider user={user}>
            {user && !principal?.mustChangePassword ? (
              <div className="shell">
                <Sidebar />
                <main id="main" tabIndex={-1}>
                  {demo ? <DemoBanner scenario={demo.scenario} /> : null}
                  {children}
                </main>
              </div>
            ) : (
              <main id="main" className="auth-main" tabIndex={-1}>
                <div className="auth-language">
                  <LanguageSwitch />
                  <ThemeSwitch />
                </div>
                {children}
              </main>
            )}
          </SessionProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
