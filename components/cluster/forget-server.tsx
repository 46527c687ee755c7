'use client';
// "Forget this server" on a server that is down or stale: for a server that left for good, so it
// stops showing as down and its alerts resolve. Operators only; asks first.
import { useRouter } from 'next/navigation';
import { ServerAction } from './server-action';

export function ForgetServer({ address, appsOwned }: { address: string; appsOwned: number }) {
  const router = useRouter();
  const bound = appsOwned > 0 ? ` PowerJob still binds ${appsOwned} app(s) to it; they will show as unowned.` : '';
  return (
    <ServerAction
      label="Forget this server"
      note="for a server that has left for good"
      question={`Forget ${address}? It disappears from every page and its alerts resolve; its history stays.${bound} If it reports again, it comes back.`}
      send={() => fetch(`/api/servers/${encodeURIComponent(address)}`, { method: 'DELETE' })}
      done={() => {
        router.push('/servers');
        router.refresh();
      }}
    />
  );
}
