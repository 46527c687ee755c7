'use client';
// Re-renders a server-rendered page every few seconds (router.refresh keeps client state), so the
// Servers pages stay as live as the Overview, which refreshes through SWR every 5 s.
import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

export function AutoRefresh({ everyMs = 5000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
