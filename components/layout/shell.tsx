// The two frames a page sits in: the console's (navigation on the left, a top bar on narrow
// screens, the page on the right under the demo banner) and the signed-out one (the page alone,
// with the language and colour switches), used before sign-in and before a password is changed.
import type { ReactNode } from 'react';
import { Sidebar } from './sidebar';
import { LanguageSwitch, ThemeSwitch } from './preferences';
import { DemoBanner } from '@/components/demo/demo-banner';

export function ConsoleShell({ demoScenario, children }: { demoScenario: string | undefined; children: ReactNode }) {
  return (
    <div className="shell">
      <Sidebar />
      <main id="main" tabIndex={-1}>
        {demoScenario ? <DemoBanner scenario={demoScenario} /> : null}
        {children}
      </main>
    </div>
  );
}

export function SignedOutFrame({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="auth-main" tabIndex={-1}>
      <div className="auth-language">
        <LanguageSwitch />
        <ThemeSwitch />
      </div>
      {children}
    </main>
  );
}
