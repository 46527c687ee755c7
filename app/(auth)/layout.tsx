// Signing in and changing the password: the page alone before sign-in or while the password must
// be changed; in the console's frame for a user who is signed in already.
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { ConsoleShell, SignedOutFrame } from '@/components/layout/shell';
import { principalOf } from '@/lib/api/principal';
import { getRuntime } from '@/lib/runtime';

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const principal = principalOf(await headers());
  if (principal && !principal.mustChangePassword) return <ConsoleShell demoScenario={getRuntime()?.demo?.scenario}>{children}</ConsoleShell>;
  return <SignedOutFrame>{children}</SignedOutFrame>;
}
