'use client';
// "Cordon this server" / "Uncordon": a cordoned server is no target of any rollout or plan and the
// delivered server lists put it last; the apps it owns stay. Operators only; asks first, and a
// refusal (the last live server) says why.
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { serverActions } from '@/lib/hooks/use-servers';
import { ServerAction } from './server-action';

export function CordonServer({ address, cordoned }: { address: string; cordoned: boolean }) {
  const router = useRouter();
  const t = useTranslations('serverActions');
  const action = cordoned ? 'uncordon' : 'cordon';
  return (
    <ServerAction
      label={t(action)}
      note={t(`${action}Note`)}
      title={t(`${action}Title`, { address })}
      question={t(`${action}Body`)}
      send={() => serverActions.cordon(address, action)}
      done={() => router.refresh()}
    />
  );
}
