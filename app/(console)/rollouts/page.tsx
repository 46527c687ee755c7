// Rollouts: every rollout with its state, and the way to a new one.
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { IfCan } from '@/components/auth/session';
import { RolloutsList } from '@/components/rollouts/rollouts-list';
import { FollowRatePanel } from '@/components/rollouts/follow-rate-panel';
import { FreezePanel } from '@/components/maintenance/freeze-panel';
import { SteeringPanel } from '@/components/maintenance/steering-panel';
import { MoveWindowsEditor } from '@/components/maintenance/move-windows-editor';

export const dynamic = 'force-dynamic';

export default async function RolloutsPage() {
  const t = await getTranslations('pages.rollouts');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede')}</p>
      <FreezePanel />
      <SteeringPanel />
      <IfCan role="operator">
        <p>
          <Link href="/rollouts/new" className="button-link">
            {t('new')}
          </Link>
        </p>
      </IfCan>
      <RolloutsList />
      <FollowRatePanel />
      <MoveWindowsEditor />
    </>
  );
}
