// The console's pages in the console's frame. The gate (lib/auth/gate.ts) lets only a signed-in
// user who need not change the password reach them; anyone else is sent to sign in first.
import type { ReactNode } from 'react';
import { ConsoleShell } from '@/components/layout/shell';
import { getRuntime } from '@/lib/runtime';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return <ConsoleShell demoScenario={getRuntime()?.demo?.scenario}>{children}</ConsoleShell>;
}
