'use client';
// "Confirm this server" on a server that only ingest batches named: until an operator confirms it,
// /v1/assignment does not deliver it and rollouts do not move apps to it. Operators only; asks first.
import { useRouter } from 'next/navigation';
import { ServerAction } from './server-action';

export function ConfirmServer({ address }: { address: string }) {
  const router = useRouter();
  return (
    <ServerAction
      label="Confirm this server"
      note="only ingest batches named it: it is not delivered to workers until confirmed"
      question={`Confirm ${address}? Workers will be given it in their server lists, and rollouts may move apps to it. Confirm only a server you know is one of your PowerJob servers.`}
      send={() => fetch(`/api/servers/${encodeURIComponent(address)}/confirm`, { method: 'POST' })}
      done={() => router.refresh()}
    />
  );
}
