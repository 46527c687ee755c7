// New rollout: the creation form with the strategy preview.
import { getTranslations } from 'next-intl/server';
import { catalogue } from '@/lib/api/strategies';
import { RolloutForm } from '@/components/rollouts/rollout-form';

export const dynamic = 'force-dynamic';

export default async function NewRolloutPage() {
  const t = await getTranslations('pages.rollouts');
  return (
    <>
      <h1>{t('new')}</h1>
      <p className="lede">{t('newLede')}</p>
      <RolloutForm kinds={catalogue().map((s) => s.kind)} />
    </>
  );
}
