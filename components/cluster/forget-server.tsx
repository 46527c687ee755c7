'use client';
// "Forget this server" on a server that is down or stale: for a server that left for good, so it
// stops showing as down and its alerts resolve. Operators only; asks first.
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { serverActions } from '@/lib/hooks/use-servers';
import { ServerAction } from './server-action';

export function ForgetServer({ address, appsOwned }: { address: string; appsOwned: number }) {
  const router = useRouter();
  const t = useTranslations('serverActions');
  return (
    <ServerAction
      label={t('forget')}
      note={t('forgetNote')}
      title={t('forgetTitle', { address })}
      question={`${t('forgetBody')}${appsOwned > 0 ? ` ${t('forgetBound', { count: appsOwned })}` : ''}`}
      danger
      send={() => serverActions.forget(address)}
      done={() => {
        router.push('/servers');
        router.refresh();
      }}
    />
  );
}
