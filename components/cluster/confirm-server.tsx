'use client';
// "Confirm this server" on a server that only ingest batches named: until an operator confirms it,
// /v1/assignment does not deliver it and rollouts do not move apps to it. Operators only; asks first.
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { serverActions } from '@/lib/hooks/use-servers';
import { ServerAction } from './server-action';

export function ConfirmServer({ address }: { address: string }) {
  const router = useRouter();
  const t = useTranslations('serverActions');
  return (
    <ServerAction
      label={t('confirm')}
      note={t('confirmNote')}
      title={t('confirmTitle', { address })}
      question={t('confirmBody')}
      send={() => serverActions.confirm(address)}
      done={() => router.refresh()}
    />
  );
}
